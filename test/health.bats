#!/usr/bin/env bats
# flowgate health: liveness from the pidfile, readiness from a real HTTP GET.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

setup() {
	load helpers/common
	load helpers/server
	load helpers/spawn
}

teardown() {
	flowgate service stop all >/dev/null 2>&1 || :
	cleanup_spawned
}

@test "flowgate health: all live and ready is exit 0, one line per service" {
	make_service_project
	flowgate service start --wait all >/dev/null
	run flowgate health
	assert_success
	assert_output "cliproxyapi_plus:liveness=ok readiness=ok running=yes readiness_code=200 readiness_error=none readiness_url=http://127.0.0.1:$PORT_A/health
litellm:liveness=ok readiness=ok running=yes readiness_code=200 readiness_error=none readiness_url=http://127.0.0.1:$PORT_B/health"
}

@test "flowgate health: nothing running is exit 1 with liveness and readiness failed" {
	make_service_project
	run flowgate health
	assert_failure 1
	assert_line "litellm:liveness=fail readiness=fail running=no readiness_code=n/a readiness_error=connection_refused readiness_url=http://127.0.0.1:$PORT_B/health"
}

@test "flowgate health: a 503 is not ready, and its code is shown" {
	make_service_project /status/503 /health
	flowgate service start all >/dev/null
	wait_for fg-spawn probe "http://127.0.0.1:$PORT_B/health"
	run flowgate health
	assert_failure 1
	assert_line "cliproxyapi_plus:liveness=ok readiness=fail running=yes readiness_code=503 readiness_error=http_503 readiness_url=http://127.0.0.1:$PORT_A/status/503"
	assert_line --regexp '^litellm:liveness=ok readiness=ok '
}

@test "flowgate health: a hanging service times out, within the probe timeout" {
	make_service_project /hang /health
	flowgate service start all >/dev/null
	wait_for fg-spawn probe "http://127.0.0.1:$PORT_B/health"
	start=$(date +%s%N)
	run flowgate health --timeout 1
	elapsed_ms=$((($(date +%s%N) - start) / 1000000))
	assert_failure 1
	assert_line --regexp '^cliproxyapi_plus:liveness=ok readiness=fail running=yes readiness_code=n/a readiness_error=timeout'
	assert_line --regexp '^litellm:liveness=ok readiness=ok'
	# /hang never answers: without the timeout this would not return; the
	# margin over 1 s is for a loaded machine (and the sanitizer build).
	[ "$elapsed_ms" -lt 5000 ]
}

@test "flowgate health: a process that is ready but not ours is live=fail" {
	make_service_project
	start_test_server 30
	sed -i "s/$PORT_B/$TESTSERVER_PORT/g" config/flowgate.yaml
	run flowgate health
	assert_failure 1
	assert_line "litellm:liveness=fail readiness=ok running=no readiness_code=200 readiness_error=none readiness_url=http://127.0.0.1:$TESTSERVER_PORT/health"
	stop_test_server
}

@test "flowgate health: a service without a port has no readiness URL" {
	make_service_project
	sed -i 's/^services:/services:\n  worker:\n    command:\n      args: [sleep, "60"]/' config/flowgate.yaml
	run flowgate health
	assert_failure 1
	assert_line "worker:liveness=fail readiness=fail running=no readiness_code=n/a readiness_error=missing_port readiness_url=n/a"
}

@test "flowgate health: --format json prints one document" {
	make_service_project
	flowgate service start --wait litellm >/dev/null
	run flowgate --format json health
	assert_failure 1
	run jq -c '[.ok, .services.litellm.liveness, .services.litellm.readiness, .services.litellm.readiness_code, .services.litellm.readiness_reason, .services.litellm.readiness_error, .services.cliproxyapi_plus.readiness_reason, .services.cliproxyapi_plus.readiness_error]' <<<"$output"
	assert_output '[false,true,true,200,"none",null,"connection_refused","cannot connect: Connection refused"]'
}

@test "flowgate health: every value on a line is one token, whatever the failure" {
	make_service_project /status/503 /hang
	flowgate service start all >/dev/null
	wait_for fg-spawn probe "http://127.0.0.1:$PORT_A/health" "http://127.0.0.1:$PORT_B/health"
	run flowgate health --timeout 0.5
	assert_failure 1
	local line kv
	for line in "${lines[@]}"; do
		# shellcheck disable=SC2086 # split on spaces, as a script reading it would
		set -- $line
		assert_equal "$#" 6
		for kv in "${@:2}"; do
			assert_regex "$kv" '^[a-z_]+=[^ ]+$'
		done
	done
	assert_line --partial 'readiness_code=503 readiness_error=http_503 '
	assert_line --partial 'readiness_code=n/a readiness_error=timeout '
}

@test "flowgate health: --format json gives the full text beside the word" {
	make_service_project /status/503 /health
	flowgate service start --wait litellm >/dev/null
	flowgate service start cliproxyapi_plus >/dev/null
	wait_for fg-spawn probe "http://127.0.0.1:$PORT_B/health"
	run flowgate --format json health
	assert_failure 1
	run jq -c '.services.cliproxyapi_plus | [.liveness, .readiness, .readiness_code, .readiness_reason, .readiness_error]' <<<"$output"
	assert_output '[true,false,503,"http_503","HTTP 503"]'
}
