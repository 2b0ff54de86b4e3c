#!/usr/bin/env bash
# `flowgate service start all` + `stop all` for two trivial programs, and
# `flowgate health` with two services of which one hangs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
# shellcheck source=bench/lib.bash
. "$here/lib.bash"
work=$(mktemp -d)
cleanup() {
	"$root/bin/flowgate" --config "$work/config/flowgate.yaml" service stop all >/dev/null 2>&1 || :
	rm -rf "$work"
}
trap cleanup EXIT

# A port nobody listens on (the test server's, once it stopped).
free_port() {
	start_server "$work" 1
	stop_server
	echo "$server_port"
}

# write_config ARGS_A READY_A ARGS_B READY_B (args as YAML flow lists)
write_config() {
	mkdir -p "$work/config"
	cat >"$work/config/flowgate.yaml" <<YAML
paths: {runtime_dir: ../rt, active_config: ../rt/active.yaml, state_file: ../rt/state.json, log_file: ../rt/fg.log}
services:
  cliproxyapi_plus: {port: $port_a, readiness_path: $2, command: {args: $1}}
  litellm: {port: $port_b, readiness_path: $4, command: {args: $3}}
profiles: {balanced: {}}
YAML
}

start_stop() {
	"$root/bin/flowgate" --config "$work/config/flowgate.yaml" service start all &&
		"$root/bin/flowgate" --config "$work/config/flowgate.yaml" service stop all
}

port_a=$(free_port)
port_b=$(free_port)
write_config '[sleep, "1000"]' /health '[sleep, "1000"]' /health
check_output '^litellm:stopped$' start_stop
# The target, as a ratio that holds on any machine: start all + stop all at
# most 40x the exec floor (sh -c true, measured in this run; median).
floor=$(exec_floor)
ms=$(median_ms 21 start_stop)
missed=0
verdict=$(ratio_target "$ms" "$floor" 40) || missed=1
echo "service_start_stop_all_median_ms=$ms exec_floor_ms=$floor $verdict"

srv=$root/build/fg-testserver
write_config "[$srv, --port, \"$port_a\", --lifetime, \"120\"]" /hang \
	"[$srv, --port, \"$port_b\", --lifetime, \"120\"]" /health
"$root/bin/flowgate" --config "$work/config/flowgate.yaml" service start --wait litellm >/dev/null
"$root/bin/flowgate" --config "$work/config/flowgate.yaml" service start cliproxyapi_plus >/dev/null
wait_until "$root/bin/fg-spawn" probe "http://127.0.0.1:$port_a/health"
check_output --expect 1 '^cliproxyapi_plus:liveness=ok readiness=fail .*readiness_error=timeout ' \
	"$root/bin/flowgate" --config "$work/config/flowgate.yaml" health --timeout 1
ms=$(median_ms --expect 1 5 "$root/bin/flowgate" --config "$work/config/flowgate.yaml" health --timeout 1)
echo "health_one_hanging_timeout_1s_median_ms=$ms overhead_ms=$(awk -v m="$ms" 'BEGIN { printf "%.1f", m - 1000 }')"
[ "$missed" = 0 ]
