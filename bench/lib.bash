# Timing helpers for the benchmarks (bash: $EPOCHREALTIME costs no process).

# median_ms [--expect RC] RUNS CMD... — runs CMD RUNS times (output
# discarded), prints the median wall time in milliseconds with one decimal.
# Every run must exit RC (default 0): a time of a failing run is no figure,
# so it fails instead, naming the command.
median_ms() {
	local expect=0 runs i t0 t1 rc
	if [ "$1" = --expect ]; then
		expect=$2
		shift 2
	fi
	runs=$1
	shift
	local -a times=()
	for ((i = 0; i < runs; i++)); do
		t0=$EPOCHREALTIME
		rc=0
		"$@" >/dev/null 2>&1 || rc=$?
		t1=$EPOCHREALTIME
		if [ "$rc" != "$expect" ]; then
			echo "bench: '$*' exited $rc, not $expect" >&2
			return 1
		fi
		times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) * 1000 }')")
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# check_output [--expect RC] REGEX CMD... — runs CMD once; fails unless it
# exits RC (default 0) and its output has a line matching the extended REGEX.
check_output() {
	local expect=0 re out rc=0
	if [ "$1" = --expect ]; then
		expect=$2
		shift 2
	fi
	re=$1
	shift
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" != "$expect" ]; then
		echo "bench: '$*' exited $rc, not $expect: ${out%%$'\n'*}" >&2
		return 1
	fi
	grep -qE -- "$re" <<<"$out" || {
		echo "bench: '$*' printed no line matching $re" >&2
		return 1
	}
}

# wait_until CMD... — waits up to 5 s for CMD to succeed.
wait_until() {
	local i
	for ((i = 0; i < 100; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	echo "bench: '$*' never succeeded" >&2
	return 1
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

# start_server DIR [LIFETIME [OPTION...]] — the loopback test server on a
# free port, with the server's OPTIONs; sets server_pid and server_port. It
# also stops by itself after LIFETIME.
start_server() {
	local dir=$1 lifetime=${2:-300} i
	shift $(($# < 2 ? $# : 2))
	rm -f "$dir/port"
	"$(dirname "${BASH_SOURCE[0]}")/../build/fg-testserver" --port 0 --port-file "$dir/port" \
		--lifetime "$lifetime" "$@" </dev/null &
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

# exec_floor — the median wall time of `sh -c true` measured now: what
# starting one program costs on this machine, the unit the speed targets are
# stated in, so they hold on a slow machine as on a fast one.
exec_floor() {
	median_ms 101 sh -c true
}

# ratio_target MS FLOOR MAX — MS as a multiple of FLOOR, held to MAX:
# prints "(R.Rx the floor, target <= MAXx: ok)"; over it is no pass: it
# prints "MISSED" and returns 1, so the benchmark fails.
ratio_target() {
	local r
	r=$(awk -v m="$1" -v f="$2" 'BEGIN { printf "%.1f", (f > 0) ? m / f : 1e9 }')
	if awk -v r="$r" -v t="$3" 'BEGIN { exit !(r <= t) }'; then
		printf '(%sx the floor, target <= %sx: ok)' "$r" "$3"
	else
		printf '(%sx the floor, target <= %sx: MISSED)' "$r" "$3"
		return 1
	fi
}

# starts_target N MAX — the programs a command starts, held to MAX.
starts_target() {
	if [ "$1" -le "$2" ]; then
		printf '(starts <= %s: ok)' "$2"
	else
		printf '(starts <= %s: MISSED)' "$2"
		return 1
	fi
}
