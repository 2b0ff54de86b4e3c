#!/usr/bin/env bash
# `flowgate profile set balanced` and `flowgate status` on the example config:
# median wall time and the number of programs each starts.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
# shellcheck source=bench/lib.bash
. "$here/lib.bash"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/config" "$work/.router/secrets"
cp "$root/config/examples/flowgate.yaml" "$root/config/examples/cliproxyapi.yaml" "$work/config/"
printf 'sk-bench\n' >"$work/.router/secrets/upstream_cliproxyapi_api_key"
chmod 600 "$work/.router/secrets/upstream_cliproxyapi_api_key"
cd "$work"
"$root/bin/flowgate" profile set balanced >/dev/null

for cmd in "profile set balanced" "status"; do
	# shellcheck disable=SC2086
	ms=$(median_ms 31 "$root/bin/flowgate" $cmd)
	# shellcheck disable=SC2086
	n=$(execs "$root/bin/flowgate" $cmd)
	key=$(printf '%s' "$cmd" | tr ' ' '_')
	echo "flowgate_${key}_median_ms=$ms processes=$n"
done
