#!/usr/bin/env bats
# scripts/doctor.sh: the original's wrapper around `flowgate --config CONFIG
# doctor` (lines and exit code passed through), on a stand-in stack.
# shellcheck disable=SC2154 # bats' run sets $stderr and $stderr_lines

# The stand-in release is made and served once for the file: the tests only
# download it (bootstrap), and making it (a 4 MiB tar.gz, checksums, jq) and
# its server cost some 0.35 CPU-s a test.
setup_file() {
	load helpers/server
	build_test_server
	RELDIR=$BATS_FILE_TMPDIR/releases
	mkdir -p "$RELDIR/download"
	BATS_TEST_TMPDIR=$BATS_FILE_TMPDIR launch_test_server "$BATS_FILE_TMPDIR/release.port" \
		--lifetime 3600 --release-dir "$RELDIR"
	RELEASE_PID=$TESTSERVER_PID
	FLOWGATE_GITHUB_API=$TESTSERVER_URL
	"$BATS_TEST_DIRNAME/stand-ins.sh" release "$RELDIR" "$FLOWGATE_GITHUB_API"
	export FLOWGATE_GITHUB_API
}

teardown_file() {
	TESTSERVER_PID=$RELEASE_PID stop_test_server
}

# make_stack_project (helpers/stack) on the file's release: the project, its
# two free ports, the management key and the stand-in LiteLLM.
setup() {
	load helpers/stack
	make_project
	PORT_A=$(stack_port)
	PORT_B=$(stack_port)
	sed -i "s/port: 8317/port: $PORT_A/; s/port: 4000/port: $PORT_B/; s#127.0.0.1:8317#127.0.0.1:$PORT_A#" \
		config/flowgate.yaml
	sed -i "s/^port: 8317/port: $PORT_A/" config/cliproxyapi.yaml
	MGMT_KEY=change-me-management-key
	printf '%s\n' "$MGMT_KEY" >.router/secrets/cliproxy_management_key
	chmod 600 .router/secrets/cliproxy_management_key
	FLOWGATE_LITELLM=$BATS_TEST_TMPDIR/stand-in-litellm
	"$STAND_INS" litellm "$FLOWGATE_LITELLM" "$PORT_B"
	export FLOWGATE_LITELLM
	SCRIPT=$ROOT/scripts/doctor.sh
}

# Only a test that started a service (a pidfile) has one to stop.
teardown() {
	if compgen -G "$PROJ/.router/runtime/pids/*.pid" >/dev/null; then
		stop_stack
	fi
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
