#!/usr/bin/env bats
# scripts/doctor.sh: the original's wrapper around `flowgate --config CONFIG
# doctor` (lines and exit code passed through), on a stand-in stack.
# shellcheck disable=SC2154 # bats' run sets $stderr and $stderr_lines

# The stand-in release is made and served once for the file: the tests only
# download it (bootstrap).
setup_file() {
	load helpers/stack
	build_test_server
	stack_file_release
}

teardown_file() {
	stack_file_release_stop
}

setup() {
	load helpers/stack
	make_stack_project
	SCRIPT=$ROOT/scripts/doctor.sh
}

teardown() {
	stop_stack_if_started
}

@test "doctor.sh: a bootstrapped stack passes, exit 0, with doctor's lines as flowgate prints them" {
	bootstrap_stack
	run --separate-stderr "$SCRIPT"
	assert_success
	assert_equal "${lines[0]}" "doctor:config=pass path=$PROJ/config/flowgate.yaml"
	assert_line 'doctor:runtime_binaries=pass'
	assert_line --regexp '^doctor:jq=pass '
	refute_line --regexp '=fail'
	assert_equal "$stderr" ""
	assert_equal "$output" "$(flowgate --config config/flowgate.yaml doctor)"
}

@test "doctor.sh: a failing check exits 1 with its fail line and suggestion" {
	# Not bootstrapped: no runtime folder, no binaries.
	run "$SCRIPT"
	assert_failure 1
	assert_line "doctor:runtime_dir=fail path=$PROJ/.router/runtime suggestion=flowgate --config $PROJ/config/flowgate.yaml bootstrap download"
	assert_line --regexp '^doctor:runtime_binaries=fail missing=CLIProxyAPIPlus,litellm suggestion='
}

@test "doctor.sh: a CONFIG argument is used, taken from the current folder; the default ignores FLOWGATE_CONFIG" {
	bootstrap_stack
	mkdir "$BATS_TEST_TMPDIR/elsewhere"
	cd "$BATS_TEST_TMPDIR/elsewhere"
	run "$SCRIPT" ../proj/config/flowgate.yaml
	assert_success
	assert_equal "${lines[0]}" "doctor:config=pass path=$PROJ/config/flowgate.yaml"
	# No config/flowgate.yaml here: the default is that, not $FLOWGATE_CONFIG.
	FLOWGATE_CONFIG=$PROJ/config/flowgate.yaml run "$SCRIPT"
	assert_failure 1
	assert_output --regexp '^doctor:config=fail path=config/flowgate\.yaml error='
}

@test "doctor.sh: a config that does not exist fails the config check, exit 1" {
	run "$SCRIPT" nosuch.yaml
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --regexp '^doctor:config=fail path=nosuch\.yaml error=.* suggestion=fix nosuch\.yaml '
}

@test "doctor.sh: FLOWGATE_FORMAT=json passes doctor's JSON document through" {
	bootstrap_stack
	FLOWGATE_FORMAT=json run "$SCRIPT"
	assert_success
	run jq -r '.ok, .checks[0].name, .checks[0].status' <<<"$output"
	assert_output "true
config
pass"
}

@test "doctor.sh: flowgate is found on PATH when the script is not in a checkout, else exit 2" {
	bootstrap_stack
	mkdir -p "$BATS_TEST_TMPDIR/alone"
	cp "$SCRIPT" "$BATS_TEST_TMPDIR/alone/doctor.sh"
	run "$BATS_TEST_TMPDIR/alone/doctor.sh"
	assert_success
	assert_line 'doctor:runtime_binaries=pass'
	PATH=/usr/bin:/bin run --separate-stderr "$BATS_TEST_TMPDIR/alone/doctor.sh"
	assert_failure 2
	assert_equal "$output" ""
	assert_equal "$stderr" "doctor.sh: flowgate not found (run make in the FlowGate tree, or put flowgate on PATH)"
}

@test "doctor.sh: usage: --help prints the header; an unknown option, an empty CONFIG or two exit 2" {
	run "$SCRIPT" --help
	assert_success
	assert_line --index 0 'Usage: ./scripts/doctor.sh [CONFIG]'
	run --separate-stderr "$SCRIPT" --bogus
	assert_failure 2
	assert_equal "$stderr" "doctor.sh: unknown option '--bogus' (usage: doctor.sh [CONFIG])"
	run --separate-stderr "$SCRIPT" ''
	assert_failure 2
	assert_equal "$stderr" "doctor.sh: CONFIG is empty (usage: doctor.sh [CONFIG])"
	run --separate-stderr "$SCRIPT" a.yaml b.yaml
	assert_failure 2
	assert_equal "$stderr" "doctor.sh: too many arguments (usage: doctor.sh [CONFIG])"
}
