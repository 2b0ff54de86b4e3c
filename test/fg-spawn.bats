#!/usr/bin/env bats
# fg-spawn: real processes, real pidfiles and logs, real HTTP over 127.0.0.1.
# shellcheck disable=SC2154 # bats' run sets $stderr and $stderr_lines; eval sets fg_*
# shellcheck disable=SC2030,SC2031 # spawn_pid sets pid by reference, which shellcheck does not see

setup_file() {
	load helpers/server
	load helpers/failalloc
	build_test_server
	build_failalloc
}

setup() {
	load helpers/common
	load helpers/spawn
	load helpers/server
	load helpers/failalloc
	load helpers/oneline
	RUN=$BATS_TEST_TMPDIR/run
	PIDFILE=$RUN/pids/svc.pid
	LOG=$RUN/logs/svc.log
}

teardown() {
	cleanup_spawned
	stop_test_server
}

# A service script whose first line in the log names its pid; the loop keeps
# the shell (and any trap it set) alive, rather than exec'ing into sleep.
write_service() {
	local script="$BATS_TEST_TMPDIR/$1"
	shift
	printf '#!/bin/sh\n%s\necho "up $$"\nwhile :; do sleep 1; done\n' "$*" >"$script"
	chmod 755 "$script"
	echo "$script"
}

# A process that is not ours (not started by fg-spawn), outside the test's job table.
start_foreign_sleep() {
	sleep 300 >/dev/null 2>&1 3>&- &
	echo $!
}

start_sleep() {
	run "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- sleep 300
	assert_success
	spawn_pid PID
}

# strace shows how stop waits; LeakSanitizer (make SANITIZE=1) cannot run
# under ptrace, and has nothing to do with it.
trace_stop() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -qq -o "$BATS_TEST_TMPDIR/trace" \
		-e trace=pidfd_open,poll,clock_nanosleep,nanosleep "$@" "$FG_SPAWN" stop -c --pidfile "$PIDFILE"
}

# Memcheck (3.19) does not pass pidfd_open to the kernel: it fails it with
# ENOSYS itself, so stop polls there, and strace sees no pidfd_open at all.
skip_under_memcheck() {
	[ "$(cat "$ROOT/build/variant")" != vg ] || skip_platform "memcheck answers pidfd_open with ENOSYS itself"
}

# A service that takes 0.2 s to exit after SIGTERM, so that stop has to wait.
start_slow_to_stop() {
	svc=$(write_service slow.sh 'trap "sleep 0.2; exit 0" TERM')
	run "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- "$svc"
	assert_success
	spawn_pid PID
	wait_for grep -q '^up ' "$LOG"
}

# ---- help, version, usage ----

@test "fg-spawn: --help and --version go to stdout with exit 0, for each command" {
	run "$FG_SPAWN" --version
	assert_success
	assert_output "fg-spawn 0.1.0"
	for cmd in start stop status probe port; do
		run --separate-stderr "$FG_SPAWN" "$cmd" --help
		assert_success
		assert_line --index 0 --regexp "^usage: fg-spawn $cmd "
		[ -z "$stderr" ]
	done
}

@test "fg-spawn: --help lists every command's usage on stdout" {
	run --separate-stderr "$FG_SPAWN" --help
	assert_success
	assert_equal "$stderr" ""
	for cmd in start stop status probe port; do
		assert_line --regexp "^usage: fg-spawn $cmd "
	done
}

@test "fg-spawn: no command is one usage line on stderr, exit 2" {
	run --separate-stderr "$FG_SPAWN"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "usage: fg-spawn start|stop|status|probe|port ... (see fg-spawn --help)"
}

@test "fg-spawn: usage errors exit 2 with one line on stderr and nothing on stdout" {
	run --separate-stderr "$FG_SPAWN" launch
	assert_failure 2
	assert_equal "$stderr" "fg-spawn: unknown command 'launch' (start, stop, status, probe, port)"
	run --separate-stderr "$FG_SPAWN" start --log "$LOG" -- sleep 1
	assert_failure 2
	assert_equal "$stderr" "fg-spawn: start: --pidfile and --log are required"
	run --separate-stderr "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" --bogus -- sleep 1
	assert_failure 2
	assert_equal "$stderr" "fg-spawn: start: unknown option --bogus (see fg-spawn start --help)"
	run --separate-stderr "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" --port 8080 -- sleep 1
	assert_failure 2
	assert_equal "$stderr" "fg-spawn: start: --port 8080: expected HOST:PORT"
	run --separate-stderr "$FG_SPAWN" stop --pidfile "$PIDFILE" --timeout -1
	assert_failure 2
	assert_equal "$stderr" "fg-spawn: stop: --timeout -1: expected seconds (>= 0, at most 3600)"
	run --separate-stderr "$FG_SPAWN" probe --timeout 0 http://127.0.0.1:1/
	assert_failure 2
	run --separate-stderr "$FG_SPAWN" probe
	assert_failure 2
	assert_equal "$stderr" "fg-spawn: probe: no URL to probe"
	assert_output ""
	[ ! -e "$PIDFILE" ]
}

@test "fg-spawn: a bad option names the option and its command in one stderr line" {
	run --separate-stderr "$FG_SPAWN" stop --bogus --pidfile "$PIDFILE"
	assert_failure 2
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "fg-spawn: stop: unknown option --bogus (see fg-spawn stop --help)"
	run --separate-stderr "$FG_SPAWN" status --pidfile "$PIDFILE" --compact=yes
	assert_failure 2
	assert_equal "$stderr" "fg-spawn: status: option --compact=yes: unknown, or takes no value"
	run --separate-stderr "$FG_SPAWN" probe --timeout
	assert_failure 2
	assert_equal "$stderr" "fg-spawn: probe: option --timeout needs a value"
	run --separate-stderr "$FG_SPAWN" probe -cz http://127.0.0.1:1/
	assert_failure 2
	assert_equal "$stderr" "fg-spawn: probe: unknown option -z (see fg-spawn probe --help)"
}

# ---- start ----

@test "fg-spawn: start runs a long-lived program and records its pid and start time" {
	run "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" -- sleep 300
	assert_success
	run jq -c '[.result, .pidfile, .log]' <<<"$output"
	assert_output "[\"started\",\"$PIDFILE\",\"$LOG\"]"
	pid=$(sed -n 1p "$PIDFILE")
	assert_equal "$(wc -l <"$PIDFILE")" 2
	assert_equal "$(sed -n 2p "$PIDFILE")" "$(proc_start_time "$pid")"
	proc_running "$pid"
	assert_equal "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 300 "
	assert_equal "$(file_mode "$LOG")" 600
	assert_equal "$(file_mode "$RUN/pids")" 700
}

@test "fg-spawn: the service is init's child in its own session and group; no zombie is left" {
	run timeout 10 "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- sleep 300
	assert_success
	spawn_pid pid
	ppid=$(proc_field "$pid" 4)
	is_self_or_ancestor "$ppid"
	assert_equal "$(proc_field "$pid" 5)" "$pid"
	sid=$(proc_field "$pid" 6)
	[ "$sid" != "$(proc_field $$ 6)" ]
	# The session was made by the intermediate process, which fg-spawn reaped.
	[ ! -e "/proc/$sid" ]
}

@test "fg-spawn: the service gets /dev/null as stdin, the log as stdout and stderr, no other fd" {
	start_sleep
	assert_equal "$(readlink "/proc/$PID/fd/0")" /dev/null
	assert_equal "$(readlink "/proc/$PID/fd/1")" "$LOG"
	assert_equal "$(readlink "/proc/$PID/fd/2")" "$LOG"
	fds=("/proc/$PID/fd"/*)
	assert_equal "${fds[*]##*/}" "0 1 2"
}

@test "fg-spawn: the program's stdout and stderr are appended to an existing log" {
	mkdir -p "$(dirname "$LOG")"
	echo "old line" >"$LOG"
	run "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" -- \
		sh -c 'echo to-stdout; echo to-stderr >&2; exec sleep 300'
	assert_success
	wait_for grep -q to-stderr "$LOG"
	run cat "$LOG"
	assert_line --index 0 "old line"
	assert_line to-stdout
	assert_line to-stderr
}

@test "fg-spawn: --env sets and overrides variables and --cwd sets the folder" {
	mkdir "$BATS_TEST_TMPDIR/work"
	export FG_TEST_VAR=original
	# shellcheck disable=SC2016 # expanded by the service's shell
	run "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" --cwd "$BATS_TEST_TMPDIR/work" \
		--env FG_TEST_VAR=override --env FG_OTHER='a b=c' -- \
		sh -c 'echo "$FG_TEST_VAR|$FG_OTHER|$(pwd)"; exec sleep 300'
	assert_success
	wait_for grep -q '|' "$LOG"
	assert_equal "$(cat "$LOG")" "override|a b=c|$BATS_TEST_TMPDIR/work"
}

@test "fg-spawn: a program that does not exist fails at once with errno text and no pidfile" {
	run --separate-stderr "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" -- /nonexistent/prog arg
	assert_failure 1
	assert_equal "$stderr" "fg-spawn: start: /nonexistent/prog: No such file or directory"
	assert_output ""
	[ ! -e "$PIDFILE" ]
	run --separate-stderr "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" -- fg-no-such-command
	assert_failure 1
	assert_equal "$stderr" "fg-spawn: start: fg-no-such-command: No such file or directory"
}

@test "fg-spawn: a program that is not executable fails with Permission denied" {
	printf 'echo hi\n' >"$BATS_TEST_TMPDIR/notexec.sh"
	chmod 644 "$BATS_TEST_TMPDIR/notexec.sh"
	run --separate-stderr "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" -- "$BATS_TEST_TMPDIR/notexec.sh"
	assert_failure 1
	assert_equal "$stderr" "fg-spawn: start: $BATS_TEST_TMPDIR/notexec.sh: Permission denied"
	[ ! -e "$PIDFILE" ]
}

@test "fg-spawn: a bad --cwd fails at once with errno text and no pidfile" {
	run --separate-stderr "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" \
		--cwd "$BATS_TEST_TMPDIR/missing" -- sleep 300
	assert_failure 1
	assert_equal "$stderr" "fg-spawn: start: --cwd $BATS_TEST_TMPDIR/missing: No such file or directory"
	assert_output ""
	[ ! -e "$PIDFILE" ]
}

@test "fg-spawn: a program that exits at once fails --wait-ready with its last log lines" {
	start_test_server
	t0=$(now_ms)
	run --separate-stderr "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" \
		--wait-ready "$TESTSERVER_URL/status/503" --ready-timeout 10 -- \
		sh -c 'echo "loading config"; echo "fatal: no such model" >&2; exit 3'
	elapsed=$(($(now_ms) - t0))
	assert_failure 1
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^fg-spawn: start: sh \(pid [0-9]+\) exited before it was ready; log: loading config \| fatal: no such model$"
	[ ! -e "$PIDFILE" ]
	[ "$elapsed" -lt 5000 ]
}

@test "fg-spawn: --wait-ready returns once the program answers 2xx" {
	port=$(closed_port)
	t0=$(now_ms)
	run "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" --port "127.0.0.1:$port" \
		--wait-ready "http://127.0.0.1:$port/health/readiness" --ready-timeout 10 -- \
		sh -c "sleep 0.4; exec '$FG_TESTSERVER' --port $port --lifetime 30"
	elapsed=$(($(now_ms) - t0))
	assert_success
	assert_equal "$(jq -r .result <<<"$output")" started
	[ "$elapsed" -ge 400 ]
	run "$FG_SPAWN" probe "http://127.0.0.1:$port/health"
	assert_success
}

@test "fg-spawn: --wait-ready gives up after --ready-timeout and stops the program" {
	start_test_server
	t0=$(now_ms)
	run --separate-stderr "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" \
		--wait-ready "$TESTSERVER_URL/status/503" --ready-timeout 0.5 -- sleep 300
	elapsed=$(($(now_ms) - t0))
	assert_failure 1
	assert_regex "$stderr" "^fg-spawn: start: $TESTSERVER_URL/status/503 not ready after 0.5 s \(last: HTTP 503\); stopped pid [0-9]+; log: \(empty\)$"
	pid=$(grep -o 'stopped pid [0-9]*' <<<"$stderr" | grep -o '[0-9]*$')
	run ! proc_running "$pid"
	[ ! -e "$PIDFILE" ]
	[ "$elapsed" -ge 500 ]
	[ "$elapsed" -lt 3000 ]
}

@test "fg-spawn: a port already in use is refused, naming the port and its holder" {
	start_test_server
	svc=$(write_service svc.sh)
	run --separate-stderr "$FG_SPAWN" start --pidfile "$PIDFILE" --log "$LOG" \
		--port "127.0.0.1:$TESTSERVER_PORT" -- "$svc"
	assert_failure 1
	assert_equal "$stderr" "fg-spawn: start: port 127.0.0.1:$TESTSERVER_PORT is already in use by pid $TESTSERVER_PID (fg-testserver)"
	assert_output ""
	[ ! -e "$PIDFILE" ]
	# The log is opened just before the launch: no log, no launch.
	[ ! -e "$LOG" ]
	assert_equal "$(count_running_with_arg "$svc")" 0
}

@test "fg-spawn: a second start finds it running: already-running, same pid, no new process" {
	svc=$(write_service svc.sh)
	run "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- "$svc"
	assert_success
	spawn_pid pid
	run "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- "$svc"
	assert_success
	assert_output "{\"result\":\"already-running\",\"pid\":$pid,\"pidfile\":\"$PIDFILE\",\"log\":\"$LOG\"}"
	assert_equal "$(count_running_with_arg "$svc")" 1
	wait_for grep -q '^up ' "$LOG"
	assert_equal "$(cat "$LOG")" "up $pid"
}

@test "fg-spawn: 20 concurrent starts on one pidfile start exactly one process" {
	svc=$(write_service svc.sh)
	for i in $(seq 1 20); do
		"$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- "$svc" \
			>"$BATS_TEST_TMPDIR/out.$i" 2>&1 3>&- &
	done
	wait
	run sh -c "cat '$BATS_TEST_TMPDIR'/out.* | jq -r .result | sort | uniq -c | tr -s ' '"
	assert_output " 19 already-running
 1 started"
	run sh -c "cat '$BATS_TEST_TMPDIR'/out.* | jq -r .pid | sort -u"
	assert_output "$(sed -n 1p "$PIDFILE")"
	assert_equal "$(count_running_with_arg "$svc")" 1
	wait_for grep -q '^up ' "$LOG"
	assert_equal "$(cat "$LOG")" "up $(sed -n 1p "$PIDFILE")"
}

# ---- stop ----

# start_group MARK CMD...: CMD started as a service whose group holds one
# more process, which logs "MARK PID"; prints "LEADER MEMBER", both running.
start_group() {
	local mark=$1 started leader member
	shift
	started=$("$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- "$@") || return 1
	spawn_pid leader "$started"
	wait_for grep -q "^$mark " "$LOG" || return 1
	member=$(sed -n "s/^$mark //p" "$LOG")
	proc_running "$member" || return 1
	echo "$leader $member"
}

@test "fg-spawn: stop terminates the whole process group and removes the pidfile" {
	group=$(start_group child sh -c 'sleep 300 & echo "child $!"; wait')
	pid=${group% *} member=${group#* }
	t0=$(now_ms)
	run "$FG_SPAWN" stop -c --pidfile "$PIDFILE"
	assert_success
	assert_output "{\"result\":\"stopped\",\"pid\":$pid}"
	run ! proc_running "$pid"
	run ! proc_running "$member"
	[ ! -e "$PIDFILE" ]
	[ $(($(now_ms) - t0)) -lt 5000 ]
}

@test "fg-spawn: a program that ignores SIGTERM is killed after --timeout" {
	svc=$(write_service stubborn.sh 'trap "" TERM')
	run "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- "$svc"
	assert_success
	spawn_pid pid
	wait_for grep -q '^up ' "$LOG"
	t0=$(now_ms)
	run "$FG_SPAWN" stop -c --pidfile "$PIDFILE" --timeout 0.5
	elapsed=$(($(now_ms) - t0))
	assert_success
	assert_output "{\"result\":\"killed\",\"pid\":$pid}"
	run ! proc_running "$pid"
	[ ! -e "$PIDFILE" ]
	[ "$elapsed" -ge 500 ]
	[ "$elapsed" -lt 4000 ]
}

@test "fg-spawn: stop waits for the group's other members after its leader exits" {
	# The helper and its sleeps ignore SIGTERM (ignored signals survive exec);
	# the leader does not.
	cat >"$BATS_TEST_TMPDIR/group.sh" <<'SH'
#!/bin/sh
sh -c 'trap "" TERM; echo "helper $$"; while :; do sleep 1; done' &
exec sleep 300
SH
	chmod 755 "$BATS_TEST_TMPDIR/group.sh"
	group=$(start_group helper "$BATS_TEST_TMPDIR/group.sh")
	pid=${group% *} member=${group#* }
	t0=$(now_ms)
	run "$FG_SPAWN" stop -c --pidfile "$PIDFILE" --timeout 0.5
	elapsed=$(($(now_ms) - t0))
	assert_success
	assert_output "{\"result\":\"killed\",\"pid\":$pid}"
	run ! proc_running "$pid"
	run ! proc_running "$member"
	[ "$elapsed" -ge 500 ]
	[ "$elapsed" -lt 4000 ]
}

@test "fg-spawn: stop waits for the exit on a pidfd, though the service is not its child" {
	skip_under_memcheck
	start_slow_to_stop
	run trace_stop
	[ "$status" -ne 127 ] || skip_or_fail "strace not usable here"
	assert_success
	assert_output "{\"result\":\"stopped\",\"pid\":$PID}"
	run ! proc_running "$PID"
	grep -qE "^pidfd_open\($PID, 0\) += [0-9]+$" "$BATS_TEST_TMPDIR/trace"
	grep -qE '^poll\(.*= 1 ' "$BATS_TEST_TMPDIR/trace"
	run grep -c nanosleep "$BATS_TEST_TMPDIR/trace"
	assert_output 0
}

@test "fg-spawn: stop holds each process by a pidfd before proving it ours, and signals through it, never by kill(2)" {
	skip_under_memcheck
	group=$(start_group child sh -c 'sleep 300 & echo "child $!"; wait')
	pid=${group% *} member=${group#* }
	run env ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -qq -o "$BATS_TEST_TMPDIR/trace" \
		-e trace=pidfd_open,pidfd_send_signal,kill,openat "$FG_SPAWN" stop -c --pidfile "$PIDFILE"
	[ "$status" -ne 127 ] || skip_or_fail "strace not usable here"
	assert_success
	assert_output "{\"result\":\"stopped\",\"pid\":$pid}"
	run ! proc_running "$pid"
	run ! proc_running "$member"
	t=$BATS_TEST_TMPDIR/trace
	# The leader: its pidfd first, then its start time read, then SIGTERM through the pidfd.
	open_line=$(grep -nE "^pidfd_open\($pid, 0\) += [0-9]+$" "$t" | head -n 1)
	fd=${open_line##*= }
	check_line=$(grep -nE "^openat\(.*\"/proc/$pid/stat\"" "$t" | head -n 1)
	signal_line=$(grep -nE "^pidfd_send_signal\($fd, SIGTERM, " "$t" | head -n 1)
	assert [ -n "$open_line" ] && assert [ -n "$check_line" ] && assert [ -n "$signal_line" ]
	assert [ "${open_line%%:*}" -lt "${check_line%%:*}" ]
	assert [ "${check_line%%:*}" -lt "${signal_line%%:*}" ]
	# The group's other member: its own pidfd, its group checked, then the signal.
	run grep -cE "^pidfd_open\($member, 0\) += [0-9]+$" "$t"
	refute_output 0
	run grep -cE '^pidfd_send_signal\([0-9]+, SIGTERM, ' "$t"
	assert_output 2
	# kill(2) only asks whether the group still exists (signal 0).
	run grep -E '^kill\(' "$t"
	refute_output --regexp 'SIG(TERM|KILL)'
}

@test "fg-spawn: without pidfd_open (ENOSYS: before Linux 5.3) stop polls, with the same results" {
	skip_under_memcheck
	start_slow_to_stop
	run trace_stop -e inject=pidfd_open:error=ENOSYS
	[ "$status" -ne 127 ] || skip_or_fail "strace not usable here"
	assert_success
	assert_output "{\"result\":\"stopped\",\"pid\":$PID}"
	run ! proc_running "$PID"
	[ ! -e "$PIDFILE" ]
	grep -qE '^pidfd_open\(.* = -1 ENOSYS .*\(INJECTED\)$' "$BATS_TEST_TMPDIR/trace"
	grep -q nanosleep "$BATS_TEST_TMPDIR/trace"
	svc=$(write_service ignores-term.sh 'trap "" TERM')
	run "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- "$svc"
	assert_success
	spawn_pid pid
	wait_for grep -q '^up ' "$LOG"
	run env ASAN_OPTIONS=detect_leaks=0 strace -qq -o /dev/null -e inject=pidfd_open:error=ENOSYS \
		"$FG_SPAWN" stop -c --pidfile "$PIDFILE" --timeout 0.2
	assert_success
	assert_output "{\"result\":\"killed\",\"pid\":$pid}"
	run ! proc_running "$pid"
}

@test "fg-spawn: stop with a pidfile whose process is gone says not-running and removes it" {
	sh -c 'exit 0' &
	dead=$!
	wait "$dead"
	mkdir -p "$(dirname "$PIDFILE")"
	printf '%s\n%s\n' "$dead" 12345 >"$PIDFILE"
	run "$FG_SPAWN" stop -c --pidfile "$PIDFILE"
	assert_success
	assert_output "{\"result\":\"not-running\",\"pid\":$dead}"
	[ ! -e "$PIDFILE" ]
}

@test "fg-spawn: stop without a pidfile says not-running with a null pid" {
	run "$FG_SPAWN" stop -c --pidfile "$PIDFILE"
	assert_success
	assert_output '{"result":"not-running","pid":null}'
}

@test "fg-spawn: a live pid with another start time is stale-pid and is never signalled" {
	other=$(start_foreign_sleep)
	track_pid "$other"
	mkdir -p "$(dirname "$PIDFILE")"
	printf '%s\n%s\n' "$other" "$(($(proc_start_time "$other") + 1))" >"$PIDFILE"
	run "$FG_SPAWN" status -c --pidfile "$PIDFILE"
	assert_failure 3
	run "$FG_SPAWN" stop -c --pidfile "$PIDFILE" --timeout 0
	assert_success
	assert_output "{\"result\":\"stale-pid\",\"pid\":$other}"
	[ ! -e "$PIDFILE" ]
	proc_unsignalled "$other"
}

@test "fg-spawn: start replaces a stale pidfile without touching the process it named" {
	other=$(start_foreign_sleep)
	track_pid "$other"
	mkdir -p "$(dirname "$PIDFILE")"
	printf '%s\n' "$other" >"$PIDFILE"
	start_sleep
	[ "$PID" != "$other" ]
	assert_equal "$(sed -n 1p "$PIDFILE")" "$PID"
	proc_unsignalled "$other"
}

@test "fg-spawn: pidfiles naming pid 0 or 1, or holding junk, are refused and nothing is signalled" {
	mkdir -p "$(dirname "$PIDFILE")"
	for content in '1\n1\n' '0\n5\n' '-1\n' 'junk\n' '123\n456\nextra\n'; do
		printf '%b' "$content" >"$PIDFILE"
		run --separate-stderr "$FG_SPAWN" stop --pidfile "$PIDFILE"
		assert_failure 1
		assert_equal "$stderr" "fg-spawn: $PIDFILE: not a pidfile (expected a pid > 1, then a start time)"
		assert_output ""
		[ -e "$PIDFILE" ]
	done
}

# ---- status ----

@test "fg-spawn: status exits 0 with pid and uptime while running, 3 once stopped" {
	start_sleep
	# Not a wait for a condition: the uptime reported must have reached 1 s.
	sleep 1.1
	run "$FG_SPAWN" status -c --pidfile "$PIDFILE"
	assert_success
	run jq -c '[.pid, .running, (.uptime >= 1 and .uptime < 60)]' <<<"$output"
	assert_output "[$PID,true,true]"
	run "$FG_SPAWN" stop --pidfile "$PIDFILE"
	assert_success
	run "$FG_SPAWN" status -c --pidfile "$PIDFILE"
	assert_failure 3
	assert_output '{"pid":null,"running":false,"uptime":null}'
}

@test "fg-spawn: status of several pidfiles answers for each, in order, in one call" {
	start_sleep
	run "$FG_SPAWN" status -c --pidfile "$PIDFILE" --pidfile "$BATS_TEST_TMPDIR/none.pid"
	assert_failure 3
	run jq -c '[.[] | [.pidfile, .running, .pid]]' <<<"$output"
	assert_output "[[\"$PIDFILE\",true,$PID],[\"$BATS_TEST_TMPDIR/none.pid\",false,null]]"
	run "$FG_SPAWN" status -c --pidfile "$PIDFILE" --pidfile "$PIDFILE"
	assert_success
}

@test "fg-spawn: status of a pidfile whose process died exits 3" {
	run "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- sh -c 'sleep 0.3'
	assert_success
	spawn_pid pid
	wait_gone "$pid"
	run "$FG_SPAWN" status -c --pidfile "$PIDFILE"
	assert_failure 3
	assert_output '{"pid":null,"running":false,"uptime":null}'
}

@test "fg-spawn: a pidfile that is a folder or a FIFO exits 1 with one line, at once" {
	mkdir -p "$PIDFILE"
	run --separate-stderr "$FG_SPAWN" status --pidfile "$PIDFILE"
	assert_error 1 "fg-spawn: $PIDFILE: not a regular file"
	rmdir "$PIDFILE"
	mkfifo "$PIDFILE"
	run --separate-stderr timeout 10 "$FG_SPAWN" stop --pidfile "$PIDFILE"
	assert_error 1 "fg-spawn: $PIDFILE: not a regular file"
}

# ---- probe ----

@test "fg-spawn: probe reports 200 as ok and 503 as not ok, in argument order, exit 1" {
	start_test_server
	run --separate-stderr "$FG_SPAWN" probe -c "$TESTSERVER_URL/status/503" "$TESTSERVER_URL/health"
	assert_failure 1
	[ -z "$stderr" ]
	run jq -c '[.[] | [.url, .ok, .status_code, .reason, .error]]' <<<"$output"
	assert_output "[[\"$TESTSERVER_URL/status/503\",false,503,\"http_503\",null],[\"$TESTSERVER_URL/health\",true,200,\"none\",null]]"
}

@test "fg-spawn: probe exits 0 when every URL answers 2xx" {
	start_test_server
	run "$FG_SPAWN" probe "$TESTSERVER_URL/" "$TESTSERVER_URL/v1/models" "$TESTSERVER_URL/status/204"
	assert_success
	run jq -c '[.[] | .status_code]' <<<"$output"
	assert_output '[200,200,204]'
}

@test "fg-spawn: probe of a URL that never answers reports a timeout at --timeout" {
	start_test_server
	run "$FG_SPAWN" probe -c --timeout 0.5 "$TESTSERVER_URL/hang"
	assert_failure 1
	run jq -r '.[0] | [.ok, .status_code, .reason, .error, (.elapsed_ms >= 450 and .elapsed_ms < 1500)] | @tsv' <<<"$output"
	assert_output "$(printf 'false\t\ttimeout\tno answer within 0.5 s\ttrue')"
}

@test "fg-spawn: probe of a slow URL is ok and its elapsed time shows the delay" {
	start_test_server
	run "$FG_SPAWN" probe -c "$TESTSERVER_URL/slow/300"
	assert_success
	run jq -r '.[0] | [.ok, .status_code, (.elapsed_ms >= 300 and .elapsed_ms < 1500)] | @tsv' <<<"$output"
	assert_output "$(printf 'true\t200\ttrue')"
}

@test "fg-spawn: probe of a closed port reports connection refused" {
	port=$(closed_port)
	run "$FG_SPAWN" probe -c "http://127.0.0.1:$port/health"
	assert_failure 1
	run jq -c '.[0] | [.ok, .status_code, .reason, .error]' <<<"$output"
	assert_output '[false,null,"connection_refused","cannot connect: Connection refused"]'
}

@test "fg-spawn: probe refuses URLs that are not http or https with an error entry" {
	run "$FG_SPAWN" probe -c ftp://127.0.0.1/ file:///etc/passwd not-a-url
	assert_failure 1
	run jq -c '[.[] | [.ok, .status_code, .reason, .error]]' <<<"$output"
	assert_output '[[false,null,"unsupported_protocol","unsupported scheme (only http and https)"],[false,null,"unsupported_protocol","unsupported scheme (only http and https)"],[false,null,"invalid_url","not a URL (http://HOST:PORT/PATH)"]]'
}

@test "fg-spawn: probe reads a body larger than 1 MiB up to the cap and still reports its status" {
	start_test_server
	run "$FG_SPAWN" probe -c "$TESTSERVER_URL/bytes/5000000"
	assert_success
	run jq -c '.[0] | [.ok, .status_code, .reason, .error]' <<<"$output"
	assert_output '[true,200,"none",null]'
}

@test "fg-spawn: probes run concurrently: a hanging URL bounds the total by the timeout" {
	start_test_server
	t0=$(now_ms)
	run "$FG_SPAWN" probe -c --timeout 1 "$TESTSERVER_URL/hang" "$TESTSERVER_URL/slow/800" \
		"$TESTSERVER_URL/slow/800" "$TESTSERVER_URL/slow/800" "$TESTSERVER_URL/health"
	elapsed=$(($(now_ms) - t0))
	assert_failure 1
	run jq -c '[.[] | .ok]' <<<"$output"
	assert_output '[false,true,true,true,true]'
	# One after the other would take 1 + 3 x 0.8 = 3.4 s.
	[ "$elapsed" -ge 1000 ]
	[ "$elapsed" -lt 3000 ]
}

# ---- probe: the reason word ----

@test "fg-spawn: status, stop, port and start without --wait-ready never load libcurl; probe does" {
	port=$(closed_port)
	run ! loads_libcurl "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- sleep 300
	run ! loads_libcurl "$FG_SPAWN" status -c --pidfile "$PIDFILE"
	run ! loads_libcurl "$FG_SPAWN" port -c "127.0.0.1:$port"
	run ! loads_libcurl "$FG_SPAWN" stop -c --pidfile "$PIDFILE"
	[ ! -e "$PIDFILE" ]
	run loads_libcurl "$FG_SPAWN" probe -c "http://127.0.0.1:$port/"
	assert_success
}

@test "fg-spawn: a libcurl that cannot be loaded fails probe and start --wait-ready in one line" {
	lib=$(broken_libcurl empty)
	port=$(closed_port)
	run --separate-stderr env LD_LIBRARY_PATH="$lib" "$FG_SPAWN" probe -c "http://127.0.0.1:$port/"
	assert_error 1 "fg-spawn: probe: cannot load libcurl: $lib/libcurl.so.4: file too short"
	# Nothing is started that could not be waited on.
	run --separate-stderr env LD_LIBRARY_PATH="$lib" "$FG_SPAWN" start -c --pidfile "$PIDFILE" \
		--log "$LOG" --wait-ready "http://127.0.0.1:$port/" -- sleep 300
	assert_error 1 "fg-spawn: start: cannot load libcurl: $lib/libcurl.so.4: file too short"
	[ ! -e "$PIDFILE" ]
	[ ! -e "$LOG" ]
	lib=$(broken_libcurl symbols)
	run --separate-stderr env LD_LIBRARY_PATH="$lib" "$FG_SPAWN" probe -c "http://127.0.0.1:$port/"
	assert_error 1 "fg-spawn: probe: cannot load libcurl: $lib/libcurl.so.4: undefined symbol: curl_global_init"
}

@test "fg-spawn: without a loadable libcurl, what makes no HTTP request works as before" {
	lib=$(broken_libcurl empty)
	run env LD_LIBRARY_PATH="$lib" "$FG_SPAWN" start -c --pidfile "$PIDFILE" --log "$LOG" -- sleep 300
	assert_success
	spawn_pid pid
	run env LD_LIBRARY_PATH="$lib" "$FG_SPAWN" status --sh --pidfile "$PIDFILE"
	assert_success
	assert_line "fg_running='yes'"
	run env LD_LIBRARY_PATH="$lib" "$FG_SPAWN" stop -c --pidfile "$PIDFILE"
	assert_success
	assert_output "{\"result\":\"stopped\",\"pid\":$pid}"
}

@test "fg-spawn: probe gives each failure its reason word and keeps the text in error" {
	port=$(closed_port)
	start_test_server
	run "$FG_SPAWN" probe -c --timeout 0.5 "$TESTSERVER_URL/health" "$TESTSERVER_URL/status/503" \
		"$TESTSERVER_URL/hang" "http://127.0.0.1:$port/" not-a-url file:///etc/passwd \
		"$TESTSERVER_URL/status/404" "$TESTSERVER_URL/bytes/5000000"
	assert_failure 1
	run jq -r '.[] | [.reason, .status_code // "-", .error // "-"] | join(" ")' <<<"$output"
	assert_output "none 200 -
http_503 503 -
timeout - no answer within 0.5 s
connection_refused - cannot connect: Connection refused
invalid_url - not a URL (http://HOST:PORT/PATH)
unsupported_protocol - unsupported scheme (only http and https)
http_404 404 -
none 200 -"
}

# ---- port ----

@test "fg-spawn: port says which addresses are free, in argument order; exit 1 when one is in use" {
	port=$(closed_port)
	start_test_server
	run --separate-stderr "$FG_SPAWN" port -c "127.0.0.1:$port" "127.0.0.1:$TESTSERVER_PORT"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "[{\"address\":\"127.0.0.1:$port\",\"free\":true,\"error\":null},{\"address\":\"127.0.0.1:$TESTSERVER_PORT\",\"free\":false,\"error\":\"port 127.0.0.1:$TESTSERVER_PORT is already in use by pid $TESTSERVER_PID (fg-testserver)\"}]"
}

@test "fg-spawn: port exits 0 when every address is free, a name such as localhost too" {
	port=$(closed_port)
	run --separate-stderr "$FG_SPAWN" port "127.0.0.1:$port" "localhost:$port"
	assert_success
	assert_equal "$(jq -c '[.[] | .free]' <<<"$output")" '[true,true]'
	run "$FG_SPAWN" port -c "127.0.0.1:$port"
	assert_success
	assert_output "[{\"address\":\"127.0.0.1:$port\",\"free\":true,\"error\":null}]"
}

@test "fg-spawn: port of an address this host does not have is not free, with the reason" {
	port=$(closed_port)
	run --separate-stderr "$FG_SPAWN" port -c "192.0.2.1:$port"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_equal "$(jq -r '.[0].free' <<<"$output")" false
	assert_equal "$(jq -r '.[0].error' <<<"$output")" "port 192.0.2.1:$port: cannot bind: Cannot assign requested address"
}

@test "fg-spawn: port with an argument that is not HOST:PORT is a usage error, nothing checked" {
	port=$(closed_port)
	run --separate-stderr "$FG_SPAWN" port "127.0.0.1:$port" 8080
	assert_error 2 "fg-spawn: port: 8080: expected HOST:PORT"
	run --separate-stderr "$FG_SPAWN" port "127.0.0.1:65536"
	assert_error 2 "fg-spawn: port: 127.0.0.1:65536: expected HOST:PORT, PORT 1-65535"
	run --separate-stderr "$FG_SPAWN" port
	assert_error 2 "fg-spawn: port: HOST:PORT is required"
	run --separate-stderr "$FG_SPAWN" port --frob "127.0.0.1:$port"
	assert_error 2 "fg-spawn: port: unknown option --frob (see fg-spawn port --help)"
}

@test "fg-spawn: port --sh numbers fg_address, fg_free and fg_port_error from 1" {
	port=$(closed_port)
	start_test_server
	run --separate-stderr "$FG_SPAWN" port --sh "127.0.0.1:$TESTSERVER_PORT" "127.0.0.1:$port"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output "fg_address_1='127.0.0.1:$TESTSERVER_PORT'
fg_free_1='no'
fg_port_error_1='port 127.0.0.1:$TESTSERVER_PORT is already in use by pid $TESTSERVER_PID (fg-testserver)'
fg_address_2='127.0.0.1:$port'
fg_free_2='yes'
fg_port_error_2=''"
	eval "$output"
	assert_equal "$fg_free_2" yes
}

# ---- --sh: sh assignments for the porcelain ----

@test "fg-spawn: start --sh prints fg_result, fg_pid, fg_pidfile and fg_log" {
	run --separate-stderr "$FG_SPAWN" start --sh --pidfile "$PIDFILE" --log "$LOG" -- sleep 300
	assert_success
	assert_equal "$stderr" ""
	assert_output "fg_result='started'
fg_pid='$(sed -n 1p "$PIDFILE")'
fg_pidfile='$PIDFILE'
fg_log='$LOG'"
	pid=$(sed -n 1p "$PIDFILE")
	run "$FG_SPAWN" start --sh --pidfile "$PIDFILE" --log "$LOG" -- sleep 300
	assert_success
	eval "$output"
	assert_equal "$fg_result $fg_pid" "already-running $pid"
}

@test "fg-spawn: start --sh quotes paths so that eval gives them back whole" {
	pidfile="$BATS_TEST_TMPDIR/it's a dir/svc.pid"
	log="$BATS_TEST_TMPDIR/it's a dir/svc.log"
	run "$FG_SPAWN" start --sh --pidfile "$pidfile" --log "$log" -- sleep 300
	assert_success
	eval "$output"
	assert_equal "$fg_pidfile" "$pidfile"
	assert_equal "$fg_log" "$log"
}

@test "fg-spawn: start --sh that fails prints nothing on stdout and one line on stderr" {
	run --separate-stderr "$FG_SPAWN" start --sh --pidfile "$PIDFILE" --log "$LOG" -- /nonexistent/prog
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "fg-spawn: start: /nonexistent/prog: No such file or directory"
}

@test "fg-spawn: stop --sh prints fg_result and fg_pid, empty when there is none" {
	start_sleep
	run "$FG_SPAWN" stop --sh --pidfile "$PIDFILE"
	assert_success
	assert_output "fg_result='stopped'
fg_pid='$PID'"
	run "$FG_SPAWN" stop --sh --pidfile "$PIDFILE"
	assert_success
	assert_output "fg_result='not-running'
fg_pid=''"
	other=$(start_foreign_sleep)
	track_pid "$other"
	printf '%s\n%s\n' "$other" "$(($(proc_start_time "$other") + 1))" >"$PIDFILE"
	run "$FG_SPAWN" stop --sh --pidfile "$PIDFILE"
	assert_success
	assert_output "fg_result='stale-pid'
fg_pid='$other'"
}

@test "fg-spawn: status --sh of one pidfile: fg_running, fg_pid, fg_uptime, LSB exit codes" {
	start_sleep
	run "$FG_SPAWN" status --sh --pidfile "$PIDFILE"
	assert_success
	assert_line --index 0 "fg_running='yes'"
	assert_line --index 1 "fg_pid='$PID'"
	assert_line --index 2 --regexp "^fg_uptime='[0-9]+'$"
	assert_equal "${#lines[@]}" 3
	run "$FG_SPAWN" status --sh --pidfile "$BATS_TEST_TMPDIR/none.pid"
	assert_failure 3
	assert_output "fg_running='no'
fg_pid=''
fg_uptime=''"
}

@test "fg-spawn: status --sh of several pidfiles numbers the names in argument order" {
	start_sleep
	run "$FG_SPAWN" status --sh --pidfile "$BATS_TEST_TMPDIR/none.pid" --pidfile "$PIDFILE"
	assert_failure 3
	assert_equal "${#lines[@]}" 6
	assert_line --index 0 "fg_running_1='no'"
	assert_line --index 1 "fg_pid_1=''"
	assert_line --index 2 "fg_uptime_1=''"
	assert_line --index 3 "fg_running_2='yes'"
	assert_line --index 4 "fg_pid_2='$PID'"
	assert_line --index 5 --regexp "^fg_uptime_2='[0-9]+'$"
	run "$FG_SPAWN" status --sh --pidfile "$PIDFILE" --pidfile "$PIDFILE"
	assert_success
	eval "$output"
	assert_equal "$fg_running_1 $fg_running_2 $fg_pid_2" "yes yes $PID"
}

@test "fg-spawn: probe --sh numbers every URL, from 1, even when there is one" {
	start_test_server
	run --separate-stderr "$FG_SPAWN" probe --sh "$TESTSERVER_URL/health"
	assert_success
	assert_equal "$stderr" ""
	assert_output "fg_ok_1='yes'
fg_code_1='200'
fg_reason_1='none'
fg_error_1=''"
	port=$(closed_port)
	run "$FG_SPAWN" probe --sh "$TESTSERVER_URL/status/503" "http://127.0.0.1:$port/" not-a-url
	assert_failure 1
	assert_output "fg_ok_1='no'
fg_code_1='503'
fg_reason_1='http_503'
fg_error_1=''
fg_ok_2='no'
fg_code_2=''
fg_reason_2='connection_refused'
fg_error_2='cannot connect: Connection refused'
fg_ok_3='no'
fg_code_3=''
fg_reason_3='invalid_url'
fg_error_3='not a URL (http://HOST:PORT/PATH)'"
}

@test "fg-spawn: with -c and --sh, --sh wins" {
	run "$FG_SPAWN" stop -c --sh --pidfile "$PIDFILE"
	assert_success
	assert_output "fg_result='not-running'
fg_pid=''"
	run "$FG_SPAWN" status --sh -c --pidfile "$PIDFILE"
	assert_failure 3
	assert_line --index 0 "fg_running='no'"
}

@test "fg-spawn: every allocation failure in status and stop is reported in one line" {
	start_sleep
	export FAILALLOC_IGNORE='s/"uptime":[0-9]+/"uptime":N/; s/^(fg_uptime[_0-9]*)=.*/\1=N/'
	run every_alloc_failure_is_reported "$FG_SPAWN" status --sh --pidfile "$PIDFILE" \
		--pidfile "$BATS_TEST_TMPDIR/none.pid"
	assert_success
	run every_alloc_failure_is_reported "$FG_SPAWN" status -c --pidfile "$PIDFILE"
	assert_success
	run every_alloc_failure_is_reported "$FG_SPAWN" stop --sh --pidfile "$BATS_TEST_TMPDIR/none.pid"
	assert_success
}

# Loading libcurl (dlopen: the loader's own allocations, see the shim) and
# its global setup, then URLs refused before any transfer: libcurl reports
# running out of memory while it connects as "could not resolve host", a
# result no caller can tell from a real one. OpenSSL's setup (in
# curl_global_init) leaks what it had allocated when a later allocation
# fails; under LeakSanitizer (make SANITIZE=1) those leaks, OpenSSL's own,
# are suppressed, and only those.
@test "fg-spawn: every allocation failure in loading libcurl is reported in one line" {
	# Some 3,100 allocations, each run loading libcurl's 32 libraries: about
	# 300 runs are made of them (helpers/failalloc: all with
	# FG_FAILALLOC_ALL=1), still long under memcheck, which has no more to show.
	[ "$(cat "$ROOT/build/variant")" != vg ] || skip_platform "3,100 memcheck runs; make SANITIZE=1 walks it"
	printf 'leak:libcrypto.so\n' >"$BATS_TEST_TMPDIR/lsan.supp"
	export LSAN_OPTIONS=suppressions=$BATS_TEST_TMPDIR/lsan.supp:print_suppressions=0
	run every_alloc_failure_is_reported "$FG_SPAWN" probe --sh ftp://127.0.0.1/ 'http://[bad'
	assert_success
}

# Numeric addresses only: a name goes through glibc's NSS, which under a
# failed allocation may crash or answer "not known" itself.
@test "fg-spawn: every allocation failure in port is reported in one line" {
	port=$(closed_port)
	run every_alloc_failure_is_reported "$FG_SPAWN" port --sh "127.0.0.1:$port" "192.0.2.1:$port"
	assert_success
	run every_alloc_failure_is_reported "$FG_SPAWN" port -c "[::1]:$port"
	assert_success
}

@test "fg-spawn: -- ends the options of status, stop and probe" {
	run "$FG_SPAWN" status -c --pidfile "$PIDFILE" --
	assert_failure 3
	assert_output '{"pid":null,"running":false,"uptime":null}'
	run "$FG_SPAWN" stop -c --pidfile "$PIDFILE" --
	assert_success
	assert_output '{"result":"not-running","pid":null}'
	port=$(closed_port)
	run "$FG_SPAWN" probe -c --timeout 1 -- "http://127.0.0.1:$port/"
	assert_failure 1
	assert_equal "$(jq -r '.[0].reason' <<<"$output")" connection_refused
}
