# Shared by every bats file: the tools under test and a scratch project.
bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
PATH="$ROOT/bin:$PATH"
export PATH
unset FLOWGATE_CONFIG

# A copy of config/examples laid out as a user would have it, with the
# upstream credential file in place (mode 0600). Sets PROJ and cds there.
make_project() {
	PROJ=$BATS_TEST_TMPDIR/proj
	mkdir -p "$PROJ/config" "$PROJ/.router/secrets"
	cp "$ROOT/config/examples/flowgate.yaml" "$ROOT/config/examples/cliproxyapi.yaml" "$PROJ/config/"
	SECRET=sk-test-$RANDOM-$RANDOM-secret
	printf '%s\n' "$SECRET" >"$PROJ/.router/secrets/upstream_cliproxyapi_api_key"
	chmod 600 "$PROJ/.router/secrets/upstream_cliproxyapi_api_key"
	cd "$PROJ"
}

# Writes stdin to a file in the test's temp folder and prints its path.
tmpfile() {
	local f="$BATS_TEST_TMPDIR/$1"
	cat >"$f"
	printf '%s\n' "$f"
}

# A minimal valid config (YAML) at $BATS_TEST_TMPDIR/min.yaml, with extra
# top-level YAML appended from stdin when given.
min_config() {
	{
		cat <<'YAML'
paths:
  runtime_dir: rt
  active_config: rt/active.yaml
  state_file: rt/state.json
  log_file: rt/flowgate.log
services:
  litellm:
    command:
      args: [litellm]
  cliproxyapi_plus:
    command:
      args: [cliproxy]
profiles:
  balanced: {}
YAML
		[ -t 0 ] || cat
	} >"$BATS_TEST_TMPDIR/min.yaml"
	printf '%s\n' "$BATS_TEST_TMPDIR/min.yaml"
}

file_mode() {
	stat -c %a "$1"
}
