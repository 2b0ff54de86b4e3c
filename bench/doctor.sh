#!/usr/bin/env bash
# `flowgate doctor` on a bootstrapped example project with nothing running
# (the stand-in release of test/stand-ins.sh): median wall time, target at
# most 50x the exec floor (sh -c true, measured in this run, so the target
# holds on any machine), with the management key checked against a plaintext
# secret-key and against a bcrypt hash at CLIProxyAPIPlus's cost 10 (which
# costs ~45 ms of CPU by design; a verified match is cached).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
# shellcheck source=bench/lib.bash
. "$here/lib.bash"
work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT
# The clients doctor asks about are the bench's own: none is wired.
export HOME=$work/home
mkdir -p "$HOME"
floor=$(exec_floor)
echo "exec_floor_sh_c_true_median_ms=$floor"

mkdir -p "$work/config" "$work/.router/secrets" "$work/release"
cp "$root/config/examples/flowgate.yaml" "$root/config/examples/cliproxyapi.yaml" "$work/config/"
printf 'sk-bench\n' >"$work/.router/secrets/upstream_cliproxyapi_api_key"
printf 'change-me-management-key\n' >"$work/.router/secrets/cliproxy_management_key"
chmod 600 "$work/.router/secrets/"*
"$root/test/stand-ins.sh" litellm "$work/litellm" 4000
export FLOWGATE_LITELLM=$work/litellm
start_server "$work" 60 --release-dir "$work/release"
export FLOWGATE_GITHUB_API=http://127.0.0.1:$server_port
"$root/test/stand-ins.sh" release "$work/release" "$FLOWGATE_GITHUB_API"
cd "$work"
fg=$root/bin/flowgate
check_output '^cliproxy_verified=yes$' "$fg" bootstrap download
stop_server

status=0
for secret in plaintext bcrypt; do
	if [ "$secret" = bcrypt ]; then
		# bcrypt("change-me-management-key"), cost 10, as Go writes it.
		sed -i "s|^  secret-key: .*|  secret-key: '\$2a\$10\$rqyggxh0QMn8/x6ZXW0vluJap3/AxcFcEEDFjpvib0Rt5di5v8MC2'|" \
			config/cliproxyapi.yaml
	fi
	check_output "^doctor:management_key=pass .*hashed=$([ "$secret" = bcrypt ] && echo yes || echo no)\$" "$fg" doctor
	check_output '^doctor:jq=pass' "$fg" doctor
	ms=$(median_ms 31 "$fg" doctor)
	verdict=$(ratio_target "$ms" "$floor" 50) || status=1
	echo "flowgate_doctor_${secret}_key_median_ms=$ms processes=$(execs "$fg" doctor) $verdict"
done
exit "$status"
