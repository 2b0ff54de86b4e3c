#!/usr/bin/env bats
# The real clients, end to end: Codex CLI and Claude Code from npm (make
# clients), pointed at the stand-in LiteLLM by `flowgate integration apply`
# or run by `flowgate integration exec`, with HOME a temp folder. Each must
# print the stand-in's answer, and the stand-in must have seen the configured
# model and FlowGate's key. In CI (CI=true) missing clients fail the tests;
# elsewhere they are skipped with a line saying how to install them.
# shellcheck disable=SC2154 # bats' run --separate-stderr sets $stderr and $stderr_lines

setup_file() {
	load helpers/server
	build_test_server
	# Found before the tests set HOME to their own folders.
	export CLIENTS_BIN=${FLOWGATE_CLIENTS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/flowgate/clients}/node_modules/.bin
}

setup() {
	load helpers/common
	load helpers/server
	load helpers/client
	if [ ! -x "$CLIENTS_BIN/codex" ] || [ ! -x "$CLIENTS_BIN/claude" ]; then
		skip_or_fail "THE REAL CLIENTS ARE NOT INSTALLED ($CLIENTS_BIN): run make clients"
	fi
	PATH=$CLIENTS_BIN:$PATH
	start_llm
	client_project "$LLM_PORT"
	quiet_clients
	WORK=$BATS_TEST_TMPDIR/work
	mkdir -p "$WORK"
	cd "$WORK" || return
}

teardown() {
	stop_test_server
}

# The clients talk to loopback only: Codex without its update check, plugin
# sync and analytics (a user's own settings, which apply keeps), Claude Code
# without its nonessential traffic.
quiet_clients() {
	mkdir -p "$HOME/.codex"
	cat >"$HOME/.codex/config.toml" <<'TOML'
check_for_update_on_startup = false

[features]
plugins = false

[analytics]
enabled = false
TOML
	export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1
}

fg() {
	flowgate --config "$CFG" "$@"
}

@test "clients: the versions under test" {
	run --separate-stderr codex --version
	assert_success
	assert_output --regexp '^codex-cli [0-9]+\.[0-9]+\.[0-9]+'
	echo "# $output" >&3
	run --separate-stderr claude --version
	assert_success
	assert_output --regexp '^[0-9]+\.[0-9]+\.[0-9]+ \(Claude Code\)'
	echo "# $output" >&3
}

@test "clients: codex exec answers through the stack after integration apply codex" {
	fg integration apply codex -y >/dev/null
	OPENAI_API_KEY=$(<"$KEYFILE") run --separate-stderr timeout 120 codex exec --skip-git-repo-check "say hi" </dev/null
	assert_success
	assert_output --partial "$CLIENT_REPLY"
	run cat "$LLM_LOG"
	assert_line "LLM POST /v1/responses model=router-default stream=true auth=bearer key=ok"
	refute_line --partial "key=bad"
	sed "s/^/# /" "$LLM_LOG" >&3
}

@test "clients: claude -p answers through the stack after integration apply claude-code" {
	fg integration apply claude-code -y >/dev/null
	run --separate-stderr timeout 120 claude -p "say hi" </dev/null
	assert_success
	assert_output --partial "$CLIENT_REPLY"
	run cat "$LLM_LOG"
	assert_line "LLM POST /v1/messages model=router-default stream=true auth=bearer key=ok"
	refute_line --partial "key=bad"
	sed "s/^/# /" "$LLM_LOG" >&3
}

@test "clients: integration exec runs the real codex at the stack, no file touched" {
	cp "$HOME/.codex/config.toml" "$BATS_TEST_TMPDIR/before"
	run --separate-stderr timeout 120 flowgate --config "$CFG" integration exec codex -- exec --skip-git-repo-check "say hi" </dev/null
	assert_success
	assert_output --partial "$CLIENT_REPLY"
	run grep -c "^LLM POST /v1/responses model=router-default stream=true auth=bearer key=ok$" "$LLM_LOG"
	assert_output 1
	run cmp "$HOME/.codex/config.toml" "$BATS_TEST_TMPDIR/before"
	assert_success
}

@test "clients: integration exec runs the real claude at the stack, over a settings.json pointing elsewhere" {
	other=$(closed_port)
	mkdir -p "$HOME/.claude"
	printf '{"env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:%s", "ANTHROPIC_MODEL": "elsewhere"}}\n' "$other" \
		>"$HOME/.claude/settings.json"
	run --separate-stderr timeout 120 flowgate --config "$CFG" integration exec claude-code -- -p "say hi" </dev/null
	assert_success
	assert_output --partial "$CLIENT_REPLY"
	run grep -c "^LLM POST /v1/messages model=router-default stream=true auth=bearer key=ok$" "$LLM_LOG"
	assert_output 1
}

@test "clients: what check calls overridden is what the real claude does: settings.json's env beats the shell" {
	# A second stand-in, named in settings.json; the shell points at the first.
	first_log=$LLM_LOG first_port=$LLM_PORT first_pid=$TESTSERVER_PID
	LLM_LOG=$BATS_TEST_TMPDIR/other.log
	launch_test_server "$BATS_TEST_TMPDIR/other.port" --lifetime 120 --llm-key "$CLIENT_KEY" \
		--llm-reply "Hello from the other server." --request-log "$LLM_LOG"
	other_pid=$TESTSERVER_PID other_port=$TESTSERVER_PORT
	mkdir -p "$HOME/.claude"
	printf '{"env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:%s"}}\n' "$other_port" >"$HOME/.claude/settings.json"
	eval "$(fg integration print env)"
	run --separate-stderr fg integration check claude-code
	assert_failure 1
	assert_output --partial "integration:claude-code overridden base_url=http://127.0.0.1:$other_port source=settings.json"
	run --separate-stderr timeout 120 claude -p "say hi" </dev/null
	assert_success
	assert_output --partial "Hello from the other server."
	run grep -c "^LLM POST /v1/messages " "$LLM_LOG"
	assert_output 1
	# The first stand-in, where the shell pointed, saw nothing.
	assert [ ! -s "$first_log" ]
	assert [ -n "$first_port" ]
	kill "$other_pid" "$first_pid" 2>/dev/null || :
}
