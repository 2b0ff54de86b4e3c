# client.bash — a project whose LiteLLM the clients are pointed at, and the
# stand-in that plays LiteLLM for them (the test server's /v1/responses and
# /v1/messages, behind a key).
#
#   load 'helpers/client'
#   start_llm                  # the stand-in; sets LLM_PORT, LLM_LOG, CLIENT_KEY
#   client_project "$LLM_PORT" # sets CFG (YAML), CFGJSON (normalized), KEYFILE
#
# HOME is the test's own (helpers/common sees to it).
# shellcheck disable=SC2034 # CLIENT_REPLY and LLM_PORT are for the tests that load this file

CLIENT_REPLY="Hello from the FlowGate stand-in."

# The stand-in LiteLLM on a free port, asking for CLIENT_KEY.
start_llm() {
	CLIENT_KEY=sk-fg-$RANDOM-$RANDOM-client
	LLM_LOG=$BATS_TEST_TMPDIR/llm.log
	launch_test_server "$BATS_TEST_TMPDIR/llm.port" --lifetime "${1:-120}" \
		--llm-key "$CLIENT_KEY" --llm-models router-default,router-cheap \
		--request-log "$LLM_LOG" || return
	LLM_PORT=$TESTSERVER_PORT
}

# client_project PORT [INTEGRATION_YAML]: a config whose LiteLLM listens on
# PORT (at $CLIENT_HOST, default 127.0.0.1), with two models and the key file
# in place (0600); INTEGRATION_YAML is more of the integration mapping.
client_project() {
	local port=${1:-4000}
	CFG=$BATS_TEST_TMPDIR/flowgate.yaml
	cat >"$CFG" <<YAML
paths:
  runtime_dir: rt
  active_config: rt/active.yaml
  state_file: rt/state.json
  log_file: rt/flowgate.log
services:
  litellm:
    host: "${CLIENT_HOST:-127.0.0.1}"
    port: $port
    readiness_path: /health/readiness
    command: {args: [litellm]}
  cliproxyapi_plus:
    command: {args: [cliproxy]}
litellm_base:
  model_list:
    - {model_name: router-default, litellm_params: {model: openai/default}}
    - {model_name: router-cheap, litellm_params: {model: openai/cheap}}
profiles:
  balanced: {}
integration:
  fast_model: router-cheap
${2:+  $2}
YAML
	CFGJSON=$BATS_TEST_TMPDIR/config.json
	fg-config -c "$CFG" >"$CFGJSON" || return
	KEYFILE=$BATS_TEST_TMPDIR/secrets/litellm_client_key
	mkdir -p "${KEYFILE%/*}"
	printf '%s\n' "${CLIENT_KEY:-sk-fg-offline-client}" >"$KEYFILE"
	chmod 600 "$KEYFILE"
}

# The files apply and revert may leave: backups and temp files beside F.
backups_of() {
	find "$(dirname "$1")" -maxdepth 1 -name "$(basename "$1").backup.*" | sort
}
