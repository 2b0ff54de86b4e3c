#!/usr/bin/env bats
# fg-testserver: the loopback HTTP server other tests rely on.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

setup_file() {
	load helpers/server
	build_test_server
}

setup() {
	load helpers/common
	load helpers/spawn
	load helpers/server
}

teardown() {
	stop_test_server
}

@test "fg-testserver: a host that is not loopback is refused with exit 2" {
	for host in 0.0.0.0 10.1.2.3 ::; do
		run --separate-stderr "$FG_TESTSERVER" --host "$host" --port 0 --lifetime 1
		assert_failure 2
		assert_equal "$stderr" "fg-testserver: --host $host: not a loopback address"
	done
}

@test "fg-testserver: it exits by itself after --lifetime and removes its port file" {
	start_test_server 0.5
	t0=$(now_ms)
	wait "$TESTSERVER_PID"
	elapsed=$(($(now_ms) - t0))
	TESTSERVER_PID=
	# Far below the default lifetime; the margin is for a loaded machine.
	[ "$elapsed" -lt 5000 ]
	[ ! -e "$BATS_TEST_TMPDIR/testserver.port" ]
}

@test "test helpers: a port the test was already handed is never handed out again" {
	a=$(closed_port)
	start_test_server
	b=$TESTSERVER_PORT
	stop_test_server
	c=$(closed_port)
	assert_equal "$(sort -u "$BATS_TEST_TMPDIR/ports.taken" | wc -l)" 3
	assert_equal "$(printf '%s\n' "$a" "$b" "$c" | sort -u | wc -l)" 3
	# A server given a taken port (as the kernel may do) is replaced by one
	# that is not: this stand-in reports the taken port first, then a new one.
	printf '%s\n' "$a" 40001 >"$BATS_TEST_TMPDIR/answers"
	cat >"$BATS_TEST_TMPDIR/server" <<SH
#!/bin/sh
# --port 0 --port-file FILE ...: the next answer as its port, then waits.
answer=\$(head -n 1 "$BATS_TEST_TMPDIR/answers")
sed -i 1d "$BATS_TEST_TMPDIR/answers"
echo "\$answer" >"\$4"
exec sleep 30
SH
	chmod +x "$BATS_TEST_TMPDIR/server"
	FG_TESTSERVER=$BATS_TEST_TMPDIR/server launch_test_server "$BATS_TEST_TMPDIR/p" --lifetime 1
	assert_equal "$TESTSERVER_PORT" 40001
	assert_equal "$(tail -n 1 "$BATS_TEST_TMPDIR/ports.taken")" 40001
}

@test "fg-testserver: routes answer with their documented status codes" {
	start_test_server
	# One curl asks every route in turn, each on a request of its own, and
	# writes each one's status code on a line (a curl and a run for each
	# route cost ten times as much).
	local args=() want=()
	for pair in /:200 /health:200 /health/readiness:200 /v1/models:200 /status/503:503 \
		/status/201:201 /status/99:400 /slow/50:200 /bytes/10:200 /nope:404; do
		args+=(-o /dev/null "$TESTSERVER_URL${pair%%:*}")
		want+=("${pair##*:}")
	done
	run curl -s -w '%{http_code}\n' "${args[@]}"
	printf -v x '%s\n' "${want[@]}"
	assert_output "${x%$'\n'}"
	run curl -s "$TESTSERVER_URL/v1/models"
	assert_equal "$(jq -r '.data[0].id' <<<"$output")" test-model
	run curl -s "$TESTSERVER_URL/bytes/3000"
	printf -v x '%3000s' ''
	assert_output "${x// /x}"
}

@test "fg-testserver: /hang holds the connection without answering" {
	start_test_server
	run curl -s -m 0.5 "$TESTSERVER_URL/hang"
	assert_failure 28
}

@test "fg-testserver: fifty concurrent slow requests are served in parallel" {
	start_test_server
	urls=()
	for _ in $(seq 1 50); do urls+=("$TESTSERVER_URL/slow/500"); done
	t0=$(now_ms)
	run "$FG_SPAWN" probe -c --timeout 5 "${urls[@]}"
	elapsed=$(($(now_ms) - t0))
	assert_success
	# One after the other would take 25 s.
	[ "$elapsed" -lt 8000 ]
}

@test "fg-testserver: -config plays CLIProxyAPIPlus: port, management key and auth dir from its config" {
	port=$(closed_port)
	mkdir -p "$BATS_TEST_TMPDIR/cpa"
	cd "$BATS_TEST_TMPDIR/cpa"
	cat >cliproxyapi.yaml <<YAML
host: 127.0.0.1
port: $port # a comment
auth-dir: "./auths"
remote-management:
  allow-remote: false
  secret-key: 'stand-in-key'
YAML
	mkdir auths
	printf '{"type":"codex"}' >auths/codex.json
	"$FG_TESTSERVER" -config cliproxyapi.yaml --lifetime 10 </dev/null 3>&- &
	TESTSERVER_PID=$!
	wait_for curl -sf "http://127.0.0.1:$port/"
	run curl -s -H 'Authorization: Bearer stand-in-key' "http://127.0.0.1:$port/v0/management/auth-files"
	assert_success
	assert_output --partial '"name":"codex.json"'
	run curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer wrong' "http://127.0.0.1:$port/v0/management/auth-files"
	assert_output 401
}

@test "fg-testserver: -config with a file that is missing or names no port exits 2" {
	run --separate-stderr "$FG_TESTSERVER" -config "$BATS_TEST_TMPDIR/none.yaml"
	assert_failure 2
	assert_equal "$stderr" "fg-testserver: $BATS_TEST_TMPDIR/none.yaml: cannot open the config"
	printf 'host: 127.0.0.1\n' >"$BATS_TEST_TMPDIR/c.yaml"
	run --separate-stderr "$FG_TESTSERVER" -config "$BATS_TEST_TMPDIR/c.yaml"
	assert_failure 2
	assert_equal "$stderr" "fg-testserver: $BATS_TEST_TMPDIR/c.yaml: no port"
}
