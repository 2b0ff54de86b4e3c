#!/usr/bin/env bats
# flowgate doctor: every check passing on a bootstrapped project, then each
# failing in turn with its suggestion; text and JSON.
# shellcheck disable=SC2154,SC2016 # bats' run sets $stderr and $stderr_lines; bcrypt hashes are literal

# The stand-in release is made and served once for the file: the tests only
# download it (bootstrap).
setup_file() {
	load helpers/stack
	build_test_server
	stack_file_release
}

teardown_file() {
	stack_file_release_stop
}

setup() {
	load helpers/stack
	make_stack_project
	BIN=$PROJ/.router/runtime/bin
	CFG=$PROJ/config/flowgate.yaml
}

teardown() {
	stop_stack_if_started
}

# Real bcrypt hashes (libxcrypt) of the stack's management key, in Go's $2a$
# spelling at CLIProxyAPIPlus's cost 10 and as $2b$ at cost 4, and of
# another key.
HASH_2A='$2a$10$rqyggxh0QMn8/x6ZXW0vluJap3/AxcFcEEDFjpvib0Rt5di5v8MC2'
HASH_2B='$2b$04$vKURWCHQii6erWHk.WtziuP4gUDcj/pXoLrHqoEJ36GNh4NKelZXa'
HASH_OTHER='$2b$04$.4I8vKb1ujw7ubiqC28YGuyrGIFh48vTMRHkpsqXqAMjWOr3GlnzG'

set_secret_key() {
	sed -i "s|^  secret-key: .*|  secret-key: '$1'|" config/cliproxyapi.yaml
}

@test "doctor: a bootstrapped project passes every check, in the original's order then ours" {
	bootstrap_stack
	run --separate-stderr flowgate doctor
	assert_success
	assert_equal "$stderr" ''
	run sed 's/^doctor:\([a-z_]*=[a-z]*\).*/\1/' <<<"$output"
	assert_output "config=pass
runtime_dir=pass
runtime_binaries=pass
secret_permissions=pass
runtime_dependency=pass
cliproxy_release=pass
ports=pass
management_key=pass
jq=pass
integration_codex=skip
integration_claude_code=skip"
	run flowgate doctor
	assert_line "doctor:config=pass path=$CFG"
	assert_line "doctor:runtime_dependency=pass via=env litellm=$FLOWGATE_LITELLM"
	assert_line "doctor:cliproxy_release=pass repo=router-for-me/CLIProxyAPIPlus version=v6.8.16-0"
	assert_line "doctor:ports=pass held=none"
	assert_line --partial "doctor:management_key=pass key_file=$PROJ/.router/secrets/cliproxy_management_key"
	refute_output --partial suggestion=
}

@test "doctor: a config that does not load fails on its line, with the path and fg-config's reason" {
	run --separate-stderr flowgate --config "$PROJ/config/none.yaml" doctor
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^doctor:config=fail path=$PROJ/config/none.yaml error=.*not found suggestion=.*flowgate --config $PROJ/config/none.yaml doctor$"
}

@test "doctor: before bootstrap, runtime_dir and runtime_binaries fail naming bootstrap with the real --config" {
	cd "$BATS_TEST_TMPDIR"
	run flowgate --config proj/config/flowgate.yaml doctor
	assert_failure 1
	assert_line "doctor:runtime_dir=fail path=$PROJ/.router/runtime suggestion=flowgate --config $CFG bootstrap download"
	assert_line "doctor:runtime_binaries=fail missing=CLIProxyAPIPlus,litellm suggestion=flowgate --config $CFG bootstrap download"
	assert_line "doctor:runtime_dependency=fail reason=no_runner suggestion=flowgate --config $CFG bootstrap download"
	assert_line "doctor:cliproxy_release=fail reason=missing suggestion=flowgate --config $CFG bootstrap download"
}

@test "doctor: a runtime_dir that is a file fails" {
	rm -rf .router/runtime
	: >.router/runtime
	run flowgate doctor
	assert_failure 1
	assert_line --regexp "^doctor:runtime_dir=fail path=$PROJ/.router/runtime suggestion=move the file "
}

@test "doctor: one binary missing is named" {
	bootstrap_stack
	rm "$BIN/litellm"
	run flowgate doctor
	assert_failure 1
	assert_line "doctor:runtime_binaries=fail missing=litellm suggestion=flowgate --config $CFG bootstrap download"
}

@test "doctor: a secret file not 0600 fails with issues=N and the chmod that fixes it" {
	bootstrap_stack
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	run flowgate doctor
	assert_failure 1
	assert_line "doctor:secret_permissions=fail issues=1 suggestion=chmod 600 $PROJ/.router/secrets/upstream_cliproxyapi_api_key"
	sh -c "${lines[3]#*suggestion=}"
	run flowgate doctor
	assert_success
}

@test "doctor: runtime_dependency follows the runner's order and fails with the install line when nothing is found" {
	bootstrap_stack
	unset FLOWGATE_LITELLM
	mkdir -p "$BATS_TEST_TMPDIR/p"
	printf '#!/bin/sh\ntouch %s/started\n' "$BATS_TEST_TMPDIR" >"$BATS_TEST_TMPDIR/p/litellm"
	chmod 755 "$BATS_TEST_TMPDIR/p/litellm"
	PATH="$BATS_TEST_TMPDIR/p:$PATH" run flowgate doctor
	assert_line "doctor:runtime_dependency=pass via=path litellm=$BATS_TEST_TMPDIR/p/litellm"
	[ ! -e "$BATS_TEST_TMPDIR/started" ]
	run flowgate doctor
	assert_failure 1
	assert_line "doctor:runtime_dependency=fail reason=litellm_not_found suggestion=install LiteLLM (uv tool install 'litellm[proxy]', or pip install 'litellm[proxy]'), install uv for uvx, or set FLOWGATE_LITELLM"
}

@test "doctor: a runner that is not FlowGate's is never started to ask it" {
	bootstrap_stack
	printf '#!/bin/sh\ntouch %s/started\n' "$BATS_TEST_TMPDIR" >"$BIN/litellm"
	run flowgate doctor
	assert_failure 1
	assert_line "doctor:runtime_dependency=fail reason=not_flowgate_runner suggestion=flowgate --config $CFG bootstrap download"
	[ ! -e "$BATS_TEST_TMPDIR/started" ]
}

@test "doctor: a binary changed since its install, or without its manifest, fails cliproxy_release" {
	bootstrap_stack
	printf 'x' >>"$BIN/CLIProxyAPIPlus"
	run flowgate doctor
	assert_failure 1
	assert_line "doctor:cliproxy_release=fail reason=changed repo=router-for-me/CLIProxyAPIPlus version=v6.8.16-0 suggestion=flowgate --config $CFG bootstrap download --force"
	printf '{"repo": 1}' >"$BIN/CLIProxyAPIPlus.release.json"
	run flowgate doctor
	assert_line "doctor:cliproxy_release=fail reason=invalid_manifest suggestion=flowgate --config $CFG bootstrap download"
	rm "$BIN/CLIProxyAPIPlus.release.json"
	run flowgate doctor
	assert_line "doctor:cliproxy_release=fail reason=no_manifest suggestion=flowgate --config $CFG bootstrap download"
}

@test "doctor: a port held by another program fails; held by our running service it passes" {
	bootstrap_stack
	"$FG_TESTSERVER" --port "$PORT_B" --lifetime 30 </dev/null 3>&- &
	other=$!
	wait_for curl -sf "http://127.0.0.1:$PORT_B/"
	run flowgate doctor
	kill "$other"
	wait "$other" || :
	assert_failure 1
	assert_line --regexp "^doctor:ports=fail busy=litellm:127.0.0.1:$PORT_B suggestion=stop what listens there"
	run flowgate service start --wait all
	assert_success
	run flowgate doctor
	assert_success
	assert_line "doctor:ports=pass held=cliproxyapi_plus,litellm"
}

@test "doctor: the management key against a plaintext secret-key: match, mismatch, missing, not 0600" {
	bootstrap_stack
	key=.router/secrets/cliproxy_management_key
	printf 'a-wrong-key-4711\n' >"$key"
	run flowgate doctor
	assert_failure 1
	assert_line --regexp "^doctor:management_key=fail reason=mismatch key_file=$PROJ/$key cliproxy_config=$PROJ/config/cliproxyapi.yaml suggestion=put the key"
	refute_output --partial a-wrong-key-4711
	refute_output --partial "$MGMT_KEY"
	printf '%s\n' "$MGMT_KEY" >"$key"
	chmod 644 "$key"
	run flowgate doctor
	assert_line --regexp "^doctor:management_key=fail reason=key_mode .* suggestion=chmod 600 $PROJ/$key$"
	rm "$key"
	run flowgate doctor
	assert_line --regexp "^doctor:management_key=fail reason=key_missing "
}

@test "doctor: a bcrypt secret-key (as CLIProxyAPIPlus rewrites it) is checked offline" {
	bootstrap_stack
	for hash in "$HASH_2A" "$HASH_2B"; do
		set_secret_key "$hash"
		run flowgate doctor
		assert_success
		assert_line --regexp "^doctor:management_key=pass .* hashed=yes$"
		refute_output --partial "$hash"
	done
	set_secret_key "$HASH_OTHER"
	run flowgate doctor
	assert_failure 1
	assert_line --regexp "^doctor:management_key=fail reason=mismatch "
}

@test "doctor: no secret-key (the management API is off) and a missing CLIProxyAPIPlus config fail" {
	bootstrap_stack
	set_secret_key ''
	run flowgate doctor
	assert_failure 1
	assert_line --regexp "^doctor:management_key=fail reason=no_secret .*suggestion=set remote-management.secret-key in $PROJ/config/cliproxyapi.yaml"
	rm config/cliproxyapi.yaml
	run flowgate doctor
	assert_line --regexp "^doctor:management_key=fail reason=config_missing .*suggestion=copy config/examples/cliproxyapi.yaml to $PROJ/config/cliproxyapi.yaml"
}

@test "doctor: the CLIProxyAPIPlus config comes from the service's -config, else config.yaml in its cwd" {
	bootstrap_stack
	mv config/cliproxyapi.yaml config/other.yaml
	sed -i 's#config/cliproxyapi.yaml#--config=config/other.yaml#' config/flowgate.yaml
	sed -i 's#^        - -config$##' config/flowgate.yaml
	run flowgate doctor
	assert_line --regexp "^doctor:management_key=pass .*cliproxy_config=$PROJ/config/other.yaml "
	sed -i 's#--config=config/other.yaml#-version#' config/flowgate.yaml
	cp config/other.yaml config.yaml
	run flowgate doctor
	assert_line --regexp "^doctor:management_key=pass .*cliproxy_config=$PROJ/config.yaml "
}

@test "doctor: jq missing from PATH fails its check" {
	bootstrap_stack
	# Every program but jq, linked in one go (one ln, not one per program).
	mkdir "$BATS_TEST_TMPDIR/nojq"
	ln -sf /bin/* /usr/bin/* "$BATS_TEST_TMPDIR/nojq/" 2>/dev/null || :
	rm -f "$BATS_TEST_TMPDIR/nojq/jq"
	assert [ -e "$BATS_TEST_TMPDIR/nojq/sh" ]
	PATH="$ROOT/bin:$BATS_TEST_TMPDIR/nojq" run flowgate doctor
	assert_failure 1
	assert_line "doctor:jq=fail suggestion=install jq (sudo apt-get install jq, or brew install jq)"
	PATH="$ROOT/bin:$BATS_TEST_TMPDIR/nojq" run --separate-stderr flowgate --format json doctor
	assert_failure 1
	assert_equal "$stderr" "flowgate: doctor: --format json needs jq (not found on PATH)"
}

@test "doctor --format json: one document, checks in order, a suggestion on every fail" {
	bootstrap_stack
	run flowgate --format json doctor
	assert_success
	run jq -c '[.ok, [.checks[].name], ([.checks[] | select(.suggestion != null)] | length)]' <<<"$output"
	assert_output '[true,["config","runtime_dir","runtime_binaries","secret_permissions","runtime_dependency","cliproxy_release","ports","management_key","jq","integration_codex","integration_claude_code"],0]'
	rm "$BIN/litellm"
	run flowgate --format json doctor
	assert_failure 1
	run jq -c '[.ok, (.checks[] | select(.status == "fail") | [.name, .details.missing // .details.reason, (.suggestion | test("bootstrap download"))])]' <<<"$output"
	assert_output '[false,["runtime_binaries","litellm",true],["runtime_dependency","no_runner",true]]'
}

@test "doctor: takes no arguments" {
	run --separate-stderr flowgate doctor extra
	assert_failure 2
	assert_equal "$stderr" "flowgate: doctor: takes no arguments (see flowgate help doctor)"
}
