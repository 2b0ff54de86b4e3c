#!/usr/bin/env bats
# fg-state: the state file and the JSON Lines events log.
# shellcheck disable=SC2154 # bats' run sets $stderr and $stderr_lines; eval sets fg_*

setup_file() {
	load helpers/failalloc
	build_failalloc
}

setup() {
	load helpers/common
	load helpers/failalloc
	load helpers/oneline
}

@test "fg-state: set writes current_profile and a UTC timestamp, atomically" {
	run fg-state set "$BATS_TEST_TMPDIR/state.json" balanced
	assert_success
	assert_output ""
	run jq -r '.current_profile, .updated_at' "$BATS_TEST_TMPDIR/state.json"
	assert_line --index 0 balanced
	assert_line --index 1 --regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
	assert_equal "$(file_mode "$BATS_TEST_TMPDIR/state.json")" 644
}

@test "fg-state: set --event-log records the state and then its profile_switch event" {
	run fg-state set --event-log "$BATS_TEST_TMPDIR/events.log" "$BATS_TEST_TMPDIR/state.json" cost
	assert_success
	assert_output ""
	assert_equal "$(jq -r .current_profile "$BATS_TEST_TMPDIR/state.json")" cost
	run jq -c '[.event, .profile, .result, .service, .detail]' "$BATS_TEST_TMPDIR/events.log"
	assert_output '["profile_switch","cost","success",null,null]'
	assert_equal "$(jq -r .timestamp "$BATS_TEST_TMPDIR/events.log")" "$(jq -r .updated_at "$BATS_TEST_TMPDIR/state.json")"
	assert_equal "$(file_mode "$BATS_TEST_TMPDIR/events.log")" 600
}

@test "fg-state: set --event-log gives the event the state's updated_at, even when the second turns between them" {
	# The state's rename waits 1.1 s (the test hook), so the clock has moved
	# on to another second by the time the event is written.
	run env FG_ATOMIC_DELAY_MS=1100 fg-state set --event-log "$BATS_TEST_TMPDIR/events.log" \
		"$BATS_TEST_TMPDIR/state.json" cost
	assert_success
	assert_equal "$(jq -r .timestamp "$BATS_TEST_TMPDIR/events.log")" "$(jq -r .updated_at "$BATS_TEST_TMPDIR/state.json")"
}

@test "fg-state: set --event-log: a log that cannot be written says the state was recorded" {
	mkdir "$BATS_TEST_TMPDIR/log-dir"
	run --separate-stderr fg-state set --event-log "$BATS_TEST_TMPDIR/log-dir" "$BATS_TEST_TMPDIR/state.json" cost
	assert_failure 1
	assert_equal "$stderr" "fg-state: set: the state is recorded, but not its event: $BATS_TEST_TMPDIR/log-dir: not a regular file"
	assert_equal "$(jq -r .current_profile "$BATS_TEST_TMPDIR/state.json")" cost
	# A state that could not be written records no event.
	mkdir "$BATS_TEST_TMPDIR/state-dir"
	run --separate-stderr fg-state set --event-log "$BATS_TEST_TMPDIR/events.log" "$BATS_TEST_TMPDIR/state-dir" cost
	assert_failure 2
	assert [ ! -e "$BATS_TEST_TMPDIR/events.log" ]
}

@test "fg-state: show prints nulls (JSON) or unknown (sh) before any set" {
	run fg-state show -c "$BATS_TEST_TMPDIR/none.json"
	assert_success
	assert_output '{"current_profile":null,"updated_at":null}'
	run fg-state show --sh "$BATS_TEST_TMPDIR/none.json"
	assert_output "fg_current_profile='unknown'
fg_updated_at='unknown'"
}

@test "fg-state: show --sh quotes what it prints" {
	printf '{"current_profile": "it'"'"'s", "updated_at": "x"}' >"$BATS_TEST_TMPDIR/s.json"
	run fg-state show --sh "$BATS_TEST_TMPDIR/s.json"
	assert_success
	eval "$output"
	assert_equal "$fg_current_profile" "it's"
}

@test "fg-state: a state file that is not a JSON object is exit 2" {
	echo '[1]' >"$BATS_TEST_TMPDIR/s.json"
	run fg-state show "$BATS_TEST_TMPDIR/s.json"
	assert_failure 2
	assert_output "fg-state: $BATS_TEST_TMPDIR/s.json: the state file must hold a JSON object"
}

@test "fg-state: event appends one JSON line with every field, absent ones null" {
	fg-state event --log "$BATS_TEST_TMPDIR/events.log" --service litellm --result success service_start
	fg-state event --log "$BATS_TEST_TMPDIR/events.log" --profile cost --detail 'say "hi"' profile_switch
	run jq -c 'del(.timestamp)' "$BATS_TEST_TMPDIR/events.log"
	assert_line --index 0 '{"event":"service_start","service":"litellm","profile":null,"provider":null,"result":"success","detail":null}'
	assert_line --index 1 '{"event":"profile_switch","service":null,"profile":"cost","provider":null,"result":null,"detail":"say \"hi\""}'
	assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/events.log")" 2
	assert_equal "$(file_mode "$BATS_TEST_TMPDIR/events.log")" 600
}

@test "fg-state: unknown events are refused" {
	run fg-state event --log "$BATS_TEST_TMPDIR/events.log" made_up
	assert_failure 2
	assert_output "fg-state: event: unknown event 'made_up'"
	[ ! -e "$BATS_TEST_TMPDIR/events.log" ]
}

@test "fg-state: over-long fields are refused, not truncated" {
	run fg-state event --log "$BATS_TEST_TMPDIR/events.log" --detail "$(head -c 5000 /dev/zero | tr '\0' x)" profile_switch
	assert_failure 2
	assert_output "fg-state: event: --detail is longer than 4096 bytes"
}

@test "fg-state: concurrent writers never interleave a line" {
	log=$BATS_TEST_TMPDIR/events.log
	detail=$(head -c 4000 /dev/zero | tr '\0' d)
	# The 40 writers start from sh, whose forks cost a fraction of bats'.
	sh -c 'i=1; while [ "$i" -le 40 ]; do fg-state event --log "$1" --service "s$i" --detail "$2" service_start & i=$((i + 1)); done; wait' _ "$log" "$detail"
	assert_equal "$(wc -l <"$log")" 40
	run jq -c . "$log"
	assert_success
	assert_equal "$(jq -r .service "$log" | sort -u | wc -l)" 40
}

@test "fg-state: unknown commands and missing arguments are usage errors" {
	run fg-state frob
	assert_failure 2
	run fg-state set "$BATS_TEST_TMPDIR/s.json"
	assert_failure 2
	run fg-state event profile_switch
	assert_failure 2
	run fg-state event --log x --frob y profile_switch
	assert_failure 2
	assert_output "fg-state: event: unknown option --frob (see fg-state event --help)"
}

@test "fg-state: a bad option is exit 2 with one stderr line naming it and its command" {
	run --separate-stderr fg-state show --bogus "$BATS_TEST_TMPDIR/s.json"
	assert_failure 2
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "fg-state: show: unknown option --bogus (see fg-state show --help)"
	run --separate-stderr fg-state show --compact=1 "$BATS_TEST_TMPDIR/s.json"
	assert_failure 2
	assert_equal "$stderr" "fg-state: show: option --compact=1: unknown, or takes no value"
	run --separate-stderr fg-state set --mode
	assert_failure 2
	assert_equal "$stderr" "fg-state: set: option --mode needs a value"
	run --separate-stderr fg-state event -x --log "$BATS_TEST_TMPDIR/e.log" profile_switch
	assert_failure 2
	assert_equal "$stderr" "fg-state: event: unknown option -x (see fg-state event --help)"
	[ ! -e "$BATS_TEST_TMPDIR/e.log" ]
}

@test "fg-state: --help and --version" {
	run --separate-stderr fg-state --help
	assert_success
	assert_equal "$stderr" ""
	for cmd in show set event; do
		assert_line --regexp "^usage: fg-state $cmd "
	done
	run fg-state --version
	assert_success
	assert_output --regexp '^fg-state [0-9.]+$'
}

@test "fg-state: every command prints its own usage for --help on stdout, exit 0" {
	for cmd in show set event; do
		run --separate-stderr fg-state "$cmd" --help
		assert_success
		assert_equal "$stderr" ""
		assert_line --index 0 --regexp "^usage: fg-state $cmd "
		assert_equal "$(grep -c '^usage: ' <<<"$output")" 1
	done
	# --help wins wherever it stands among the options, and nothing is done.
	run fg-state event --log "$BATS_TEST_TMPDIR/e.log" --help profile_switch
	assert_success
	[ ! -e "$BATS_TEST_TMPDIR/e.log" ]
}

@test "fg-state: no command is one usage line on stderr, exit 2" {
	run --separate-stderr fg-state
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "usage: fg-state show|set|event ... (see fg-state --help)"
}

@test "fg-state: an unknown command is one line listing the known ones, exit 2" {
	run --separate-stderr fg-state frob
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "fg-state: unknown command 'frob' (show, set, event)"
	run --separate-stderr fg-state --frob
	assert_failure 2
	assert_equal "$stderr" "fg-state: unknown option --frob (see fg-state --help)"
}

@test "fg-state: every allocation failure is reported in one line, nothing on stdout" {
	run every_alloc_failure_is_reported "$ROOT/bin/fg-state" show --sh "$BATS_TEST_TMPDIR/none.json"
	assert_success
	fg-state set "$BATS_TEST_TMPDIR/s.json" balanced
	run every_alloc_failure_is_reported "$ROOT/bin/fg-state" show -c "$BATS_TEST_TMPDIR/s.json"
	assert_success
	run every_alloc_failure_is_reported "$ROOT/bin/fg-state" set "$BATS_TEST_TMPDIR/s.json" cost
	assert_success
	run every_alloc_failure_is_reported "$ROOT/bin/fg-state" event --log "$BATS_TEST_TMPDIR/e.log" \
		--service litellm --detail d service_start
	assert_success
}

@test "fg-state: names with newlines are escaped, so every error is one line" {
	run --separate-stderr fg-state $'fr\nob'
	assert_error 2 "fg-state: unknown command 'fr\\nob' (show, set, event)"
	run --separate-stderr fg-state event --log "$BATS_TEST_TMPDIR/e.log" $'made\nup'
	assert_error 2 "fg-state: event: unknown event 'made\\nup'"
	run --separate-stderr fg-state set --mode $'7\n7' "$BATS_TEST_TMPDIR/s.json" p
	assert_error 2 "fg-state: set: --mode: '7\\n7' is not an octal mode"
	assert [ ! -e "$BATS_TEST_TMPDIR/e.log" ]
}

# The temp files fg-state set leaves for $1, one path a line.
temp_files_of() {
	find "$(dirname "$1")" -maxdepth 1 -name ".$(basename "$1").fgtmp.*"
}

@test "fg-state: a stale temp file of a dead writer is removed by the next write" {
	st=$BATS_TEST_TMPDIR/state.json
	tmp=$BATS_TEST_TMPDIR/.state.json.fgtmp.Ab12Cd
	# Open, but with no lock on it, as a writer killed mid-write leaves it.
	# The holder gets the file already open (an fd it inherits at the fork):
	# a redirection of its own could run after fg-state removed the file,
	# and make it again (a loaded CI machine did).
	echo '{"current_profile": "half' >"$tmp"
	exec {hfd}>>"$tmp"
	sleep 30 >&"$hfd" 3>&- &
	holder=$!
	exec {hfd}>&-
	run fg-state set "$st" balanced
	kill "$holder"
	assert_success
	assert [ ! -e "$tmp" ]
	assert_equal "$(jq -r .current_profile "$st")" balanced
	assert_equal "$(temp_files_of "$st")" ""
}

@test "fg-state: a temp file a live writer holds locked is left alone" {
	st=$BATS_TEST_TMPDIR/state.json
	tmp=$BATS_TEST_TMPDIR/.state.json.fgtmp.Live01
	: >"$tmp"
	(
		exec 9<"$tmp"
		flock 9
		exec sleep 30
	) 3>&- &
	holder=$!
	for _ in $(seq 1 200); do
		flock -n "$tmp" true || break
		sleep 0.05
	done
	run flock -n "$tmp" true
	assert_failure
	run fg-state set "$st" balanced
	kill "$holder"
	assert_success
	assert [ -e "$tmp" ]
	assert_equal "$(jq -r .current_profile "$st")" balanced
	# Symlinks and folders named like temp files are never followed nor removed.
	echo keep >"$BATS_TEST_TMPDIR/target"
	ln -s "$BATS_TEST_TMPDIR/target" "$BATS_TEST_TMPDIR/.state.json.fgtmp.Link01"
	mkdir "$BATS_TEST_TMPDIR/.state.json.fgtmp.Dir001"
	run fg-state set "$st" cost
	assert_success
	assert [ -L "$BATS_TEST_TMPDIR/.state.json.fgtmp.Link01" ]
	assert [ -d "$BATS_TEST_TMPDIR/.state.json.fgtmp.Dir001" ]
	assert_equal "$(cat "$BATS_TEST_TMPDIR/target")" keep
	assert [ ! -e "$tmp" ]
}

@test "fg-state: kill -9 of set before its rename leaves the old file whole; the next set cleans up" {
	st=$BATS_TEST_TMPDIR/state.json
	fg-state set "$st" old
	FG_ATOMIC_DELAY_MS=2000 fg-state set "$st" new 3>&- &
	writer=$!
	# The temp file is complete (and fsynced) before the delay starts.
	for _ in $(seq 1 200); do
		[ -n "$(temp_files_of "$st")" ] && grep -qs '"new"' "$(temp_files_of "$st")" && break
		sleep 0.02
	done
	kill -9 "$writer"
	wait "$writer" || :
	assert_equal "$(jq -r .current_profile "$st")" old
	run temp_files_of "$st"
	assert_output --regexp "^$BATS_TEST_TMPDIR/\.state\.json\.fgtmp\.[A-Za-z0-9]{6}$"
	run grep -c '"new"' "$output"
	assert_output 1
	run fg-state set "$st" newer
	assert_success
	assert_equal "$(temp_files_of "$st")" ""
	assert_equal "$(jq -r .current_profile "$st")" newer
}

@test "fg-state: FG_ATOMIC_DELAY_MS must be a whole number of milliseconds up to 10000" {
	st=$BATS_TEST_TMPDIR/state.json
	fg-state set "$st" old
	for v in x -1 1.5 10001 ' 5'; do
		FG_ATOMIC_DELAY_MS=$v run --separate-stderr fg-state set "$st" new
		assert_error 2 "fg-state: FG_ATOMIC_DELAY_MS: '$v' is not a whole number of milliseconds from 0 to 10000"
	done
	assert_equal "$(jq -r .current_profile "$st")" old
	assert_equal "$(temp_files_of "$st")" ""
}

@test "fg-state: event replaces invalid UTF-8 in any field with U+FFFD; every line parses" {
	log=$BATS_TEST_TMPDIR/events.log
	run fg-state event --log "$log" --detail $'bad \xff\xfe utf-8 \xc3' --profile $'\xe2\x82' \
		--service $'\xc0\x80' --provider $'\xed\xa0\x80' --result $'ok \xc3\xbc' profile_switch
	assert_success
	run jq -c '[.detail, .profile, .service, .provider, .result]' "$log"
	assert_success
	assert_output '["bad �� utf-8 �","�","��","���","ok ü"]'
	assert_equal "$(grep -c '' "$log")" 1
}

@test "fg-state: a state file holding a NUL (raw or \\u0000) is refused in one line" {
	st=$BATS_TEST_TMPDIR/s.json
	printf '{"current_profile": "a\0b"}' >"$st"
	run --separate-stderr fg-state show "$st"
	assert_error 2 "fg-state: $st:1:23: the input contains a NUL byte"
	printf '{"current_profile": "a\\u0000b", "updated_at": null}' >"$st"
	run --separate-stderr fg-state show --sh "$st"
	assert_error 2 "fg-state: $st:1:21: a string contains a NUL byte"
	: >"$st"
	run --separate-stderr fg-state show "$st"
	assert_error 2 "fg-state: $st: empty input"
}

@test "fg-state: a state file that is a FIFO or a folder is refused at once" {
	mkfifo "$BATS_TEST_TMPDIR/fifo.json"
	run --separate-stderr timeout 10 fg-state show "$BATS_TEST_TMPDIR/fifo.json"
	assert_error 2 "fg-state: $BATS_TEST_TMPDIR/fifo.json: not a regular file"
	mkdir "$BATS_TEST_TMPDIR/dir.json"
	run --separate-stderr fg-state show "$BATS_TEST_TMPDIR/dir.json"
	assert_error 2 "fg-state: $BATS_TEST_TMPDIR/dir.json: not a regular file"
	run --separate-stderr fg-state set "$BATS_TEST_TMPDIR/fifo.json" balanced
	assert_error 2 "fg-state: set: $BATS_TEST_TMPDIR/fifo.json: not a regular file"
	assert [ -p "$BATS_TEST_TMPDIR/fifo.json" ]
}

@test "fg-state: an events log that is a FIFO (read or not) or a folder is refused at once" {
	mkfifo "$BATS_TEST_TMPDIR/fifo.log"
	run --separate-stderr timeout 10 fg-state event --log "$BATS_TEST_TMPDIR/fifo.log" profile_switch
	assert_error 1 "fg-state: $BATS_TEST_TMPDIR/fifo.log: not a regular file"
	exec 5<>"$BATS_TEST_TMPDIR/fifo.log"
	run --separate-stderr timeout 10 fg-state event --log "$BATS_TEST_TMPDIR/fifo.log" profile_switch
	exec 5>&-
	assert_error 1 "fg-state: $BATS_TEST_TMPDIR/fifo.log: not a regular file"
	run --separate-stderr fg-state event --log "$BATS_TEST_TMPDIR" profile_switch
	assert_error 1 "fg-state: $BATS_TEST_TMPDIR: not a regular file"
}

@test "fg-state: set refuses a PROFILE that is not UTF-8 (show could not read it back)" {
	run --separate-stderr fg-state set "$BATS_TEST_TMPDIR/s.json" $'ba\xffd'
	assert_error 2 "fg-state: set: PROFILE 'ba"$'\xff'"d' is not valid UTF-8"
	assert [ ! -e "$BATS_TEST_TMPDIR/s.json" ]
}

@test "fg-state: -- ends the options of show, set and event" {
	cd "$BATS_TEST_TMPDIR"
	run fg-state set -- -s.json -p
	assert_success
	run fg-state show -c -- -s.json
	assert_success
	assert_equal "$(jq -r .current_profile <<<"$output")" -p
	run fg-state event --log e.log --profile -p -- profile_switch
	assert_success
	assert_equal "$(jq -r '.event + " " + .profile' e.log)" "profile_switch -p"
	run --separate-stderr fg-state set -s.json -p
	assert_error 2 "fg-state: set: unknown option -s (see fg-state set --help)"
}
