#!/usr/bin/env bats
# flowgate profile list|set: the porcelain over fg-config, fg-merge, fg-resolve.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

setup() {
	load helpers/common
	make_project
}

@test "flowgate profile list: prints the profiles, sorted, one per line" {
	run flowgate profile list
	assert_success
	assert_output "balanced
cost
reliability"
}

@test "flowgate profile list: --format json prints one document" {
	run flowgate --format json profile list
	assert_success
	assert_equal "$(jq -c . <<<"$output")" '{"profiles":["balanced","cost","reliability"]}'
}

@test "flowgate profile set: prints the three lines and writes the active config" {
	run flowgate profile set balanced
	assert_success
	assert_output "profile=balanced
active_config=$PROJ/.router/runtime/litellm.active.yaml
state_file=$PROJ/.router/runtime/state.json"
	assert_equal "$(file_mode .router/runtime/litellm.active.yaml)" 600
	grep -qx "    api_key: $SECRET" .router/runtime/litellm.active.yaml
	grep -qx "  num_retries: 2" .router/runtime/litellm.active.yaml
}

@test "flowgate profile set: the active config equals the plumbing pipeline's output" {
	flowgate profile set cost >/dev/null
	fg-config config/flowgate.yaml | fg-merge cost | fg-resolve --yaml >"$BATS_TEST_TMPDIR/piped.yaml"
	assert_equal "$(cat .router/runtime/litellm.active.yaml)" "$(cat "$BATS_TEST_TMPDIR/piped.yaml")"
}

@test "flowgate profile set: records the state file and a profile_switch event" {
	flowgate profile set reliability >/dev/null
	assert_equal "$(jq -r .current_profile .router/runtime/state.json)" reliability
	run jq -c '[.event, .profile, .result]' .router/runtime/events.log
	assert_output '["profile_switch","reliability","success"]'
}

@test "flowgate profile set: an unknown profile is exit 2 and changes nothing" {
	flowgate profile set balanced >/dev/null
	before=$(cat .router/runtime/litellm.active.yaml .router/runtime/state.json)
	run --separate-stderr flowgate profile set fastest
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "flowgate: profile 'fastest' not found (available: balanced, cost, reliability)"
	assert_equal "$(cat .router/runtime/litellm.active.yaml .router/runtime/state.json)" "$before"
}

@test "flowgate profile set: a missing credential keeps the old active config and logs a failure" {
	flowgate profile set balanced >/dev/null
	before=$(cat .router/runtime/litellm.active.yaml)
	rm .router/secrets/upstream_cliproxyapi_api_key
	run --separate-stderr flowgate profile set cost
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "fg-resolve: model_list[0].litellm_params.api_key_ref: credential 'cliproxy_default': $PROJ/.router/secrets/upstream_cliproxyapi_api_key: file not found"
	assert_equal "$(cat .router/runtime/litellm.active.yaml)" "$before"
	assert_equal "$(jq -r .current_profile .router/runtime/state.json)" balanced
	assert_equal "$(tail -n 1 .router/runtime/events.log | jq -r '.result')" failure
}

@test "flowgate profile set: the secret never reaches the events log or the output" {
	run --separate-stderr flowgate profile set balanced
	assert_success
	refute_output --partial "$SECRET"
	assert_equal "$stderr" ""
	# A profile whose first model's key is read (the secret is in memory)
	# and whose second one's file is missing: the switch fails after the
	# secret was read, and still no message or event holds it.
	sed -i 's|^profiles:$|profiles:\n  leaky:\n    model_list:\n      - {model_name: a, litellm_params: {model: openai/a, api_key_ref: cliproxy_default}}\n      - {model_name: b, litellm_params: {model: openai/b, api_key_ref: other}}|' config/flowgate.yaml
	sed -i 's|^  upstream:$|  upstream:\n    other: {file: ../.router/secrets/other_key}|' config/flowgate.yaml
	run --separate-stderr flowgate profile set leaky
	assert_failure 1
	assert_regex "$stderr" "credential 'other': .*other_key: file not found"
	assert_equal "$(tail -n 1 .router/runtime/events.log | jq -r '.event + " " + .result')" "profile_switch failure"
	refute_output --partial "$SECRET"
	refute [ -n "$(grep -F -- "$SECRET" <<<"$stderr")" ]
	run grep -c -F -- "$SECRET" .router/runtime/events.log
	assert_output 0
}

@test "flowgate profile set: --format json prints one document" {
	run flowgate --format json profile set cost
	assert_success
	assert_equal "$(jq -c . <<<"$output")" "{\"profile\":\"cost\",\"active_config\":\"$PROJ/.router/runtime/litellm.active.yaml\",\"state_file\":\"$PROJ/.router/runtime/state.json\",\"litellm_restarted_pid\":null}"
}

@test "flowgate profile: --config and \$FLOWGATE_CONFIG choose the config" {
	mv config/flowgate.yaml config/other.yaml
	cd "$BATS_TEST_TMPDIR"
	run flowgate --config "$PROJ/config/other.yaml" profile list
	assert_success
	assert_line balanced
	FLOWGATE_CONFIG=$PROJ/config/other.yaml run flowgate profile list
	assert_success
	assert_line cost
}

@test "flowgate profile: a missing config is exit 2 with fg-config's one-line error" {
	run --separate-stderr flowgate --config nope.yaml profile list
	assert_failure 2
	assert_equal "$stderr" "fg-config: nope.yaml: config file not found"
}

@test "flowgate profile: an invalid config is exit 2 with file:line:col" {
	sed -i 's/^    port: 4000$/    port: nope/' config/flowgate.yaml
	run --separate-stderr flowgate profile set balanced
	assert_failure 2
	assert_equal "$stderr" "fg-config: config/flowgate.yaml:16:11: services.litellm.port must be an integer from 1 to 65535"
}

@test "flowgate profile: usage errors are exit 2" {
	run flowgate profile
	assert_failure 2
	run flowgate profile set
	assert_failure 2
	run flowgate profile frob
	assert_failure 2
	run flowgate --format xml profile list
	assert_failure 2
	assert_output "flowgate: --format must be text or json, not 'xml'"
}

@test "flowgate profile set: a name must match a profile exactly, as one word" {
	flowgate profile set balanced >/dev/null
	before=$(cat .router/runtime/litellm.active.yaml .router/runtime/state.json .router/runtime/events.log)
	for name in 'balanced cost' ' balanced' 'balanced
cost' 'bal*' ''; do
		run --separate-stderr flowgate profile set "$name"
		assert_failure 2
		assert_output ""
		assert_equal "${#stderr_lines[@]}" 1
	done
	assert_equal "$(cat .router/runtime/litellm.active.yaml .router/runtime/state.json .router/runtime/events.log)" "$before"
}

@test "flowgate profile set: an unknown name with a newline is quoted on one line" {
	run --separate-stderr flowgate profile set 'no
such'
	assert_failure 2
	assert_equal "$stderr" "flowgate: profile 'no?such' not found (available: balanced, cost, reliability)"
}

# An installed copy whose fg-merge fails: the porcelain must see a middle
# stage's failure (POSIX sh has no pipefail).
install_with_failing_merge() {
	dest=$BATS_TEST_TMPDIR/root
	tree_make -o all install DESTDIR="$dest" PREFIX=/fg >/dev/null
	printf '#!/bin/sh\ncat >/dev/null\necho "fg-merge: <stdin>: simulated failure" >&2\nexit 1\n' \
		>"$dest/fg/bin/fg-merge"
	FG=$dest/fg/bin/flowgate
}

@test "flowgate profile set: a failing middle stage is caught, its one error shown, nothing written" {
	flowgate profile set balanced >/dev/null
	before=$(cat .router/runtime/litellm.active.yaml .router/runtime/state.json)
	install_with_failing_merge
	run --separate-stderr "$FG" profile set cost
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "fg-merge: <stdin>: simulated failure"
	assert_equal "$(cat .router/runtime/litellm.active.yaml .router/runtime/state.json)" "$before"
	assert_equal "$(tail -n 1 .router/runtime/events.log | jq -r '"\(.result) \(.detail)"')" \
		"failure active config not written: fg-merge failed (exit 1)"
}

@test "flowgate profile set: 20 concurrent switches leave the state naming the profile the active config holds" {
	local i pids=() p
	for i in $(seq 1 20); do
		p=balanced
		[ $((i % 3)) != 1 ] || p=cost
		[ $((i % 3)) != 2 ] || p=reliability
		flowgate profile set "$p" >/dev/null 2>&1 &
		pids+=("$!")
	done
	for p in "${pids[@]}"; do
		wait "$p"
	done
	current=$(jq -r .current_profile .router/runtime/state.json)
	fg-config config/flowgate.yaml | fg-merge "$current" | fg-resolve --yaml >"$BATS_TEST_TMPDIR/expected.yaml"
	assert_equal "$(cat .router/runtime/litellm.active.yaml)" "$(cat "$BATS_TEST_TMPDIR/expected.yaml")"
	assert_equal "$(jq -r 'select(.event == "profile_switch") | .result' .router/runtime/events.log | sort | uniq -c | awk '{print $1, $2}')" "20 success"
	run find .router/runtime -name '.*' ! -name .profile.lock
	assert_output ""
}

# kill_trials OLD NEW: 100 trials of flowgate profile set, killed (-9, with
# its pipeline) at a random point; after each, the active config must be
# OLD's or NEW's bytes. Prints the first trial that finds it neither, and
# fails.
kill_trials() (
	trap - DEBUG
	local trial pid target fd got old new
	IFS= read -r -d '' old <"$1" || :
	IFS= read -r -d '' new <"$2" || :
	exec {fd}<>"$BATS_TEST_TMPDIR/never"
	for ((trial = 1; trial <= 100; trial++)); do
		target=cost
		[ $((trial % 2)) = 0 ] || target=balanced
		# Its own process group, so the kill takes the whole pipeline; the
		# delay between write and rename widens the window.
		FG_ATOMIC_DELAY_MS=$((RANDOM % 30)) setsid flowgate profile set "$target" >/dev/null 2>&1 &
		pid=$!
		read -r -t "0.0$((RANDOM % 10))" -u "$fd" || :
		kill -KILL -- "-$pid" 2>/dev/null || :
		wait "$pid" 2>/dev/null || :
		got=
		if IFS= read -r -d '' got <.router/runtime/litellm.active.yaml; then
			got=$got$'\n(a NUL byte)'
		fi
		if [ "$got" != "$old" ] && [ "$got" != "$new" ]; then
			echo "trial $trial: the active config is neither the old nor the new one"
			return 1
		fi
	done
)

@test "flowgate profile set: kill -9 at random points, 100 trials: the active config is always whole, no temp file survives" {
	flowgate profile set balanced >/dev/null
	for p in balanced cost; do
		fg-config config/flowgate.yaml | fg-merge "$p" | fg-resolve --yaml >"$BATS_TEST_TMPDIR/$p.yaml"
	done
	# The trials run in a subshell that bats' DEBUG trap does not trace,
	# without a fork per check: the wait is read -t on a fifo nothing
	# writes to (no sleep), and the active config is read by a builtin and
	# compared byte for byte with the old and the new one (no cmp; read
	# -d '' stops early only at a NUL byte, and a file holding one is
	# neither). The first trial that finds it torn fails the test.
	mkfifo "$BATS_TEST_TMPDIR/never"
	kill_trials "$BATS_TEST_TMPDIR/balanced.yaml" "$BATS_TEST_TMPDIR/cost.yaml"
	flowgate profile set cost >/dev/null
	run find .router/runtime -name '.*' ! -name .profile.lock
	assert_output ""
	cmp .router/runtime/litellm.active.yaml "$BATS_TEST_TMPDIR/cost.yaml"
}
