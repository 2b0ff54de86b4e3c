# Timing helpers for the benchmarks (bash: $EPOCHREALTIME costs no process).

# median_ms RUNS CMD... — runs CMD RUNS times (output discarded), prints the
# median wall time in milliseconds with one decimal.
median_ms() {
	local runs=$1 i t0 t1
	shift
	local -a times=()
	for ((i = 0; i < runs; i++)); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1 || : # a probe with a failing URL exits 1 by design
		t1=$EPOCHREALTIME
		times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) * 1000 }')")
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# execs CMD... — how many programs CMD starts (execve calls that succeeded),
# the command itself included.
execs() {
	local trace
	trace=$(mktemp)
	strace -f -qq -e trace=execve -o "$trace" "$@" >/dev/null 2>&1
	grep -cE '(execve\(|execve resumed).*= 0$' "$trace"
	rm -f "$trace"
}

# start_server DIR [LIFETIME] — the loopback test server on a free port;
# sets server_pid and server_port. It also stops by itself after LIFETIME.
start_server() {
	local dir=$1 lifetime=${2:-300} i
	rm -f "$dir/port"
	"$(dirname "${BASH_SOURCE[0]}")/../build/fg-testserver" --port 0 --port-file "$dir/port" \
		--lifetime "$lifetime" </dev/null &
	server_pid=$!
	for ((i = 0; i < 200; i++)); do
		[ -s "$dir/port" ] && break
		sleep 0.01
	done
	[ -s "$dir/port" ] || {
		echo "bench: fg-testserver did not start" >&2
		return 1
	}
	# shellcheck disable=SC2034 # read by the scripts that source this
	server_port=$(<"$dir/port")
}

stop_server() {
	[ -n "${server_pid:-}" ] || return 0
	kill "$server_pid" 2>/dev/null || :
	wait "$server_pid" 2>/dev/null || :
	server_pid=
}
