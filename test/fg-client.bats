#!/usr/bin/env bats
# fg-client: what Codex CLI's config.toml and Claude Code's settings.json are
# given (printed, applied, reverted) on a corpus of real-looking files, what
# check reads back from files and environment with one real request to the
# stand-in LiteLLM, and what exec hands a client.
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
}

teardown() {
	[ ! -d "${HOME:-}/.codex" ] || undo_readonly "$HOME/.codex" 2>/dev/null || :
	stop_test_server
}

# apply through fg-client, with the config on stdin.
apply() {
	fg-client apply -c "$@" "$CFGJSON"
}

# ---- print ----

@test "fg-client print codex: the provider table and top-level keys, from the config's LiteLLM" {
	run --separate-stderr fg-client print -r codex "$CFGJSON"
	assert_success
	assert_output 'model_provider = "flowgate"
model = "router-default"

[model_providers.flowgate]
name = "FlowGate Local"
base_url = "http://127.0.0.1:4000/v1"
env_key = "OPENAI_API_KEY"
wire_api = "responses"'
	run fg-client print -c codex - <"$CFGJSON"
	assert_success
	assert_equal "$(jq -r '.client + " " + .path' <<<"$output")" "codex $HOME/.codex/config.toml"
}

@test "fg-client print: host 0.0.0.0 is reached on loopback, :: on ::1, and models and env_key come from integration" {
	CLIENT_HOST=:: client_project 4100 'default_model: router-cheap
  env_key: FLOWGATE_KEY'
	run fg-client print -r codex "$CFGJSON"
	assert_success
	assert_line 'base_url = "http://[::1]:4100/v1"'
	assert_line 'model = "router-cheap"'
	assert_line 'env_key = "FLOWGATE_KEY"'
	sed -i 's/host: "::"/host: "0.0.0.0"/' "$CFG"
	fg-config -c "$CFG" >"$CFGJSON"
	run fg-client print -r env "$CFGJSON"
	assert_line "export OPENAI_BASE_URL='http://127.0.0.1:4100/v1'"
	assert_line "export FLOWGATE_KEY=\"\$(cat '$KEYFILE')\""
}

@test "fg-client print: the default model is the active config's first, then litellm_base's" {
	sed -i 's/^  fast_model: router-cheap$/  env_key: OPENAI_API_KEY/' "$CFG"
	fg-config -c "$CFG" >"$CFGJSON"
	run fg-client print -r claude-code "$CFGJSON"
	assert_line --partial '"ANTHROPIC_DEFAULT_HAIKU_MODEL": "router-default"'
	mkdir -p "$BATS_TEST_TMPDIR/rt"
	printf 'model_list:\n  - {model_name: "gpt-*"}\n  - {model_name: active-first}\n' >"$BATS_TEST_TMPDIR/rt/active.yaml"
	run fg-client print -r codex "$CFGJSON"
	assert_line 'model = "active-first"'
}

@test "fg-client print claude-code: the token is a reference to its file unless --show-secret" {
	run --separate-stderr fg-client print -r claude-code "$CFGJSON"
	assert_success
	assert_equal "$(jq -c .env <<<"$output")" "{\"ANTHROPIC_BASE_URL\":\"http://127.0.0.1:4000\",\"ANTHROPIC_AUTH_TOKEN\":\"<the key in $KEYFILE>\",\"ANTHROPIC_MODEL\":\"router-default\",\"ANTHROPIC_DEFAULT_OPUS_MODEL\":\"router-default\",\"ANTHROPIC_DEFAULT_SONNET_MODEL\":\"router-default\",\"ANTHROPIC_DEFAULT_HAIKU_MODEL\":\"router-cheap\"}"
	refute_output --partial "$(<"$KEYFILE")"
	run --separate-stderr fg-client print -r --show-secret claude-code "$CFGJSON"
	assert_success
	assert_equal "$(jq -r .env.ANTHROPIC_AUTH_TOKEN <<<"$output")" "$(<"$KEYFILE")"
	rm "$KEYFILE"
	run --separate-stderr fg-client print --show-secret claude-code "$CFGJSON"
	assert_error 1 "fg-client: $KEYFILE: no such file; write the key clients send to LiteLLM into it (mode 0600)"
}

@test "fg-client print env: evaluated in sh, the lines point both clients at the stack; the key is read, never printed" {
	run --separate-stderr fg-client print -r env "$CFGJSON"
	assert_success
	refute_output --partial "$(<"$KEYFILE")"
	assert_line 'unset ANTHROPIC_API_KEY'
	ANTHROPIC_API_KEY=old run sh -c 'eval "$1"; printf "%s|%s|%s|%s|%s|%s\n" "$OPENAI_BASE_URL" "$OPENAI_API_KEY" "$ANTHROPIC_BASE_URL" "$ANTHROPIC_AUTH_TOKEN" "$ANTHROPIC_DEFAULT_HAIKU_MODEL" "${ANTHROPIC_API_KEY-unset}"' sh "$output"
	assert_success
	assert_output "http://127.0.0.1:4000/v1|$(<"$KEYFILE")|http://127.0.0.1:4000|$(<"$KEYFILE")|router-cheap|unset"
	run fg-client print -c env "$CFGJSON"
	assert_equal "$(jq -c .unset <<<"$output")" '["ANTHROPIC_API_KEY"]'
	assert_equal "$(jq -r .path <<<"$output")" null
}

@test "fg-client print: usage errors and a config that is not FlowGate's" {
	run --separate-stderr fg-client print vim "$CFGJSON"
	assert_error 2 "fg-client: print: unknown client 'vim' (codex, claude-code, env)"
	run --separate-stderr fg-client print
	assert_error 2 "fg-client: print: expected codex, claude-code or env, then CONFIG"
	run --separate-stderr fg-client print codex - <<<'{"a": 1}'
	assert_error 2 "fg-client: config: not a normalized FlowGate config with services.litellm and integration (pipe fg-config's output in)"
	run --separate-stderr fg-client print --bogus codex
	assert_failure 2
}

# ---- apply and revert: config.toml ----

@test "fg-client apply codex: a new file (folder 0700, file 0600), then unchanged, then revert removes it" {
	run --separate-stderr apply codex
	assert_success
	assert_equal "$(jq -r '[.result, .planned_path, (.backup_path | tostring), .saved_path] | join(" ")' <<<"$output")" "applied $TOML null $TOML"
	assert_equal "$(file_mode "$TOML")" 600
	assert_equal "$(file_mode "$HOME/.codex")" 700
	assert_equal "$(<"$TOML")" "$(fg-client print -r codex "$CFGJSON")"
	run --separate-stderr apply codex
	assert_success
	assert_equal "$(jq -r '.result + " " + (.changes | length | tostring)' <<<"$output")" "unchanged 0"
	assert_equal "$(backups_of "$TOML")" ""
	run --separate-stderr fg-client revert -c codex "$CFGJSON"
	assert_success
	assert_equal "$(jq -r .result <<<"$output")" removed
	assert [ ! -e "$TOML" ]
	run --separate-stderr fg-client revert -c codex "$CFGJSON"
	assert_equal "$(jq -r .result <<<"$output")" nothing-recorded
}

# A config.toml as people have it: comments, other providers, a profile,
# MCP servers, the two top-level keys set elsewhere.
real_config() {
	mkdir -p "$HOME/.codex"
	cat >"$TOML" <<'TOML'
# My Codex config
model = "gpt-5-codex"   # the default
model_reasoning_effort = "high"
approval_policy = "on-request"

[model_providers.azure]
name = "Azure"
base_url = "https://example.openai.azure.com/openai"
env_key = "AZURE_OPENAI_API_KEY"
query_params = { api-version = "2025-04-01-preview" }
wire_api = "responses"

[profiles.fast]
model = "gpt-5-mini"

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-mcp"]   # a comment after an array
TOML
}

@test "fg-client apply codex: a real config keeps every other byte; model replaced in place, model_provider after the top-level keys, the table appended" {
	real_config
	cp "$TOML" "$BATS_TEST_TMPDIR/before.toml"
	chmod 644 "$TOML"
	run --separate-stderr apply codex
	assert_success
	backup=$(jq -r .backup_path <<<"$output")
	assert_equal "$(<"$backup")" "$(<"$BATS_TEST_TMPDIR/before.toml")"
	assert_equal "$(file_mode "$backup")" 600
	assert_equal "$(file_mode "$TOML")" 644
	run diff "$BATS_TEST_TMPDIR/before.toml" "$TOML"
	assert_output '2c2
< model = "gpt-5-codex"   # the default
---
> model = "router-default"   # the default
4a5
> model_provider = "flowgate"
18a20,25
> 
> [model_providers.flowgate]
> name = "FlowGate Local"
> base_url = "http://127.0.0.1:4000/v1"
> env_key = "OPENAI_API_KEY"
> wire_api = "responses"'
	run --separate-stderr fg-client revert -c codex "$CFGJSON"
	assert_success
	assert_equal "$(jq -r .result <<<"$output")" reverted
	assert_equal "$(<"$TOML")" "$(<"$BATS_TEST_TMPDIR/before.toml")"
	run cmp "$TOML" "$BATS_TEST_TMPDIR/before.toml"
	assert_success
}

@test "fg-client apply codex: an existing flowgate table is updated where it stands and keeps its other keys" {
	mkdir -p "$HOME/.codex"
	printf '%s\n' 'model_provider = "azure"' '' '[model_providers.flowgate]' 'name = "Mine"' \
		'base_url = "http://127.0.0.1:9/v1"' 'request_max_retries = 4' '' '[tui]' 'notifications = true' >"$TOML"
	run --separate-stderr apply codex
	assert_success
	assert_equal "$(<"$TOML")" 'model_provider = "flowgate"
model = "router-default"

[model_providers.flowgate]
name = "FlowGate Local"
base_url = "http://127.0.0.1:4000/v1"
request_max_retries = 4
env_key = "OPENAI_API_KEY"
wire_api = "responses"

[tui]
notifications = true'
	run --separate-stderr fg-client revert -c codex "$CFGJSON"
	assert_success
	assert_equal "$(<"$TOML")" 'model_provider = "azure"

[model_providers.flowgate]
name = "Mine"
base_url = "http://127.0.0.1:9/v1"
request_max_retries = 4

[tui]
notifications = true'
}

@test "fg-client apply codex: CRLF line endings and a last line without a newline are kept" {
	mkdir -p "$HOME/.codex"
	printf 'approval_policy = "never"\r\n\r\n[tui]\r\nnotifications = true' >"$TOML"
	run --separate-stderr apply codex
	assert_success
	# Every line ends in CRLF; nothing was lost from the old ones.
	run grep -c $'\r$' "$TOML"
	assert_output 12
	run grep -vc $'\r$' "$TOML"
	assert_output 0
	run cmp <(head -n 2 "$TOML") <(printf 'approval_policy = "never"\r\nmodel_provider = "flowgate"\r\n')
	assert_success
	run grep -F $'notifications = true\r' "$TOML"
	assert_success
	run --separate-stderr fg-client revert -c codex "$CFGJSON"
	assert_success
	assert_equal "$(od -c "$TOML")" "$(printf 'approval_policy = "never"\r\n\r\n[tui]\r\nnotifications = true' | od -c)"
}

@test "fg-client apply codex: a symlinked config.toml writes its target and stays a symlink" {
	mkdir -p "$HOME/dotfiles" "$HOME/.codex"
	printf 'model = "o3"\n' >"$HOME/dotfiles/codex.toml"
	ln -s ../dotfiles/codex.toml "$TOML"
	run --separate-stderr apply codex
	assert_success
	assert [ -L "$TOML" ]
	assert_equal "$(jq -r .saved_path <<<"$output")" "$HOME/.codex/../dotfiles/codex.toml"
	run grep -c flowgate "$HOME/dotfiles/codex.toml"
	assert_output 2
	assert_equal "$(backups_of "$HOME/dotfiles/codex.toml" | wc -l)" 1
}

@test "fg-client apply codex: files it cannot edit safely are refused and left as they were" {
	mkdir -p "$HOME/.codex"
	while IFS='|' read -r _ text why; do
		printf '%b' "$text" >"$TOML"
		cp "$TOML" "$BATS_TEST_TMPDIR/orig"
		run --separate-stderr apply codex
		assert_failure 1
		assert_equal "${#stderr_lines[@]}" 1
		assert_regex "$stderr" "$why"
		assert cmp "$TOML" "$BATS_TEST_TMPDIR/orig"
		assert_equal "$(backups_of "$TOML")" ""
		assert_equal "$(find "$HOME/.codex" -name '*fgtmp*')" ""
	done <<'CASES'
invalid|model = \n|line 1: a value is expected
unclosed|[tui\n|line 1: a table header is not closed
multiline|model = """\no3\n"""\n|line 1: model is a multi-line string, not a one-line value; edit it by hand
array|model_provider = ["a"]\n|line 1: model_provider is a array
inline|model_providers = { flowgate = { name = "x" } }\n|line 1: the flowgate provider is defined outside its .model_providers.flowgate. table
dotted|model_providers.flowgate.base_url = "x"\n|line 1: the flowgate provider is defined outside
duplicate|model = "a"\nmodel = "b"\n|line 2: model is set 2 times|line 1: model is set 2 times
twotables|[model_providers.flowgate]\n[model_providers.flowgate]\n|is there 2 times
arraytable|[[model_providers.flowgate]]\n|array of tables
nul|a = 1\n\0\n|holds a NUL byte
CASES
}

@test "fg-client apply codex: a read-only folder is an error with nothing changed and nothing left behind" {
	real_config
	cp "$TOML" "$BATS_TEST_TMPDIR/orig"
	make_readonly "$HOME/.codex"
	run --separate-stderr apply codex
	undo_readonly "$HOME/.codex"
	assert_failure 1
	assert_regex "$stderr" "^fg-client: $TOML.backup.[0-9]+: cannot back up: (Permission denied|Operation not permitted)$"
	run cmp "$TOML" "$BATS_TEST_TMPDIR/orig"
	assert_success
	assert [ ! -e "$BATS_TEST_TMPDIR/rt/integration" ]
	assert_equal "$(find "$HOME/.codex" -name '*fgtmp*')" ""
}

# A folder nothing may be written into: mode 0555 refuses a user, and root
# (which modes do not stop) is refused by the immutable attribute.
make_readonly() {
	if [ "$(id -u)" = 0 ]; then
		chattr +i "$1"
	else
		chmod 555 "$1"
	fi
}

undo_readonly() {
	if [ "$(id -u)" = 0 ]; then
		chattr -i "$1"
	else
		chmod 755 "$1"
	fi
}

@test "fg-client revert codex: a value the user changed after apply is kept, the rest restored" {
	real_config
	apply codex >/dev/null
	sed -i 's|^model = "router-default"|model = "mine-now"|' "$TOML"
	run --separate-stderr fg-client revert -c codex "$CFGJSON"
	assert_success
	assert_equal "$(jq -c .kept <<<"$output")" '["model"]'
	run grep -c '^model = "mine-now"' "$TOML"
	assert_output 1
	run grep -c 'flowgate' "$TOML"
	assert_output 0
}

@test "fg-client apply codex twice, then revert: the first apply's values come back, not the second's" {
	real_config
	cp "$TOML" "$BATS_TEST_TMPDIR/orig"
	apply codex >/dev/null
	sed -i 's/port: 4000/port: 4001/' "$CFG"
	fg-config -c "$CFG" >"$CFGJSON"
	run --separate-stderr apply codex
	assert_equal "$(jq -c .changes <<<"$output")" '["model_providers.flowgate.base_url"]'
	fg-client revert -c codex "$CFGJSON" >/dev/null
	run cmp "$TOML" "$BATS_TEST_TMPDIR/orig"
	assert_success
}

@test "fg-client apply --dry-run: says what would change and writes nothing" {
	real_config
	cp "$TOML" "$BATS_TEST_TMPDIR/orig"
	run --separate-stderr fg-client apply --sh --dry-run codex "$CFGJSON"
	assert_success
	assert_line "fg_result='dry-run'"
	assert_line "fg_planned_path='$TOML'"
	assert_line "fg_saved_path=''"
	assert_line "fg_changes='model_provider model model_providers.flowgate.name model_providers.flowgate.base_url model_providers.flowgate.env_key model_providers.flowgate.wire_api [model_providers.flowgate]'"
	run cmp "$TOML" "$BATS_TEST_TMPDIR/orig"
	assert_success
	assert [ ! -e "$BATS_TEST_TMPDIR/rt/integration" ]
}

@test "fg-client apply: --file and \$CODEX_HOME / \$CLAUDE_CONFIG_DIR name the file" {
	run --separate-stderr fg-client apply -c --file "$BATS_TEST_TMPDIR/x.toml" codex "$CFGJSON"
	assert_success
	assert [ -f "$BATS_TEST_TMPDIR/x.toml" ]
	CODEX_HOME=$BATS_TEST_TMPDIR/ch run --separate-stderr fg-client apply -c codex "$CFGJSON"
	assert_equal "$(jq -r .saved_path <<<"$output")" "$BATS_TEST_TMPDIR/ch/config.toml"
	CLAUDE_CONFIG_DIR=$BATS_TEST_TMPDIR/cl run --separate-stderr fg-client apply -c claude-code "$CFGJSON"
	assert_equal "$(jq -r .saved_path <<<"$output")" "$BATS_TEST_TMPDIR/cl/settings.json"
}

# ---- apply and revert: settings.json ----

@test "fg-client apply claude-code: sets env, drops ANTHROPIC_API_KEY, keeps other keys in order; 0600; revert restores" {
	mkdir -p "$HOME/.claude"
	cat >"$SETTINGS" <<'JSON'
{
  "model": "opus",
  "env": {
    "ANTHROPIC_API_KEY": "sk-ant-mine",
    "DISABLE_TELEMETRY": "1"
  },
  "permissions": {
    "allow": [
      "Bash(ls)"
    ]
  },
  "theme": "dark"
}
JSON
	cp "$SETTINGS" "$BATS_TEST_TMPDIR/orig"
	chmod 644 "$SETTINGS"
	run --separate-stderr apply claude-code
	assert_success
	assert_equal "$(file_mode "$SETTINGS")" 600
	assert_equal "$(jq -c 'keys_unsorted' "$SETTINGS")" '["model","env","permissions","theme"]'
	assert_equal "$(jq -c '.env | keys_unsorted' "$SETTINGS")" '["DISABLE_TELEMETRY","ANTHROPIC_BASE_URL","ANTHROPIC_AUTH_TOKEN","ANTHROPIC_MODEL","ANTHROPIC_DEFAULT_OPUS_MODEL","ANTHROPIC_DEFAULT_SONNET_MODEL","ANTHROPIC_DEFAULT_HAIKU_MODEL"]'
	assert_equal "$(jq -r .env.ANTHROPIC_AUTH_TOKEN "$SETTINGS")" "$(<"$KEYFILE")"
	assert_equal "$(jq -c '[.model, .permissions, .theme]' "$SETTINGS")" '["opus",{"allow":["Bash(ls)"]},"dark"]'
	refute_output --partial "$(<"$KEYFILE")"
	run --separate-stderr fg-client revert -c claude-code "$CFGJSON"
	assert_success
	assert_equal "$(jq -S . "$SETTINGS")" "$(jq -S . "$BATS_TEST_TMPDIR/orig")"
}

@test "fg-client apply claude-code: a file Claude Code wrote (2-space JSON) changes only in env's lines" {
	mkdir -p "$HOME/.claude"
	printf '{\n  "includeCoAuthoredBy": false,\n  "env": {\n    "FOO": "1"\n  },\n  "n": 1.5\n}\n' >"$SETTINGS"
	cp "$SETTINGS" "$BATS_TEST_TMPDIR/orig"
	apply claude-code >/dev/null
	run diff "$BATS_TEST_TMPDIR/orig" "$SETTINGS"
	assert_equal "$(grep -c '^[<]' <<<"$output")" 1
	assert_line '<     "FOO": "1"'
	assert_line '>     "FOO": "1",'
}

@test "fg-client apply claude-code: invalid JSON, an env that is not an object, a missing key file: refused, untouched" {
	mkdir -p "$HOME/.claude"
	for text in '{"env": ' '{"a": 1,}' '[1, 2]' '{"env": "x"}' '{"a": 1} trailing' '// comment
{}'; do
		printf '%s\n' "$text" >"$SETTINGS"
		run --separate-stderr apply claude-code
		assert_failure 1
		assert_equal "${#stderr_lines[@]}" 1
		assert_regex "$stderr" "^fg-client: $SETTINGS: .*"
		assert_equal "$(<"$SETTINGS")" "$text"
		assert_equal "$(backups_of "$SETTINGS")" ""
	done
	rm "$SETTINGS" "$KEYFILE"
	run --separate-stderr apply claude-code
	assert_error 1 "fg-client: $KEYFILE: no such file; write the key clients send to LiteLLM into it (mode 0600)"
	assert [ ! -e "$SETTINGS" ]
}

@test "fg-client apply claude-code on no file makes one; revert removes it again" {
	run --separate-stderr apply claude-code
	assert_success
	assert_equal "$(jq -c 'keys' "$SETTINGS")" '["env"]'
	run --separate-stderr fg-client revert -c claude-code "$CFGJSON"
	assert_equal "$(jq -r .result <<<"$output")" removed
	assert [ ! -e "$SETTINGS" ]
}

@test "fg-client revert claude-code: a variable the user changed since is kept; the record goes" {
	apply claude-code >/dev/null
	jq '.env.ANTHROPIC_MODEL = "my-model"' "$SETTINGS" >"$BATS_TEST_TMPDIR/s" && cp "$BATS_TEST_TMPDIR/s" "$SETTINGS"
	run --separate-stderr fg-client revert -c claude-code "$CFGJSON"
	assert_success
	assert_equal "$(jq -c .kept <<<"$output")" '["env.ANTHROPIC_MODEL"]'
	assert_equal "$(jq -c .env "$SETTINGS")" '{"ANTHROPIC_MODEL":"my-model"}'
	assert_equal "$(find "$BATS_TEST_TMPDIR/rt/integration" -type f | wc -l)" 0
}

@test "fg-client apply: kill -9 at random points leaves the old file or the new one, never a torn one" {
	real_config
	cp "$TOML" "$BATS_TEST_TMPDIR/old"
	fg-client apply --file "$BATS_TEST_TMPDIR/new.toml" codex "$CFGJSON" >/dev/null
	cp "$TOML" "$BATS_TEST_TMPDIR/new.toml"
	apply codex >/dev/null
	cp "$TOML" "$BATS_TEST_TMPDIR/new"
	# Each of the two writes (the record, then the file) waits 30 ms before
	# its rename; the kill lands anywhere from start-up to well after.
	client_kill9_trials 40 "$TOML" "$BATS_TEST_TMPDIR/old" "$BATS_TEST_TMPDIR/new" "$BATS_TEST_TMPDIR/rt/integration" \
		env FG_ATOMIC_DELAY_MS=30 fg-client apply codex "$CFGJSON"
	echo "old=$KILL9_OLD new=$KILL9_NEW" >&3
	assert_equal $((KILL9_OLD + KILL9_NEW)) 40
	# The next apply sweeps what a killed writer left.
	apply codex >/dev/null
	assert_equal "$(find "$HOME/.codex" -name '*fgtmp*')" ""
}

# ---- check ----

@test "fg-client check: both clients wired and reachable through the stand-in, with their keys" {
	start_llm
	client_project "$LLM_PORT"
	apply codex >/dev/null
	apply claude-code >/dev/null
	OPENAI_API_KEY=$CLIENT_KEY run --separate-stderr fg-client check -c all "$CFGJSON"
	assert_success
	assert_equal "$(jq -c '.ok, (.clients | map_values([.state, .source, .key, .reachable, .models]))' <<<"$output")" "true
{\"codex\":[\"wired\",\"config.toml\",\"present\",true,2],\"claude-code\":[\"wired\",\"settings.json\",\"present\",true,2]}"
	run grep -c "^LLM GET /v1/models model=- stream=false auth=bearer key=ok$" "$LLM_LOG"
	assert_output 2
}

@test "fg-client check codex: no key in the environment, a wrong key, a stack that is down" {
	start_llm
	client_project "$LLM_PORT"
	apply codex >/dev/null
	run --separate-stderr fg-client check --sh codex "$CFGJSON"
	assert_failure 1
	assert_line "fg_codex_key='missing'"
	assert_line "fg_codex_reason='http_401'"
	OPENAI_API_KEY=wrong run --separate-stderr fg-client check --sh codex "$CFGJSON"
	assert_failure 1
	assert_line "fg_codex_state='wired'"
	assert_line "fg_codex_reach='unreachable'"
	assert_line "fg_codex_reason='http_401'"
	stop_test_server
	OPENAI_API_KEY=$CLIENT_KEY run --separate-stderr fg-client check --sh codex "$CFGJSON"
	assert_failure 1
	assert_line "fg_codex_reason='connection_refused'"
	OPENAI_API_KEY=$CLIENT_KEY run --separate-stderr fg-client check --sh --no-request codex "$CFGJSON"
	assert_success
	assert_line "fg_codex_reach='skipped'"
}

@test "fg-client: only check's request loads libcurl; one that cannot load is libcurl_not_loaded, the loader's reason on stderr" {
	start_llm
	client_project "$LLM_PORT"
	lib=$(broken_libcurl empty)
	LD_LIBRARY_PATH=$lib run --separate-stderr apply codex
	assert_success
	run ! loads_libcurl fg-client apply -c codex "$CFGJSON"
	OPENAI_API_KEY=$CLIENT_KEY run loads_libcurl fg-client check -c codex "$CFGJSON"
	assert_success
	OPENAI_API_KEY=$CLIENT_KEY LD_LIBRARY_PATH=$lib run --separate-stderr fg-client check --sh codex "$CFGJSON"
	assert_failure 1
	assert_line "fg_codex_state='wired'"
	assert_line "fg_codex_reason='libcurl_not_loaded'"
	assert_equal "$stderr" "fg-client: warning: http: cannot load libcurl: $lib/libcurl.so.4: file too short"
}

@test "fg-client check codex: another provider, or none, is not_wired" {
	run fg-client check --sh --no-request codex "$CFGJSON"
	assert_failure 1
	assert_line "fg_codex_state='not_wired'"
	assert_line "fg_codex_source='none'"
	real_config
	printf 'model_provider = "azure"\n' >"$BATS_TEST_TMPDIR/head"
	cat "$BATS_TEST_TMPDIR/head" "$TOML" >"$BATS_TEST_TMPDIR/t" && cp "$BATS_TEST_TMPDIR/t" "$TOML"
	run fg-client check --sh --no-request codex "$CFGJSON"
	assert_line "fg_codex_state='not_wired'"
	assert_line "fg_codex_base_url='https://example.openai.azure.com/openai'"
}

@test "fg-client check claude-code: settings.json's env overrides the shell's; a token and a key both set conflict" {
	start_llm
	client_project "$LLM_PORT"
	mkdir -p "$HOME/.claude"
	printf '{"env": {"ANTHROPIC_BASE_URL": "https://api.example.com"}}\n' >"$SETTINGS"
	eval "$(fg-client print -r env "$CFGJSON")"
	run --separate-stderr fg-client check --sh claude-code "$CFGJSON"
	assert_failure 1
	assert_line "fg_claude_code_state='overridden'"
	assert_line "fg_claude_code_source='settings.json'"
	assert_line "fg_claude_code_base_url='https://api.example.com'"
	# The project's local settings win over the user's.
	mkdir -p "$BATS_TEST_TMPDIR/proj/.claude"
	printf '{"env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:%s"}}\n' "$LLM_PORT" >"$BATS_TEST_TMPDIR/proj/.claude/settings.local.json"
	run --separate-stderr fg-client check --sh --project "$BATS_TEST_TMPDIR/proj" claude-code "$CFGJSON"
	assert_success
	assert_line "fg_claude_code_source='.claude/settings.local.json'"
	assert_line "fg_claude_code_models='2'"
	ANTHROPIC_API_KEY=sk-ant-x run --separate-stderr fg-client check -c --project "$BATS_TEST_TMPDIR/proj" claude-code "$CFGJSON"
	assert_failure 1
	assert_equal "$(jq -r '.clients."claude-code" | .state + " " + .key + " " + .detail' <<<"$output")" \
		"key_conflict conflict ANTHROPIC_AUTH_TOKEN from env and ANTHROPIC_API_KEY from env"
}

@test "fg-client check claude-code: an unreadable settings file is invalid, in one line; exit 1" {
	mkdir -p "$HOME/.claude"
	printf '{"env": \n' >"$SETTINGS"
	run --separate-stderr fg-client check -c --no-request claude-code "$CFGJSON"
	assert_failure 1
	assert_equal "$(jq -r '.clients."claude-code".state' <<<"$output")" invalid
	assert_regex "$(jq -r '.clients."claude-code".detail' <<<"$output")" "^$SETTINGS: "
}

# ---- exec ----

# A stand-in client: prints its arguments one per line, then the variables
# that point it at a stack.
fake_client() {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	cat >"$BATS_TEST_TMPDIR/bin/$1" <<'SH'
#!/bin/sh
for a; do printf 'arg=%s\n' "$a"; done
for v in OPENAI_API_KEY ANTHROPIC_BASE_URL ANTHROPIC_AUTH_TOKEN ANTHROPIC_MODEL ANTHROPIC_DEFAULT_HAIKU_MODEL; do
	eval "printf '%s=%s\n' $v \"\${$v-unset}\""
done
printf 'ANTHROPIC_API_KEY=%s\n' "${ANTHROPIC_API_KEY-unset}"
printf 'stdin=%s\n' "$(cat)"
SH
	chmod 755 "$BATS_TEST_TMPDIR/bin/$1"
	PATH=$BATS_TEST_TMPDIR/bin:$PATH
}

@test "fg-client exec codex: -c options point it at the stack; the key is in its environment, not its arguments" {
	fake_client codex
	run --separate-stderr fg-client exec --config-fd 3 codex -- exec "say hi" 3<"$CFGJSON" <<<"typed"
	assert_success
	assert_equal "$(grep '^arg=' <<<"$output")" 'arg=-c
arg=model_provider="flowgate"
arg=-c
arg=model_providers.flowgate.name="FlowGate Local"
arg=-c
arg=model_providers.flowgate.base_url="http://127.0.0.1:4000/v1"
arg=-c
arg=model_providers.flowgate.env_key="OPENAI_API_KEY"
arg=-c
arg=model_providers.flowgate.wire_api="responses"
arg=-c
arg=model="router-default"
arg=exec
arg=say hi'
	assert_line "OPENAI_API_KEY=$(<"$KEYFILE")"
	assert_line "stdin=typed"
	assert [ ! -e "$TOML" ]
}

@test "fg-client exec claude-code: token in the environment, base URL and models in --settings; a settings key is refused" {
	fake_client claude
	ANTHROPIC_API_KEY=sk-ant-shell run --separate-stderr fg-client exec claude-code "$CFGJSON" -- -p hi </dev/null
	assert_success
	assert_line 'arg=--settings'
	assert_line 'arg={"env":{"ANTHROPIC_BASE_URL":"http://127.0.0.1:4000","ANTHROPIC_MODEL":"router-default","ANTHROPIC_DEFAULT_OPUS_MODEL":"router-default","ANTHROPIC_DEFAULT_SONNET_MODEL":"router-default","ANTHROPIC_DEFAULT_HAIKU_MODEL":"router-cheap"}}'
	assert_line "ANTHROPIC_AUTH_TOKEN=$(<"$KEYFILE")"
	assert_line 'ANTHROPIC_API_KEY=unset'
	refute_line --partial "arg=$(<"$KEYFILE")"
	mkdir -p "$HOME/.claude"
	printf '{"env": {"ANTHROPIC_API_KEY": "sk-ant-file"}}\n' >"$SETTINGS"
	run --separate-stderr fg-client exec claude-code "$CFGJSON" -- -p hi
	assert_error 1 "fg-client: exec: $SETTINGS sets ANTHROPIC_API_KEY, which Claude Code would send instead of FlowGate's key; remove it, or run flowgate integration apply claude-code"
}

@test "fg-client exec: a client not on PATH is 127 with the install line; usage errors are 2" {
	PATH=/usr/bin:/bin run -127 --separate-stderr "$ROOT/bin/fg-client" exec --program no-such-codex codex "$CFGJSON"
	assert_error 127 "fg-client: exec: no-such-codex: No such file or directory (install it: npm install -g @openai/codex)"
	run --separate-stderr fg-client exec codex "$CFGJSON" exec
	assert_error 2 "fg-client: exec: 'exec': the client's arguments go after --"
	run --separate-stderr fg-client exec --config-fd 1 codex
	assert_error 2 "fg-client: exec: --config-fd: '1' is not a descriptor above 2"
}
