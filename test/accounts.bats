#!/usr/bin/env bats
# flowgate auth files and flowgate usage (fg-oauth files, fg-oauth usage):
# the proxy's accounts and request statistics through the test server playing
# CLIProxyAPIPlus's management API as the upstream handlers answer.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

setup() {
	load helpers/common
	load helpers/server
	make_project
	unset CLIPROXY_MANAGEMENT_KEY
	KEY=mk-$RANDOM-$RANDOM-secret
	printf '%s\n' "$KEY" >.router/secrets/cliproxy_management_key
	chmod 600 .router/secrets/cliproxy_management_key
	mkdir -p .router/auths
	AUTHS=$PROJ/.router/auths
	printf '{"type":"codex","email":"a@example.com","access_token":"tok-a-secret"}\n' >"$AUTHS/codex-a.json"
	printf '{"type":"github-copilot","access_token":"tok-gh-secret"}\n' >"$AUTHS/gh.json"
	chmod 600 "$AUTHS"/*.json
}

teardown() {
	stop_test_server
}

# The management API on a free port (ARG...: more server options); the
# config's cliproxyapi_plus service is pointed at it.
start_mgmt() {
	launch_test_server "$BATS_TEST_TMPDIR/mgmt.port" --lifetime 60 --mgmt-key "$KEY" \
		--auth-dir "$AUTHS" --request-log "$BATS_TEST_TMPDIR/requests.log" "$@"
	sed -i "s/^    port: 8317$/    port: $TESTSERVER_PORT/" config/flowgate.yaml
}

refute_secrets() {
	refute_output --partial "$KEY"
	refute_output --partial tok-
	refute_output --partial sk-usage-client
}

@test "auth files list: each account, its state, never a token" {
	start_mgmt
	run --separate-stderr flowgate auth files list
	assert_success
	assert_output "auth:file name=codex-a.json type=codex email=a@example.com disabled=no status=active
auth:file name=gh.json type=github-copilot email= disabled=no status=active"
	refute_secrets
	run flowgate --format json auth files list
	assert_success
	assert_equal "$(jq -c '.files[0]' <<<"$output")" '{"name":"codex-a.json","type":"codex","email":"a@example.com","disabled":false,"status":"active"}'
	refute_secrets
	# The key went as a Bearer header, and the request log saw it right.
	assert grep -q '^GET /v0/management/auth-files auth=ok' "$BATS_TEST_TMPDIR/requests.log"
}

@test "auth files disable|enable: the proxy keeps the state in the file; auth list shows the disabled account" {
	start_mgmt
	run flowgate auth files disable codex-a.json
	assert_success
	assert_output "auth:file_disabled name=codex-a.json"
	assert_equal "$(jq -c '[.disabled, .access_token]' "$AUTHS/codex-a.json")" '[true,"tok-a-secret"]'
	assert grep -q '^PATCH /v0/management/auth-files/status auth=ok' "$BATS_TEST_TMPDIR/requests.log"
	run flowgate auth files list
	assert_line "auth:file name=codex-a.json type=codex email=a@example.com disabled=yes status=disabled"
	run flowgate auth list
	assert_success
	assert_line disabled_accounts=codex-a.json
	run flowgate --format json auth list
	assert_equal "$(jq -c .disabled_accounts <<<"$output")" '["codex-a.json"]'
	run flowgate --format json auth files enable codex-a.json
	assert_success
	assert_equal "$(jq -c . <<<"$output")" '{"action":"enable","name":"codex-a.json","result":"enabled"}'
	assert_equal "$(jq -c .disabled "$AUTHS/codex-a.json")" false
	run flowgate auth list
	assert_line disabled_accounts=none
}

@test "auth files delete: the file goes; a name the proxy does not list is one line, exit 1, no request" {
	start_mgmt
	run flowgate auth files delete gh.json
	assert_success
	assert_output "auth:file_deleted name=gh.json"
	assert [ ! -e "$AUTHS/gh.json" ]
	assert grep -q '^DELETE /v0/management/auth-files?name=gh.json auth=ok' "$BATS_TEST_TMPDIR/requests.log"
	run --separate-stderr flowgate auth files delete gh.json
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "fg-oauth: files: delete: CLIProxyAPIPlus has no auth file 'gh.json' hint=flowgate auth files list shows the names it has"
	run grep -c '^DELETE' "$BATS_TEST_TMPDIR/requests.log"
	assert_output 1
}

@test "auth files disable on an older proxy (no status route): says so, exit 1, the file untouched" {
	start_mgmt --mgmt-without auth-files/status,usage
	cp "$AUTHS/codex-a.json" "$BATS_TEST_TMPDIR/before.json"
	run --separate-stderr flowgate auth files disable codex-a.json
	assert_failure 1
	assert_equal "$stderr" "fg-oauth: files: disable: this CLIProxyAPIPlus cannot disable an account (no PATCH /v0/management/auth-files/status: 404) hint=a newer CLIProxyAPIPlus has it: flowgate bootstrap download --cliproxy-version latest, or delete the account instead"
	cmp "$AUTHS/codex-a.json" "$BATS_TEST_TMPDIR/before.json"
}

@test "auth files: a wrong key is 401 with the hint, never tried twice; no proxy is one line" {
	start_mgmt
	printf 'wrong-key\n' >.router/secrets/cliproxy_management_key
	run --separate-stderr flowgate auth files list
	assert_failure 1
	assert_equal "${#stderr_lines[@]}" 1
	[[ "$stderr" == "fg-oauth: GET /v0/management/auth-files: 401: invalid management key hint=put the plaintext of remote-management.secret-key in "* ]]
	refute_output --partial wrong-key
	run grep -c auth-files "$BATS_TEST_TMPDIR/requests.log"
	assert_output 1
	stop_test_server
	run --separate-stderr flowgate auth files list
	assert_failure 1
	[[ "$stderr" == "fg-oauth: GET /v0/management/auth-files: "*"hint=check that CLIProxyAPIPlus is running at "* ]]
}

@test "auth files: usage errors name what is wrong, before any request" {
	run --separate-stderr flowgate auth files
	assert_failure 2
	assert_equal "$stderr" "flowgate: auth: files: expected list, delete NAME, disable NAME or enable NAME (see flowgate help auth)"
	run --separate-stderr flowgate auth files delete
	assert_failure 2
	assert_equal "$stderr" "flowgate: auth: files delete needs one NAME (see flowgate help auth)"
	run --separate-stderr fg-oauth files --base http://127.0.0.1:1 delete ../x.json
	assert_failure 2
	assert_equal "$stderr" "fg-oauth: files: delete '../x.json': an auth file name ends in .json and has no '/' or control character"
	run --separate-stderr fg-oauth files --base http://127.0.0.1:1 frob
	assert_failure 2
	assert_equal "$stderr" "fg-oauth: files: unknown action 'frob' (list, delete, disable, enable)"
	run --separate-stderr fg-oauth files list
	assert_failure 2
	assert_equal "$stderr" "fg-oauth: files: --base URL is required"
}

@test "usage: per key and model, the key only as its SHA-256 fingerprint" {
	start_mgmt
	run --separate-stderr flowgate usage
	assert_success
	one=$(printf %s sk-usage-client-one-secret | sha256sum | cut -c1-12)
	two=$(printf %s sk-usage-client-two-secret | sha256sum | cut -c1-12)
	first=$one second=$two
	[[ "$one" < "$two" ]] || first=$two second=$one
	lines=("usage:key id=sha256:$one model=gpt-5-mini requests=1 tokens=200 input_tokens=150 output_tokens=50 failed=0"
		"usage:key id=sha256:$one model=router-default requests=2 tokens=1000 input_tokens=650 output_tokens=350 failed=0")
	two_line="usage:key id=sha256:$two model=router-default requests=2 tokens=500 input_tokens=400 output_tokens=100 failed=1"
	if [ "$first" = "$one" ]; then
		expected=$(printf '%s\n' "${lines[@]}" "$two_line")
	else
		expected=$(printf '%s\n' "$two_line" "${lines[@]}")
	fi
	assert_output "usage:statistics enabled=yes
usage:total requests=5 success=4 failed=1 tokens=1700
$expected"
	refute_secrets
	run flowgate --format json usage
	assert_success
	assert_equal "$(jq -c '[.enabled, .total_requests, .failed, (.keys | map(.key_id)), (.keys[] | select(.key_id == "sha256:'"$one"'") | .models | map(.model))]' <<<"$output")" \
		"[true,5,1,[\"sha256:$first\",\"sha256:$second\"],[\"gpt-5-mini\",\"router-default\"]]"
	refute_secrets
}

@test "usage: a proxy without usage statistics is one line, exit 1" {
	start_mgmt --mgmt-without auth-files/status,usage
	run --separate-stderr flowgate usage
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "fg-oauth: usage: this CLIProxyAPIPlus does not expose usage statistics (GET /v0/management/usage: 404) hint=its versions with usage statistics serve that route; see the proxy's own logs otherwise"
	run --separate-stderr flowgate usage extra
	assert_failure 2
	assert_equal "$stderr" "flowgate: usage: takes no arguments (see flowgate help usage)"
}
