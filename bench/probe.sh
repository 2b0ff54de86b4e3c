#!/bin/sh
# fg-spawn probe against the loopback test server: a hanging URL must cost the
# timeout and no more; twenty slow URLs must cost about one (one multi loop).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
spawn=$here/../bin/fg-spawn
server=$here/../build/fg-testserver
work=$(mktemp -d)
server_pid=

stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

start_server() {
	"$server" --port 0 --port-file "$work/port" --lifetime 300 </dev/null &
	server_pid=$!
	i=0
	while [ ! -s "$work/port" ]; do
		i=$((i + 1))
		if [ "$i" -gt 100 ]; then
			echo "probe.sh: fg-testserver did not start" >&2
			exit 1
		fi
		sleep 0.05
	done
	url=http://127.0.0.1:$(cat "$work/port")
}

now_ns() { date +%s%N; }

# median_ms RUNS CMD... — median wall time of CMD in ms; its exit status is
# ignored (a probe with a failing URL exits 1 by design).
median_ms() {
	runs=$1
	shift
	: >"$work/times"
	n=0
	while [ "$n" -lt "$runs" ]; do
		t0=$(now_ns)
		"$@" >/dev/null 2>&1 || true
		t1=$(now_ns)
		echo $(((t1 - t0) / 1000000)) >>"$work/times"
		n=$((n + 1))
	done
	sort -n "$work/times" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

twenty_slow() {
	set --
	n=0
	while [ "$n" -lt 20 ]; do
		set -- "$@" "$url/slow/200"
		n=$((n + 1))
	done
	"$spawn" probe "$@"
}

for f in "$spawn" "$server"; do
	if [ ! -x "$f" ]; then
		echo "probe.sh: $f is missing; run: make all build/fg-testserver" >&2
		exit 1
	fi
done
start_server
echo "probe_hang_timeout_ms=1000"
echo "probe_hang_ms=$(median_ms 5 "$spawn" probe --timeout 1 "$url/hang" "$url/health")"
one=$(median_ms 5 "$spawn" probe "$url/slow/200")
twenty=$(median_ms 5 twenty_slow)
echo "probe_one_ms=$one"
echo "probe_twenty_ms=$twenty"
echo "ratio=$(awk -v a="$twenty" -v b="$one" 'BEGIN { printf "%.2f", a / b }')"
