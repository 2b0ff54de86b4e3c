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
# (A glob, in its sorted order: no dirname, basename, find or sort.)
backups_of() {
	local f
	for f in "$1".backup.*; do
		if [ -e "$f" ] || [ -L "$f" ]; then
			printf '%s\n' "$f"
		fi
	done
}

# client_kill9_trials N FILE OLD NEW RECORD CMD...: N trials, each resetting FILE to
# OLD's bytes and removing the folder RECORD, starting CMD in the background
# and killing it (-9) after a random 0 to 139 ms; FILE must then be OLD or
# NEW, byte for byte. Sets KILL9_OLD and KILL9_NEW (the trials that left
# each); fails naming the first trial that left neither. Here, not in the
# test, so bats' DEBUG trap does not trace the loop; the waits nap
# (kill9_after) and the reset is a printf, not a sleep and a cp per trial.
client_kill9_trials() {
	local n=$1 file=$2 old=$3 new=$4 record=$5 i content
	shift 5
	IFS= read -r -d '' content <"$old" || :
	printf '%s' "$content" >"$file"
	if ! cmp -s "$file" "$old"; then
		fail "client_kill9_trials: $old is not text printf can write back"
		return 1
	fi
	KILL9_OLD=0 KILL9_NEW=0
	for ((i = 1; i <= n; i++)); do
		printf '%s' "$content" >"$file"
		[ ! -e "$record" ] || rm -rf "$record"
		kill9_after $((RANDOM % 140)) "$@"
		if cmp -s "$file" "$old"; then
			KILL9_OLD=$((KILL9_OLD + 1))
		elif cmp -s "$file" "$new"; then
			KILL9_NEW=$((KILL9_NEW + 1))
		else
			fail "trial $i: $file is neither the old file nor the new one"
			return 1
		fi
	done
}
