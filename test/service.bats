#!/usr/bin/env bats
# flowgate service start|stop|restart: real detached processes, real ports.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

setup() {
	load helpers/common
	load helpers/server
	load helpers/spawn
	make_service_project
}

teardown() {
	# flowgate service stop all only when a service may still run (a
	# pidfile left); cleanup_spawned kills whatever any pidfile names.
	if compgen -G "$PROJ/.router/runtime/pids/*.pid" >/dev/null; then
		flowgate service stop all >/dev/null 2>&1 || :
	fi
	cleanup_spawned
}

@test "flowgate service start all: starts every service, sorted, and records events" {
	run flowgate service start all
	assert_success
	assert_line --index 0 --regexp '^cliproxyapi_plus:started pid=[0-9]+$'
	assert_line --index 1 --regexp '^litellm:started pid=[0-9]+$'
	proc_running "$(service_pid cliproxyapi_plus)"
	proc_running "$(service_pid litellm)"
	run jq -r 'select(.event == "service_start") | "\(.service) \(.result)"' .router/runtime/events.log
	assert_output "cliproxyapi_plus success
litellm success"
	run flowgate status
	assert_line cliproxyapi_plus_running=yes
	assert_line litellm_running=yes
}

@test "flowgate service start: a second start starts no second process" {
	flowgate service start litellm >/dev/null
	pid=$(service_pid litellm)
	run flowgate service start litellm
	assert_success
	assert_output "litellm:already-running pid=$pid"
	assert_equal "$(pgrep -f -c -- "--port $PORT_B ")" 1
}

@test "flowgate service start NAME: starts only that service" {
	run flowgate service start litellm
	assert_success
	assert_output --regexp '^litellm:started pid=[0-9]+$'
	[ ! -e .router/runtime/pids/cliproxyapi_plus.pid ]
}

@test "flowgate service stop all: stops what it started and removes the pidfiles" {
	flowgate service start all >/dev/null
	a=$(service_pid cliproxyapi_plus)
	b=$(service_pid litellm)
	run flowgate service stop all
	assert_success
	assert_output "cliproxyapi_plus:stopped
litellm:stopped"
	wait_gone "$a"
	wait_gone "$b"
	[ ! -e .router/runtime/pids/litellm.pid ]
	assert_equal "$(jq -r 'select(.event == "service_stop") | .result' .router/runtime/events.log | sort -u)" success
}

@test "flowgate service stop: a pidfile naming another live process leaves it alone" {
	sleep 300 &
	other=$!
	track_pid "$other"
	mkdir -p .router/runtime/pids
	printf '%s\n%s\n' "$other" 12345 >.router/runtime/pids/litellm.pid
	run flowgate service stop litellm
	assert_success
	assert_output "litellm:stopped"
	proc_running "$other"
	assert_equal "$(tail -n 1 .router/runtime/events.log | jq -r .detail)" stale-pid
}

@test "flowgate service restart: new processes, restarted lines and events" {
	flowgate service start all >/dev/null
	old=$(service_pid litellm)
	run flowgate service restart litellm
	assert_success
	assert_output --regexp '^litellm:restarted pid=[0-9]+$'
	new=$(service_pid litellm)
	[ "$new" != "$old" ]
	wait_gone "$old"
	proc_running "$new"
	assert_equal "$(tail -n 1 .router/runtime/events.log | jq -r '"\(.event) \(.service) \(.result)"')" "service_restart litellm success"
}

@test "flowgate service start --wait: returns once the service is ready" {
	run flowgate service start --wait all
	assert_success
	run fg-spawn probe -c "http://127.0.0.1:$PORT_A/health" "http://127.0.0.1:$PORT_B/health"
	assert_success
}

@test "flowgate service start --wait: a service never ready fails after the timeout" {
	make_service_project /status/503 /health
	run flowgate service start --wait --timeout 1 cliproxyapi_plus
	assert_failure 1
	assert_line cliproxyapi_plus:start-failed
	assert_equal "$(tail -n 1 .router/runtime/events.log | jq -r .result)" failure
}

@test "flowgate service start: a missing program fails with the real error" {
	sed -i "s|$ROOT/build/fg-testserver\", --port, \"$PORT_B|$BATS_TEST_TMPDIR/no-such-program\", --port, \"$PORT_B|" config/flowgate.yaml
	run --separate-stderr flowgate service start litellm
	assert_failure 1
	assert_output "litellm:start-failed"
	assert_equal "${#stderr_lines[@]}" 1
	[[ "$stderr" == fg-spawn:*"No such file or directory"* ]]
	[ ! -e .router/runtime/pids/litellm.pid ]
	assert_equal "$(tail -n 1 .router/runtime/events.log | jq -r '"\(.event) \(.result)"')" "service_start failure"
}

@test "flowgate service start: a port already taken is a clear error naming it" {
	start_test_server 30
	sed -i "s/$PORT_B/$TESTSERVER_PORT/g" config/flowgate.yaml
	run --separate-stderr flowgate service start litellm
	assert_failure 1
	assert_output "litellm:start-failed reason=port-in-use host=127.0.0.1 port=$TESTSERVER_PORT"
	[[ "$stderr" == *"$TESTSERVER_PORT"* ]]
	run --separate-stderr flowgate --format json service start litellm
	assert_failure 1
	assert_equal "$(jq -c '.services.litellm | [.result, .reason]' <<<"$output")" '["start-failed","port-in-use"]'
	stop_test_server
}

@test "flowgate service: env and cwd from the config reach the process" {
	cat >"$BATS_TEST_TMPDIR/svc.yaml" <<'YAML'
    env: {FG_PROBE_VAR: hello}
    command:
      cwd: /tmp
      args: [sh, -c, 'echo "$FG_PROBE_VAR $(pwd)"; exec sleep 60']
YAML
	# Replace litellm's command block (its last three lines) with the above.
	sed -i "/^  litellm:/,/^credentials:/{/^    command:/,/^      args:/d}" config/flowgate.yaml
	sed -i "/^    readiness_path: \/health$/{n;/^credentials:/{r $BATS_TEST_TMPDIR/svc.yaml
N}}" config/flowgate.yaml
	run fg-config -c config/flowgate.yaml
	assert_success
	assert_equal "$(jq -r '.services.litellm.env.FG_PROBE_VAR, .services.litellm.command.cwd' <<<"$output")" "hello
/tmp"
	run flowgate service start litellm
	assert_success
	wait_for grep -q "hello /tmp" .router/runtime/process-logs/litellm.log
}

@test "flowgate service: unknown service or action is exit 2" {
	run --separate-stderr flowgate service start nope
	assert_failure 2
	assert_equal "$stderr" "flowgate: unknown service 'nope' (services: cliproxyapi_plus litellm)"
	run flowgate service frob
	assert_failure 2
}

@test "flowgate profile set: restarts a running LiteLLM and says so" {
	flowgate service start litellm >/dev/null
	old=$(service_pid litellm)
	run flowgate profile set cost
	assert_success
	assert_line --index 0 profile=cost
	assert_line --index 3 --regexp '^litellm:restarted pid=[0-9]+$'
	new=$(service_pid litellm)
	[ "$new" != "$old" ]
	assert_line --index 3 "litellm:restarted pid=$new"
	# The switch's lock is held on fd 9 while it restarts: the service must
	# not inherit it, or the next switch would wait for LiteLLM to exit.
	run find "/proc/$new/fd" -lname '*.profile.lock'
	assert_output ""
	run timeout 10 flowgate profile set balanced
	assert_success
}

@test "flowgate profile set: does not start LiteLLM when it is not running" {
	run flowgate profile set cost
	assert_success
	refute_output --partial restarted
	[ ! -e .router/runtime/pids/litellm.pid ]
}

@test "flowgate service start --format json: one document with each service's result and pid" {
	run --separate-stderr flowgate --format json service start all
	assert_success
	assert_equal "$(jq -c '[.action, .ok, (.services | keys)]' <<<"$output")" '["start",true,["cliproxyapi_plus","litellm"]]'
	assert_equal "$(jq -r '.services.litellm | "\(.result) \(.pid) \(.error)"' <<<"$output")" "started $(service_pid litellm) null"
	run --separate-stderr flowgate --format json service start litellm
	assert_equal "$(jq -r '.services.litellm.result' <<<"$output")" already-running
}

@test "flowgate service stop and restart --format json: one document each" {
	flowgate service start all >/dev/null
	run --separate-stderr flowgate --format json service restart litellm
	assert_success
	assert_equal "$(jq -c '[.action, .ok, .services.litellm.result, .services.litellm.pid]' <<<"$output")" "[\"restart\",true,\"restarted\",$(service_pid litellm)]"
	run --separate-stderr flowgate --format json service stop all
	assert_success
	assert_equal "$(jq -c '[.action, .ok, .services.cliproxyapi_plus.result, .services.litellm.pid]' <<<"$output")" '["stop",true,"stopped",null]'
}

@test "flowgate service start --format json: a failure is in the document, and on stderr" {
	sed -i "s|$ROOT/build/fg-testserver\", --port, \"$PORT_B|$BATS_TEST_TMPDIR/no-such-program\", --port, \"$PORT_B|" config/flowgate.yaml
	run --separate-stderr flowgate --format json service start all
	assert_failure 1
	assert_equal "$(jq -c '[.ok, .services.cliproxyapi_plus.result, .services.litellm.result, .services.litellm.pid]' <<<"$output")" '[false,"started","start-failed",null]'
	assert_equal "$(jq -r '.services.litellm.error' <<<"$output")" "$stderr"
	[[ "$stderr" == fg-spawn:*"No such file or directory"* ]]
}
