#!/usr/bin/env bash
# fg-spawn's own cost per command: status, stop and port with nothing to do
# (no libcurl), probe of a closed port (libcurl loaded), and start + stop of
# a program that exits at once on SIGTERM (no polling tick).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.bash
. "$here/lib.bash"
spawn=$here/../bin/fg-spawn
work=$(mktemp -d)
trap '"$spawn" stop --pidfile "$work/svc.pid" >/dev/null 2>&1 || :; rm -rf "$work"' EXIT

start_server "$work" 1
stop_server
port=$server_port

start_stop() {
	"$spawn" start -c --pidfile "$work/svc.pid" --log "$work/svc.log" -- sleep 300 &&
		"$spawn" stop -c --pidfile "$work/svc.pid"
}

check_output --expect 3 '"running": false' "$spawn" status --pidfile "$work/none.pid"
check_output '"result": "not-running"' "$spawn" stop --pidfile "$work/none.pid"
check_output '"free": true' "$spawn" port "127.0.0.1:$port"
check_output --expect 1 '"reason": "connection_refused"' "$spawn" probe "http://127.0.0.1:$port/"
check_output '"result":"stopped"' start_stop
echo "spawn_status_median_ms=$(median_ms --expect 3 51 "$spawn" status --pidfile "$work/none.pid")"
echo "spawn_stop_nothing_median_ms=$(median_ms 51 "$spawn" stop --pidfile "$work/none.pid")"
echo "spawn_port_median_ms=$(median_ms 51 "$spawn" port "127.0.0.1:$port")"
echo "spawn_probe_refused_median_ms=$(median_ms --expect 1 51 "$spawn" probe "http://127.0.0.1:$port/")"
echo "spawn_start_stop_median_ms=$(median_ms 21 start_stop)"
