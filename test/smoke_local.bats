#!/usr/bin/env bats
# scripts/smoke_local.sh: the operator's smoke validation (bootstrap and
# doctor, profile set, service start, health polled, readiness URLs, service
# stop), with the original tool's step lines, against a stand-in stack whose
# services are real processes on loopback ports.
# shellcheck disable=SC2154 # bats' run sets $stderr and $stderr_lines

setup_file() {
	load helpers/server
	build_test_server
}

setup() {
	load helpers/stack
	SCRIPT=$ROOT/scripts/smoke_local.sh
	unset PROFILE STARTUP_TIMEOUT POLL_INTERVAL
	make_stack_project
	PIDS=$PROJ/.router/runtime/pids
	EVENTS=$PROJ/.router/runtime/events.log
}

teardown() {
	# cleanup_spawned kills whatever any pidfile names.
	stop_stack_if_started
	cleanup_spawned
}

# The step lines ([N/5] ...) and smoke: lines of the last run, one a line.
smoke_lines() {
	printf '%s\n' "$output" | grep -E '^(smoke:|\[[0-9.]+/5\] )'
}

# Both services are stopped: no pidfile left, and fg-spawn says so (LSB 3).
assert_stack_stopped() {
	local s
	for s in cliproxyapi_plus litellm; do
		assert [ ! -e "$PIDS/$s.pid" ]
		run fg-spawn status --pidfile "$PIDS/$s.pid"
		assert_failure 3
	done
}

# The [event service result] of every service_start/service_stop event.
service_events() {
	jq -r 'select(.event == "service_start" or .event == "service_stop")
		| [.event, .service, .result] | join(" ")' "$EVENTS"
}

# LiteLLM never becomes ready: its readiness path answers 503.
never_ready() {
	sed -i 's#readiness_path: /health/readiness#readiness_path: /status/503#' config/flowgate.yaml
	grep -q 'readiness_path: /status/503' config/flowgate.yaml
}

both_pidfiles() {
	[ -s "$PIDS/cliproxyapi_plus.pid" ] && [ -s "$PIDS/litellm.pid" ]
}

@test "smoke_local: the five steps in order, then PASS, exit 0; the services are stopped afterwards" {
	bootstrap_stack
	run "$SCRIPT"
	assert_success
	assert_equal "$(smoke_lines)" "[1/5] bootstrap runtime
[2/5] generate active profile (balanced)
[3/5] start services
[4/5] wait for health readiness
[4.5/5] verify readiness endpoints
[5/5] stop services
smoke: PASS"
	assert_line "  litellm readiness_url=http://127.0.0.1:$PORT_B/health/readiness readiness_code=200"
	assert_line --regexp "^  cliproxyapi_plus readiness_url=http://127.0.0.1:$PORT_A/ readiness_code=200$"
	assert_equal "${lines[${#lines[@]} - 1]}" "smoke: PASS"
	assert_line --regexp '^  doctor:jq=pass'
	assert_line --regexp '^  cliproxyapi_plus:started pid=[0-9]+$'
	assert_line --regexp '^  litellm:liveness=ok readiness=ok '
	assert_line '  litellm:stopped'
	assert_stack_stopped
	assert_equal "$(service_events)" "service_start cliproxyapi_plus success
service_start litellm success
service_stop cliproxyapi_plus success
service_stop litellm success"
	run flowgate status
	assert_line current_profile=balanced
}

@test "smoke_local: PROFILE=cost is the profile step 2 sets (state file, status, active config)" {
	bootstrap_stack
	PROFILE=cost run "$SCRIPT"
	assert_success
	assert_line '[2/5] generate active profile (cost)'
	assert_line '  profile=cost'
	assert_equal "$(jq -r .current_profile .router/runtime/state.json)" cost
	run flowgate status
	assert_line current_profile=cost
	run grep -c 'router-cheap:' .router/runtime/litellm.active.yaml
	assert_success
	assert_stack_stopped
}

@test "smoke_local: a CONFIG argument is used, taken from the current folder" {
	bootstrap_stack
	cd "$BATS_TEST_TMPDIR"
	mkdir elsewhere
	cd elsewhere
	PROFILE=reliability run "$SCRIPT" ../proj/config/flowgate.yaml
	assert_success
	assert_line 'smoke: PASS'
	assert_line --regexp "^  doctor:config=pass path=$PROJ/config/flowgate.yaml$"
	assert_equal "$(jq -r .current_profile "$PROJ/.router/runtime/state.json")" reliability
	assert [ ! -e config ]
	assert_stack_stopped
}

@test "smoke_local: health is polled until a slow LiteLLM becomes ready" {
	bootstrap_stack
	# The stand-in listens only after a second: the first checks find no one.
	printf '#!/bin/sh\nsleep 1\nexec %s --port %s --lifetime 600\n' "$ROOT/build/fg-testserver" "$PORT_B" \
		>"$FLOWGATE_LITELLM"
	STARTUP_TIMEOUT=20 POLL_INTERVAL=0.1 run "$SCRIPT"
	assert_success
	assert_line 'smoke: PASS'
	assert_line --regexp '^  litellm:liveness=ok readiness=ok '
	assert_stack_stopped
}

@test "smoke_local: readiness that never comes fails step 4 after STARTUP_TIMEOUT, naming the service; services stopped" {
	bootstrap_stack
	never_ready
	t0=$(now_ms)
	STARTUP_TIMEOUT=1 POLL_INTERVAL=0.2 run "$SCRIPT"
	elapsed=$(($(now_ms) - t0))
	assert_failure 1
	assert_equal "${lines[${#lines[@]} - 1]}" \
		"smoke: FAIL [4/5] wait for health readiness: not ready within 1s: litellm (running=yes readiness_error=http_503)"
	assert_equal "$(smoke_lines)" "[1/5] bootstrap runtime
[2/5] generate active profile (balanced)
[3/5] start services
[4/5] wait for health readiness
smoke: health timeout after 1s
smoke: status snapshot
smoke: cleanup: service stop all
smoke: FAIL [4/5] wait for health readiness: not ready within 1s: litellm (running=yes readiness_error=http_503)"
	# The snapshot is flowgate status's lines, taken while both still ran.
	assert_line '  litellm_running=yes'
	assert_line '  current_profile=balanced'
	assert_line --regexp '^  litellm:liveness=ok readiness=fail running=yes readiness_code=503 '
	# Steps 1 to 3 and the cleanup count too: the bound only rules out the
	# default 30 s wait (a sanitizer build on a loaded machine took 8.5 s).
	assert [ "$elapsed" -ge 1000 ]
	assert [ "$elapsed" -lt 20000 ]
	assert_stack_stopped
	assert_equal "$(service_events | grep -c '^service_stop .* success$')" 2
}

@test "smoke_local: a service that exits fails step 4 at once, not at the timeout; the other is stopped" {
	bootstrap_stack
	# It outlives fg-spawn start's check for an exit at once (step 3), then
	# dies while step 4 waits for it to be ready.
	printf '#!/bin/sh\nsleep 1\nexit 1\n' >"$FLOWGATE_LITELLM"
	t0=$(now_ms)
	STARTUP_TIMEOUT=60 POLL_INTERVAL=0.1 run "$SCRIPT"
	elapsed=$(($(now_ms) - t0))
	assert_failure 1
	assert_line 'smoke: cleanup: service stop all'
	assert_equal "${lines[${#lines[@]} - 1]}" \
		"smoke: FAIL [4/5] wait for health readiness: exited: litellm (its output: process-logs/litellm.log in the runtime dir)"
	assert [ "$elapsed" -lt 30000 ]
	assert_stack_stopped
}

@test "smoke_local: a runtime not bootstrapped yet is bootstrapped at step 1 (from the release API), then PASS" {
	run "$SCRIPT"
	assert_success
	assert_line '  smoke: the runtime is not bootstrapped: bootstrap download'
	assert_line '  cliproxy_result=installed'
	assert_line --regexp '^  doctor:runtime_binaries=pass'
	assert_line 'smoke: PASS'
	assert [ -x .router/runtime/bin/CLIProxyAPIPlus ]
	assert_stack_stopped
}

@test "smoke_local: a failing doctor fails step 1 with its first fail line, and starts nothing" {
	bootstrap_stack
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	run "$SCRIPT"
	assert_failure 1
	assert_equal "$(smoke_lines)" "[1/5] bootstrap runtime
smoke: FAIL [1/5] bootstrap runtime: doctor:secret_permissions=fail issues=1 suggestion=chmod 600 $PROJ/.router/secrets/upstream_cliproxyapi_api_key"
	refute_line --partial 'bootstrap download'
	assert [ ! -e "$PIDS" ]
	assert [ ! -e .router/runtime/state.json ]
}

@test "smoke_local: an unknown PROFILE fails step 2 with flowgate's error line, and starts nothing" {
	bootstrap_stack
	PROFILE=nosuch run --separate-stderr "$SCRIPT"
	assert_failure 1
	assert_equal "${lines[${#lines[@]} - 1]}" "smoke: FAIL [2/5] generate active profile (nosuch): ${stderr_lines[0]#  }"
	assert_output --partial "smoke: FAIL [2/5] generate active profile (nosuch): flowgate: "
	refute_line '[3/5] start services'
	refute_line 'smoke: cleanup: service stop all'
	assert [ ! -e "$PIDS/litellm.pid" ]
	assert [ ! -e "$PIDS/cliproxyapi_plus.pid" ]
}

@test "smoke_local: bad environment values exit 2 with one line, before anything starts" {
	bootstrap_stack
	local env
	for env in STARTUP_TIMEOUT=abc STARTUP_TIMEOUT=0 STARTUP_TIMEOUT= STARTUP_TIMEOUT=1.2.3 \
		POLL_INTERVAL=0 POLL_INTERVAL=-1 POLL_INTERVAL=0.0 POLL_INTERVAL=1e3 PROFILE= PROFILE=--help; do
		run --separate-stderr env "$env" "$SCRIPT"
		assert_failure 2
		assert_equal "$output" ""
		assert_equal "${#stderr_lines[@]}" 1
		assert_regex "${stderr_lines[0]}" "^smoke_local\\.sh: ${env%%=*} "
	done
	run --separate-stderr env POLL_INTERVAL=-1 "$SCRIPT"
	assert_equal "$stderr" "smoke_local.sh: POLL_INTERVAL '-1' is not a positive number of seconds (default 1)"
	assert [ ! -e "$PIDS" ]
	refute grep -q -e profile_switch -e service_start "$EVENTS"
}

@test "smoke_local: fractions are accepted for both times" {
	bootstrap_stack
	STARTUP_TIMEOUT=5.5 POLL_INTERVAL=.25 run "$SCRIPT"
	assert_success
	assert_line 'smoke: PASS'
}

@test "smoke_local: refuses to run (exit 2) while the stack is already running, and leaves it running" {
	bootstrap_stack
	run flowgate service start --wait all
	assert_success
	pid_a=$(service_pid cliproxyapi_plus)
	pid_b=$(service_pid litellm)
	run --separate-stderr "$SCRIPT"
	assert_failure 2
	assert_equal "$output" ""
	assert_equal "$stderr" "smoke_local.sh: already running: cliproxyapi_plus, litellm (the smoke restarts and stops the stack; stop it first: flowgate --config config/flowgate.yaml service stop all)"
	assert proc_unsignalled "$pid_a"
	assert proc_unsignalled "$pid_b"
	assert_equal "$(service_pid litellm)" "$pid_b"
	refute grep -q service_stop "$EVENTS"
}

@test "smoke_local: SIGTERM during step 4 stops the services, prints the FAIL line, exits 143" {
	bootstrap_stack
	never_ready
	out=$BATS_TEST_TMPDIR/smoke.out
	STARTUP_TIMEOUT=60 POLL_INTERVAL=0.2 "$SCRIPT" >"$out" 2>&1 </dev/null 3>&- &
	smoke=$!
	wait_for grep -qxF '[4/5] wait for health readiness' "$out"
	wait_for both_pidfiles
	pid_b=$(service_pid litellm)
	kill -TERM "$smoke"
	rc=0
	wait "$smoke" || rc=$?
	assert_equal "$rc" 143
	run cat "$out"
	assert_equal "${lines[${#lines[@]} - 1]}" "smoke: FAIL [4/5] wait for health readiness: interrupted by SIGTERM"
	assert_line 'smoke: cleanup: service stop all'
	assert_line '  litellm:stopped'
	refute_line 'smoke: PASS'
	assert_stack_stopped
	run proc_running "$pid_b"
	assert_failure
}

@test "smoke_local: SIGINT during step 4 stops the services, exits 130" {
	bootstrap_stack
	never_ready
	out=$BATS_TEST_TMPDIR/smoke.out
	# A background job of a non-interactive shell starts with SIGINT ignored
	# (and a shell cannot trap a signal ignored on entry): restore it.
	STARTUP_TIMEOUT=60 POLL_INTERVAL=0.2 env --default-signal=INT "$SCRIPT" >"$out" 2>&1 </dev/null 3>&- &
	smoke=$!
	wait_for grep -qxF '[4/5] wait for health readiness' "$out"
	kill -INT "$smoke"
	rc=0
	wait "$smoke" || rc=$?
	assert_equal "$rc" 130
	run cat "$out"
	assert_equal "${lines[${#lines[@]} - 1]}" "smoke: FAIL [4/5] wait for health readiness: interrupted by SIGINT"
	assert_line 'smoke: cleanup: service stop all'
	assert_stack_stopped
}

@test "smoke_local: usage: --help prints the header; an unknown option or two CONFIGs exit 2" {
	run "$SCRIPT" --help
	assert_success
	assert_line --index 0 'Usage: ./scripts/smoke_local.sh [CONFIG]'
	assert_line --partial 'STARTUP_TIMEOUT'
	run --separate-stderr "$SCRIPT" --bogus
	assert_failure 2
	assert_equal "$stderr" "smoke_local.sh: unknown option '--bogus' (usage: smoke_local.sh [CONFIG])"
	run --separate-stderr "$SCRIPT" a.yaml b.yaml
	assert_failure 2
	assert_equal "$stderr" "smoke_local.sh: too many arguments (usage: smoke_local.sh [CONFIG])"
}

@test "smoke_local: flowgate is found on PATH when the script is not in a checkout, else exit 2" {
	bootstrap_stack
	mkdir -p "$BATS_TEST_TMPDIR/alone"
	cp "$SCRIPT" "$BATS_TEST_TMPDIR/alone/smoke_local.sh"
	run "$BATS_TEST_TMPDIR/alone/smoke_local.sh"
	assert_success
	assert_line 'smoke: PASS'
	PATH=/usr/bin:/bin run --separate-stderr "$BATS_TEST_TMPDIR/alone/smoke_local.sh"
	assert_failure 2
	assert_equal "$stderr" "smoke_local.sh: flowgate not found (run make in the FlowGate tree, or put flowgate on PATH)"
}
