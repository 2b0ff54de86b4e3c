# spawn.bash — process helpers for tests that start real services.
#
#   load 'helpers/spawn'
#   teardown() { cleanup_spawned; }
#
# cleanup_spawned kills (SIGKILL) what every pidfile under $BATS_TEST_TMPDIR
# names, and every pid passed to track_pid, but only while the process's start
# time still matches: a recycled pid is never touched.

FG_SPAWN="${FG_SPAWN:-$BATS_TEST_DIRNAME/../bin/fg-spawn}"
load helpers/nap

# Field N of /proc/PID/stat, counted as proc(5) does; the name in
# parentheses may hold spaces, so fields are split after the last ')'.
proc_field() {
	local field
	proc_field_to field "$1" "$2" || return 1
	echo "$field"
}

# proc_field_to VAR PID N: proc_field's answer into VAR, by builtins (no
# command substitution's fork, no cat): the helpers below run it in loops.
proc_field_to() {
	local -n _pf_out=$1
	local _pf_stat
	local -a _pf_fields
	{ read -r _pf_stat <"/proc/$2/stat"; } 2>/dev/null || return 1
	_pf_stat=${_pf_stat##*) }
	read -r -a _pf_fields <<<"$_pf_stat"
	_pf_out=${_pf_fields[$3 - 3]}
}

proc_start_time() { proc_field "$1" 22; }

# Running, not a zombie: this machine's init may never reap orphans.
proc_running() {
	local state
	proc_field_to state "$1" 3 || return 1
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
# Each /proc/PID/cmdline is read by builtins (its NUL-separated arguments,
# compared whole): a tr and a grep for each of the machine's processes cost
# some 15 ms each.
count_running_with_arg() {
	local f pid arg n=0
	local -a args
	for f in /proc/[0-9]*/cmdline; do
		{ mapfile -t -d '' args <"$f"; } 2>/dev/null || continue
		for arg in "${args[@]}"; do
			[ "$arg" = "$1" ] || continue
			pid=${f#/proc/}
			pid=${pid%/cmdline}
			! proc_running "$pid" || n=$((n + 1))
			break
		done
	done
	echo "$n"
}

track_pid() {
	local start=
	proc_field_to start "$1" 22 || :
	echo "$1 $start" >>"$BATS_TEST_TMPDIR/tracked.pids"
}

kill_if_same() {
	local pid="$1" start="$2" now='' pgrp=''
	[ -n "$pid" ] && [ -n "$start" ] || return 0
	proc_field_to now "$pid" 22 || :
	[ "$now" = "$start" ] || return 0
	proc_field_to pgrp "$pid" 5 || :
	if [ "$pgrp" = "$pid" ]; then
		kill -KILL -- "-$pid" 2>/dev/null || true
	else
		kill -KILL "$pid" 2>/dev/null || true
	fi
}

cleanup_spawned() {
	local f pid start
	local -a pidfiles
	# Every *.pid file at any depth, hidden folders too, by a glob (find and
	# its process substitution were two processes a test).
	deep_glob pidfiles "$BATS_TEST_TMPDIR" '*.pid'
	for f in "${pidfiles[@]}"; do
		if [ ! -f "$f" ] || [ -L "$f" ]; then continue; fi
		pid='' start=''
		{ read -r pid && read -r start; } <"$f" 2>/dev/null || :
		kill_if_same "$pid" "$start"
	done
	if [ -f "$BATS_TEST_TMPDIR/tracked.pids" ]; then
		while read -r pid start; do
			kill_if_same "$pid" "$start"
		done <"$BATS_TEST_TMPDIR/tracked.pids"
	fi
}

# Waits up to 5 s for a condition (a command); fails if it never holds.
wait_for() {
	local _try
	for ((_try = 0; _try < 100; _try++)); do
		"$@" && return 0
		nap 0.05
	done
	return 1
}

# Waits up to 5 s for pid to stop running.
wait_gone() {
	local _try
	for ((_try = 0; _try < 100; _try++)); do
		proc_running "$1" || return 0
		nap 0.05
	done
	return 1
}

# Milliseconds since the epoch, from bash's clock (no date process).
now_ms() {
	local us=${EPOCHREALTIME/[.,]/}
	echo $((us / 1000))
}

# True when pid is this shell or one of its ancestors (a possible subreaper).
is_self_or_ancestor() {
	local p=$$
	while [ "$p" -gt 1 ]; do
		[ "$p" = "$1" ] && return 0
		proc_field_to p "$p" 4 || return 1
	done
	[ "$1" = 1 ]
}

# spawn_pid VAR [TEXT]: into VAR, the pid in fg-spawn start -c's line (TEXT,
# or $output), as jq -r .pid gives it: by one regex when the line has the
# shape start -c writes, {"result":WORD,"pid":N,"pidfile":STR,"log":STR}; by
# jq otherwise (whose start alone costs some 45 ms, and a fork).
spawn_pid() {
	local -n _sp_out=$1
	local _sp_text=${2-$output} _sp_str='"([^"\\[:cntrl:]]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
	local _sp_re="^\\{\"result\":\"[a-z-]+\",\"pid\":([1-9][0-9]*),\"pidfile\":$_sp_str,\"log\":$_sp_str\\}\$"
	if [[ $_sp_text =~ $_sp_re ]]; then
		_sp_out=${BASH_REMATCH[1]}
	else
		_sp_out=$(jq -r .pid <<<"$_sp_text")
	fi
}

