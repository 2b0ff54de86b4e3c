#!/usr/bin/env bats
# flowgate integration: print, apply (with its [y/N] on a real terminal),
# revert, check and exec through the porcelain, against the stand-in
# LiteLLM; doctor's integration lines.
# shellcheck disable=SC2154 # bats' run --separate-stderr sets $stderr and $stderr_lines

setup_file() {
	load helpers/server
	build_test_server
}

setup() {
	load helpers/common
	load helpers/server
	load helpers/oneline
	load helpers/client
	client_project 4000
	TOML=$HOME/.codex/config.toml
	SETTINGS=$HOME/.claude/settings.json
	EVENTS=$BATS_TEST_TMPDIR/rt/events.log
}

teardown() {
	stop_test_server
}

fg() {
	flowgate --config "$CFG" "$@"
}

# Runs the command on a pseudo-terminal that answers the prompt with $1.
on_terminal() {
	local answer=$1
	shift
	printf '%s\n' "$answer" | script -qec "$(printf '%q ' "$@")" /dev/null
}

@test "flowgate integration print: codex's TOML, claude-code's env, export lines; JSON too" {
	run --separate-stderr fg integration print codex
	assert_success
	assert_output "$(fg-client print -r codex "$CFGJSON")"
	run --separate-stderr fg integration print claude-code
	assert_success
	assert_line "    \"ANTHROPIC_AUTH_TOKEN\": \"<the key in $KEYFILE>\","
	run --separate-stderr fg integration print env --show-secret
	assert_line "export ANTHROPIC_AUTH_TOKEN='$(<"$KEYFILE")'"
	run --separate-stderr fg --format json integration print codex
	assert_equal "$(jq -r .client <<<"$output")" codex
}

@test "flowgate integration apply -y: the result lines, the file, an integration_apply event" {
	run --separate-stderr fg integration apply codex -y
	assert_success
	assert_output "planned_path=$TOML
backup_path=none
saved_path=$TOML
integration:codex applied changes=model_provider,model,model_providers.flowgate.name,model_providers.flowgate.base_url,model_providers.flowgate.env_key,model_providers.flowgate.wire_api,[model_providers.flowgate]"
	assert_equal "$(jq -r '.event + " " + .result' "$EVENTS")" "integration_apply success"
	run --separate-stderr fg integration apply codex -y
	assert_line "integration:codex unchanged changes=none"
	assert_equal "$(wc -l <"$EVENTS")" 1
	run --separate-stderr fg --format json integration apply claude-code -y
	assert_success
	assert_equal "$(jq -r '.result + " " + .saved_path' <<<"$output")" "applied $SETTINGS"
	refute_output --partial "$(<"$KEYFILE")"
	run grep -c "$(<"$KEYFILE")" "$EVENTS"
	assert_output 0
}

@test "flowgate integration apply: without -y and no terminal it refuses, exit 2, and writes nothing" {
	run --separate-stderr fg integration apply codex </dev/null
	assert_error 2 "flowgate: integration apply: stdin is not a terminal; run with -y to change $TOML (model_provider,model,model_providers.flowgate.name,model_providers.flowgate.base_url,model_providers.flowgate.env_key,model_providers.flowgate.wire_api,[model_providers.flowgate])"
	assert [ ! -e "$TOML" ]
	assert [ ! -e "$EVENTS" ]
}

@test "flowgate integration apply on a terminal: y writes, anything else cancels (exit 1)" {
	run on_terminal n flowgate --config "$CFG" integration apply codex
	assert_failure 1
	assert_output --partial "Proceed? [y/N]"
	assert_output --partial "integration:codex cancelled changes=none"
	assert [ ! -e "$TOML" ]
	run on_terminal y flowgate --config "$CFG" integration apply codex
	assert_success
	assert_output --partial "integration:codex applied changes=model_provider,"
	assert [ -f "$TOML" ]
	# Nothing to change: no question asked.
	run --separate-stderr fg integration apply codex </dev/null
	assert_success
	assert_line "integration:codex unchanged changes=none"
}

@test "flowgate integration revert: the user's later edit is kept; an integration_revert event" {
	mkdir -p "$HOME/.codex"
	printf 'model = "o3"\n' >"$TOML"
	fg integration apply codex -y >/dev/null
	printf '# mine\n' >>"$TOML"
	run --separate-stderr fg integration revert codex -y
	assert_success
	assert_line --regexp "^backup_path=$TOML\\.backup\\.[0-9]+(\\.[0-9]+)?$"
	assert_line --regexp "^integration:codex reverted changes=model_provider,model,.*"
	assert_equal "$(<"$TOML")" 'model = "o3"
# mine'
	assert_equal "$(jq -r .event "$EVENTS" | tail -n 1)" integration_revert
	run --separate-stderr fg integration revert codex -y
	assert_line "integration:codex nothing-recorded changes=none"
}

@test "flowgate integration check: wired and reachable, exit 0; a settings.json override and a key conflict, exit 1" {
	start_llm
	client_project "$LLM_PORT"
	fg integration apply codex -y >/dev/null
	fg integration apply claude-code -y >/dev/null
	OPENAI_API_KEY=$CLIENT_KEY run --separate-stderr fg integration check all
	assert_success
	assert_output "integration:codex wired base_url=http://127.0.0.1:$LLM_PORT/v1 source=config.toml key=present reachable models=2
integration:claude-code wired base_url=http://127.0.0.1:$LLM_PORT source=settings.json key=present reachable models=2"
	# The shell points at the stack, but settings.json's env wins.
	fg integration revert claude-code -y >/dev/null
	mkdir -p "$HOME/.claude"
	other=$(closed_port)
	printf '{"env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:%s"}}\n' "$other" >"$SETTINGS"
	eval "$(fg integration print env)"
	run --separate-stderr fg integration check claude-code
	assert_failure 1
	assert_output "integration:claude-code overridden base_url=http://127.0.0.1:$other source=settings.json key=present unreachable reason=connection_refused"
	printf '{"env": {"ANTHROPIC_API_KEY": "sk-ant-x"}}\n' >"$SETTINGS"
	run --separate-stderr fg integration check claude-code
	assert_failure 1
	assert_output "integration:claude-code key_conflict base_url=http://127.0.0.1:$LLM_PORT source=env key=conflict reachable models=2
integration:claude-code:detail ANTHROPIC_AUTH_TOKEN from env and ANTHROPIC_API_KEY from settings.json"
	run --separate-stderr fg --format json integration check claude-code
	assert_failure 1
	assert_equal "$(jq -c '[.ok, .clients."claude-code".state]' <<<"$output")" '[false,"key_conflict"]'
}

@test "flowgate integration exec: refuses while LiteLLM is not ready; then runs the client pointed at the stack" {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	cat >"$BATS_TEST_TMPDIR/bin/codex" <<'SH'
#!/bin/sh
printf '%s\n' "$@"
printf 'key=%s\n' "$OPENAI_API_KEY"
SH
	chmod 755 "$BATS_TEST_TMPDIR/bin/codex"
	PATH=$BATS_TEST_TMPDIR/bin:$PATH
	port=$(closed_port)
	client_project "$port"
	run --separate-stderr fg integration exec codex -- exec hi
	assert_error 1 "flowgate: integration exec: LiteLLM is not ready at http://127.0.0.1:$port/health/readiness (connection_refused); start it: flowgate service start litellm --wait"
	start_llm
	client_project "$LLM_PORT"
	run --separate-stderr fg integration exec codex -- exec --help
	assert_success
	assert_line "model_providers.flowgate.base_url=\"http://127.0.0.1:$LLM_PORT/v1\""
	assert_line "--help"
	assert_line "key=$CLIENT_KEY"
	run --separate-stderr fg integration exec vim
	assert_error 2 "flowgate: integration: unknown client 'vim' (codex, claude-code) (see flowgate help integration)"
}

@test "flowgate integration: usage errors name the subcommand; help shows the header" {
	run --separate-stderr fg integration
	assert_error 2 "flowgate: integration: expected print, apply, revert, check or exec (see flowgate help integration)"
	run --separate-stderr fg integration frob
	assert_error 2 "flowgate: integration: unknown subcommand 'frob' (print, apply, revert, check, exec) (see flowgate help integration)"
	run --separate-stderr fg integration apply codex --force
	assert_error 2 "flowgate: integration: unknown argument '--force' (see flowgate help integration)"
	run --separate-stderr fg integration check
	assert_error 2 "flowgate: integration: check needs codex, claude-code or all (see flowgate help integration)"
	run fg integration --help
	assert_success
	assert_line --index 0 "usage: flowgate integration print codex|claude-code|env [--show-secret]"
}

@test "flowgate doctor: integration lines skip an unwired client, pass a wired one, fail an overridden one" {
	start_llm
	client_project "$LLM_PORT"
	run --separate-stderr fg doctor
	assert_line "doctor:integration_codex=skip state=not_wired"
	assert_line "doctor:integration_claude_code=skip state=not_wired"
	fg integration apply claude-code -y >/dev/null
	run --separate-stderr fg doctor
	assert_line "doctor:integration_claude_code=pass state=wired base_url=http://127.0.0.1:$LLM_PORT source=settings.json models=2"
	ANTHROPIC_API_KEY=sk-ant-x run --separate-stderr fg doctor
	assert_failure 1
	assert_line "doctor:integration_claude_code=fail state=key_conflict base_url=http://127.0.0.1:$LLM_PORT source=settings.json key=conflict reason=none suggestion=flowgate --config $CFG integration apply claude-code"
	run --separate-stderr fg --format json doctor
	assert_equal "$(jq -r '.checks[] | select(.name == "integration_codex") | .status' <<<"$output")" skip
}
