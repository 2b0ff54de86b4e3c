# spawn.bash — process helpers for tests that start real services.
#
#   load 'helpers/spawn'
#   teardown() { cleanup_spawned; }
#
# cleanup_spawned kills (SIGKILL) what every pidfile under $BATS_TEST_TMPDIR
# names, and every pid passed to track_pid, but only while the process's start
# time still matches: a recycled pid is never touched.

FG_SPAWN="${FG_SPAWN:-$BATS_TEST_DIRNAME/../bin/fg-spawn}"

# Field N of /proc/PID/stat, counted as proc(5) does; the name in
# parentheses may hold spaces, so fields are split after the last ')'.
proc_field() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	# shellcheck disable=SC2086
	set -- $2 $stat
	shift "$(($1 - 2))"
	echo "$1"
}

proc_start_time() { proc_field "$1" 22; }

# Running, not a zombie: this machine's init may never reap orphans.
proc_running() {
	local state
	state=$(proc_field "$1" 3) || return 1
	[ "$state" != Z ] && [ "$state" != X ]
}

# Running, and no signal waits for it. Right after a command that must not
# signal pid this tells at once, without a sleep: a signal sent to it has
# either acted (pid no longer runs) or is still pending.
proc_unsignalled() {
	proc_running "$1" || return 1
	! grep -qE '^(SigPnd|ShdPnd):[[:space:]]*0*[1-9a-fA-F]' "/proc/$1/status"
}

# How many running processes have word as one of their arguments (a service
# script's path). Once the commands that could have started one have
# returned, the count is final: a started service runs before start returns.
count_running_with_arg() {
	local f pid n=0
	for f in /proc/[0-9]*/cmdline; do
		pid=${f#/proc/}
		pid=${pid%/cmdline}
		if tr '\0' '\n' 2>/dev/null <"$f" | grep -qxF -- "$1" && proc_running "$pid"; then
			n=$((n + 1))
		fi
	done
	echo "$n"
}

track_pid() {
	echo "$1 $(proc_start_time "$1")" >>"$BATS_TEST_TMPDIR/tracked.pids"
}

kill_if_same() {
	local pid="$1" start="$2"
	[ -n "$pid" ] && [ -n "$start" ] || return 0
	[ "$(proc_start_time "$pid")" = "$start" ] || return 0
	if [ "$(proc_field "$pid" 5)" = "$pid" ]; then
		kill -KILL -- "-$pid" 2>/dev/null || true
	else
		kill -KILL "$pid" 2>/dev/null || true
	fi
}

cleanup_spawned() {
	local f pid start
	while IFS= read -r f; do
		pid=$(sed -n 1p "$f")
		start=$(sed -n 2p "$f")
		kill_if_same "$pid" "$start"
	done < <(find "$BATS_TEST_TMPDIR" -name '*.pid' -type f 2>/dev/null)
	if [ -f "$BATS_TEST_TMPDIR/tracked.pids" ]; then
		while read -r pid start; do
			kill_if_same "$pid" "$start"
		done <"$BATS_TEST_TMPDIR/tracked.pids"
	fi
}

# Waits up to 5 s for a condition (a command); fails if it never holds.
wait_for() {
	local _
	for _ in $(seq 1 100); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# Waits up to 5 s for pid to stop running.
wait_gone() {
	local _
	for _ in $(seq 1 100); do
		proc_running "$1" || return 0
		sleep 0.05
	done
	return 1
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# True when pid is this shell or one of its ancestors (a possible subreaper).
is_self_or_ancestor() {
	local p=$$
	while [ "$p" -gt 1 ]; do
		[ "$p" = "$1" ] && return 0
		p=$(proc_field "$p" 4) || return 1
	done
	[ "$1" = 1 ]
}
