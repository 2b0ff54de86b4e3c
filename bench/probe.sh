#!/usr/bin/env bash
# fg-spawn probe against the loopback test server: a hanging URL must cost the
# timeout and no more; twenty slow URLs must cost about one (one multi loop).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.bash
. "$here/lib.bash"
spawn=$here/../bin/fg-spawn
work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT

twenty_slow() {
	local -a urls=()
	for ((i = 0; i < 20; i++)); do
		urls+=("$url/slow/200")
	done
	"$spawn" probe "${urls[@]}"
}

start_server "$work"
url=http://127.0.0.1:$server_port
echo "probe_hang_timeout_ms=1000"
check_output '"ok": true' "$spawn" probe "$url/slow/200"
echo "probe_hang_ms=$(median_ms --expect 1 5 "$spawn" probe --timeout 1 "$url/hang" "$url/health")"
one=$(median_ms 5 "$spawn" probe "$url/slow/200")
twenty=$(median_ms 5 twenty_slow)
echo "probe_one_ms=$one"
echo "probe_twenty_ms=$twenty"
echo "ratio=$(awk -v a="$twenty" -v b="$one" 'BEGIN { printf "%.2f", a / b }')"
