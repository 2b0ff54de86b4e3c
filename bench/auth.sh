#!/usr/bin/env bash
# fg-oauth login against the test server playing the management API, which
# answers ok on the third poll (0.2 s apart): wall time and fg-oauth's own
# CPU time (user + sys), median of 5 runs, each against a fresh server.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
# shellcheck source=bench/lib.bash
. "$here/lib.bash"
work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT

printf 'bench-key\n' >"$work/key"
chmod 600 "$work/key"

# start_mgmt: a fresh server (and auth dir) for one login; sets server_port.
start_mgmt() {
	rm -rf "$work/auths" "$work/port"
	mkdir -p "$work/auths"
	"$root/build/fg-testserver" --port 0 --port-file "$work/port" --lifetime 60 \
		--mgmt-key bench-key --auth-dir "$work/auths" --scenario ok-after-3 </dev/null &
	server_pid=$!
	wait_until test -s "$work/port"
	server_port=$(<"$work/port")
}

walls=() cpus=()
for _ in 1 2 3 4 5; do
	start_mgmt
	TIMEFORMAT='%R %U %S'
	{ time "$root/bin/fg-oauth" login --base "http://127.0.0.1:$server_port" --provider codex \
		--key-file "$work/key" --interval 0.2 --timeout 10 --lines >"$work/out" 2>/dev/null; } 2>"$work/time"
	if ! grep -qx 'oauth_status=ok' "$work/out" || ! grep -q '^auth_file=' "$work/out"; then
		echo "bench: the login did not succeed: $(tr '\n' ' ' <"$work/out")" >&2
		exit 1
	fi
	read -r real user sys <"$work/time"
	walls+=("$(awk -v r="$real" 'BEGIN { printf "%.0f", r * 1000 }')")
	cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", (u + s) * 1000 }')")
	stop_server
done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
wall=$(median "${walls[@]}") cpu=$(median "${cpus[@]}")
# The speed goal: ok on the third poll 0.2 s apart within 0.7 s of wall time
# (three intervals, and little else). Its CPU is shown: mostly loading
# libcurl's libraries, then it sleeps.
verdict=ok
[ "$wall" -le 700 ] || verdict=MISSED
echo "oauth_login_ok_third_poll_interval_0.2_median_ms=$wall cpu_ms=$cpu (target <= 700 ms: $verdict)"
[ "$verdict" = ok ]
