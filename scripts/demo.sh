#!/bin/sh
# make demo: the whole lifecycle on a scratch project made from
# config/examples, offline: bootstrap, doctor, a profile, the services,
# health and status, an OAuth login, a headless import, Codex CLI and Claude
# Code pointed at the stack (in the demo's own HOME, never yours) and back,
# a profile switch, the stop and the events. Each command is shown before its output and checked;
# the demo exits 0 only if every step did what it should.
#
# LiteLLM and CLIProxyAPIPlus cannot be installed here, so stand-ins play
# them, and a loopback server plays GitHub's release API:
# - the "release" is a real tar.gz with checksums.txt, holding the test
#   server (an executable for this machine) as the CLIProxyAPIPlus binary;
#   started with -config it answers on the config's port, with its
#   management key, and approves an OAuth login after three polls;
# - FLOWGATE_LITELLM points the LiteLLM runner at the test server on 4000.
# FlowGate drives them exactly as it would the real ones.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
demo=$root/build/demo
PATH=$root/bin:$PATH
export PATH
unset FLOWGATE_CONFIG GITHUB_TOKEN CLIPROXY_MANAGEMENT_KEY CODEX_HOME CLAUDE_CONFIG_DIR \
	ANTHROPIC_BASE_URL ANTHROPIC_AUTH_TOKEN ANTHROPIC_API_KEY OPENAI_API_KEY
# The clients' files the demo points at the stack are the demo's own.
HOME=$demo/home
export HOME

stand_ins=$root/test/stand-ins.sh
rm -rf "$demo"
mkdir -p "$demo/config" "$demo/.router/secrets" "$demo/stand-ins/release"
cp "$root/config/examples/flowgate.yaml" "$root/config/examples/cliproxyapi.yaml" "$demo/config/"
# Stand-in secrets; real ones go in these files, mode 0600. The management
# key is the plaintext of remote-management.secret-key in cliproxyapi.yaml.
printf 'sk-demo-not-a-real-key\n' >"$demo/.router/secrets/upstream_cliproxyapi_api_key"
printf 'change-me-management-key\n' >"$demo/.router/secrets/cliproxy_management_key"
printf 'sk-demo-litellm-client-key\n' >"$demo/.router/secrets/litellm_client_key"
chmod 600 "$demo/.router/secrets/"*
mkdir -p "$HOME"

"$root/build/fg-testserver" --port 0 --port-file "$demo/stand-ins/release.port" --lifetime 300 \
	--release-dir "$demo/stand-ins/release" </dev/null >/dev/null 2>&1 &
release_pid=$!
i=0
until [ -s "$demo/stand-ins/release.port" ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || {
		echo "demo: the stand-in release server did not start" >&2
		exit 1
	}
	sleep 0.05
done
FLOWGATE_GITHUB_API=http://127.0.0.1:$(cat "$demo/stand-ins/release.port")
FLOWGATE_LITELLM=$demo/stand-ins/litellm
export FLOWGATE_GITHUB_API FLOWGATE_LITELLM
"$stand_ins" release "$demo/stand-ins/release" "$FLOWGATE_GITHUB_API"
"$stand_ins" litellm "$FLOWGATE_LITELLM" 4000
"$stand_ins" codex-login "$demo/stand-ins/codex/auth.json"

cd "$demo"
trap 'flowgate service stop all >/dev/null 2>&1 || :; kill "$release_pid" 2>/dev/null || :' EXIT

steps=0
failed=
# step WHAT REGEX CMD...: shows CMD and its output; the step did what it
# should when CMD exits 0 and a line of its output matches REGEX.
step() {
	what=$1 re=$2
	shift 2
	steps=$((steps + 1))
	printf '\n$ %s\n' "$*"
	rc=0
	out=$("$@" 2>&1) || rc=$?
	printf '%s\n' "$out"
	if [ "$rc" -ne 0 ]; then
		printf 'demo: step %s (%s) FAILED: exit %s\n' "$steps" "$what" "$rc"
		failed="$failed $steps"
	elif ! printf '%s\n' "$out" | grep -Eq -- "$re"; then
		printf 'demo: step %s (%s) FAILED: no line matches %s\n' "$steps" "$what" "$re"
		failed="$failed $steps"
	fi
}

echo "FlowGate demo in $demo"
echo "(stand-ins play CLIProxyAPIPlus, LiteLLM and GitHub's release API: see scripts/demo.sh)"
step "bootstrap from the release API" '^cliproxy_verified=yes$' flowgate bootstrap download
step "doctor: everything passes" '^doctor:jq=pass' flowgate doctor
step "profiles" '^balanced$' flowgate profile list
step "profile set" '^profile=balanced$' flowgate profile set balanced
step "the active config's settings" '^  num_retries: 2$' sed -n "/^litellm_settings:/,\$p" .router/runtime/litellm.active.yaml
step "services start, ready" '^litellm:started pid=[0-9]+$' flowgate service start --wait all
step "health" '^litellm:liveness=ok readiness=ok' flowgate health
step "status" '^litellm_running=yes$' flowgate status
step "OAuth login (approved after 3 polls)" '^auth_file=' flowgate auth login codex --poll-interval 0.2 --timeout 20
step "headless import of Codex CLI's login" '^saved_auth=' \
	flowgate auth import-headless codex --source stand-ins/codex/auth.json
step "accounts" 'provider=codex' flowgate auth status
step "point Codex CLI at LiteLLM" '^integration:codex applied ' flowgate integration apply codex -y
step "point Claude Code at LiteLLM" '^integration:claude-code applied ' flowgate integration apply claude-code -y
step "both clients wired, and LiteLLM answers them" '^integration:claude-code wired .* reachable models=1$' \
	env OPENAI_API_KEY=sk-demo-litellm-client-key flowgate integration check all
step "Codex CLI's config as it was" '^integration:codex removed ' flowgate integration revert codex -y
step "profile switch (restarts LiteLLM)" '^litellm:restarted pid=[0-9]+$' flowgate profile set cost
step "services stop" '^litellm:stopped$' flowgate service stop all
step "status after the stop" '^litellm_running=no$' flowgate status
step "the events" '"event":"service_stop"' tail -n 8 .router/runtime/events.log
step "the plumbing gives the same config" '^identical$' \
	sh -c 'fg-config config/flowgate.yaml | fg-merge cost | fg-resolve --yaml | cmp - .router/runtime/litellm.active.yaml && echo identical'

echo
if [ -n "$failed" ]; then
	echo "demo: FAILED: steps$failed of $steps did not do what they should"
	exit 1
fi
echo "demo: all $steps steps did what they should"
