#!/usr/bin/env bats
# flowgate auth: list, status, login through the test server playing
# CLIProxyAPIPlus's management API, and the headless import of Codex CLI's login.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

setup() {
	load helpers/common
	load helpers/server
	load helpers/spawn
	make_project
	unset CLIPROXY_MANAGEMENT_KEY CODEX_HOME
	KEY=mk-$RANDOM-$RANDOM-secret
	printf '%s\n' "$KEY" >.router/secrets/cliproxy_management_key
	chmod 600 .router/secrets/cliproxy_management_key
	mkdir -p .router/auths
}

teardown() {
	stop_test_server
}

# The management API on a free port, playing SCENARIO; the config's
# cliproxyapi_plus service is pointed at it.
start_mgmt() {
	local portfile=$BATS_TEST_TMPDIR/mgmt.port
	launch_test_server "$portfile" --lifetime 60 --mgmt-key "$KEY" \
		--auth-dir "$PROJ/.router/auths" --request-log "$BATS_TEST_TMPDIR/requests.log" \
		--scenario "$1"
	sed -i "s/^    port: 8317$/    port: $TESTSERVER_PORT/" config/flowgate.yaml
}

# A JWT with the JSON payload $1 (unsigned).
jwt() {
	local h p
	h=$(printf '{"alg":"none"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')
	p=$(printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '=')
	printf '%s.%s.sig\n' "$h" "$p"
}

@test "flowgate auth list: the original's lines, exactly" {
	run flowgate auth list
	assert_success
	assert_output "provider=codex oauth_login=yes headless_import=yes
provider=copilot oauth_login=yes headless_import=no
oauth_providers=codex,copilot
headless_import_providers=codex
disabled_accounts=none"
}

@test "flowgate auth status: the original's lines, exactly" {
	run flowgate auth status
	assert_success
	assert_output "default_auth_dir=$PROJ/.router/auths
secret_permission_issues=0
provider=codex method=oauth_poll oauth_login=yes headless_import=yes
provider=copilot method=oauth_poll oauth_login=yes headless_import=no"
}

@test "flowgate auth list and status --format json: one document each, with the accounts found" {
	printf '{"type":"codex","email":"a@example.com"}' >.router/auths/codex-a.json
	printf '{"type":"github-copilot"}' >.router/auths/gh.json
	chmod 600 .router/auths/*.json
	run flowgate --format json auth list
	assert_success
	assert_equal "$(jq -c '[.oauth_providers, .headless_import_providers, .providers.copilot.headless_import]' <<<"$output")" '[["codex","copilot"],["codex"],false]'
	run flowgate --format json auth status
	assert_success
	assert_equal "$(jq -c '[.secret_permission_issues, .providers.codex.accounts, (.providers.copilot.accounts | map(.file))]' <<<"$output")" '[0,[{"file":"codex-a.json","type":"codex","email":"a@example.com","disabled":false}],["gh.json"]]'
}

@test "flowgate auth login codex: the URL at once, the status, the confirmed auth file, an event" {
	start_mgmt ok-after-3
	run --separate-stderr flowgate auth login codex --timeout 10 --poll-interval 0.05
	assert_success
	assert_line --index 0 --regexp '^login_url=http'
	assert_line oauth_status=wait
	assert_line oauth_status=ok
	assert_line --regexp '^auth_file=.+'
	refute_output --partial "$KEY"
	refute [ -n "$(grep -F -- "$KEY" .router/runtime/events.log)" ]
	assert_equal "$(jq -r 'select(.event == "oauth_login") | "\(.provider) \(.result)"' .router/runtime/events.log)" "codex success"
	run grep -c 'GET /v0/management/codex-auth-url?is_webui=true auth=ok' "$BATS_TEST_TMPDIR/requests.log"
	assert_output 1
}

@test "flowgate auth login: an unconfirmed login prints one final oauth_status line, never ok" {
	start_mgmt ok-no-file
	run --separate-stderr flowgate auth login codex --timeout 10 --poll-interval 0.05
	assert_failure 1
	refute_line oauth_status=ok
	assert_equal "$(grep '^oauth_status=' <<<"$output" | tail -n 1)" oauth_status=unconfirmed
	assert_equal "$(grep -c '^oauth_status=unconfirmed$' <<<"$output")" 1
	assert_equal "${#stderr_lines[@]}" 1
}

@test "flowgate auth copilot login (legacy shape): the device code is shown" {
	start_mgmt device
	run --separate-stderr flowgate auth copilot login --timeout 10 --poll-interval 0.05
	assert_success
	assert_line --regexp '^user_code=.+'
	assert_line --regexp '^verification_url=http'
	run grep -c 'github-auth-url' "$BATS_TEST_TMPDIR/requests.log"
	assert_output 1
}

@test "flowgate auth login: an error from the proxy is exit 1 with one hint line, and a failure event" {
	start_mgmt error
	run --separate-stderr flowgate auth login codex --timeout 10 --poll-interval 0.05
	assert_failure 1
	assert_line oauth_status=error
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" 'hint='
	assert_equal "$(jq -r 'select(.event == "oauth_login") | .result' .router/runtime/events.log)" failure
}

@test "flowgate auth login --format json: one document, the events also on stderr as they come" {
	start_mgmt ok-after-3
	run --separate-stderr flowgate --format json auth login codex --timeout 10 --poll-interval 0.05
	assert_success
	assert_equal "$(jq -c '[.result, .provider, (.auth_file != null), (.events[0].event)]' <<<"$output")" '["ok","codex",true,"login_url"]'
	assert_regex "$stderr" '"event":"login_url"'
}

@test "flowgate auth login: an unconfigured provider is exit 2 naming the available ones" {
	run --separate-stderr flowgate auth login gemini
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "flowgate: provider 'gemini' is not configured (available=codex,copilot)"
}

@test "flowgate auth login: a missing key file is exit 2 naming it" {
	rm .router/secrets/cliproxy_management_key
	start_mgmt ok-after-3
	run --separate-stderr flowgate auth login codex --timeout 5
	assert_failure 2
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "cliproxy_management_key"
}

@test "flowgate auth import-headless codex: saved_auth, mode 0600, the event" {
	mkdir -p "$BATS_TEST_TMPDIR/codex"
	export CODEX_HOME=$BATS_TEST_TMPDIR/codex
	jq -n --arg id "$(jwt '{"email":"dev@example.com"}')" --arg a "$(jwt '{"exp":1795536000}')" \
		'{tokens: {id_token: $id, access_token: $a, refresh_token: "rt-1", account_id: "acct"}, last_refresh: "2025-11-01T10:00:00Z"}' \
		>"$CODEX_HOME/auth.json"
	run --separate-stderr flowgate auth import-headless codex
	assert_success
	assert_output "saved_auth=$PROJ/.router/auths/codex-headless-import.json"
	assert_equal "$(file_mode .router/auths/codex-headless-import.json)" 600
	assert_equal "$(jq -c '[.type, .email, .account_id, .expired]' .router/auths/codex-headless-import.json)" '["codex","dev@example.com","acct","2026-11-24T16:00:00Z"]'
	assert_equal "$(jq -r 'select(.event == "auth_import") | .result' .router/runtime/events.log)" success
	run --separate-stderr flowgate auth codex import-headless --dest-dir "$BATS_TEST_TMPDIR/d"
	assert_success
	assert_output "saved_auth=$BATS_TEST_TMPDIR/d/codex-headless-import.json"
}

@test "flowgate auth import-headless: the original's errors" {
	run --separate-stderr flowgate auth import-headless copilot
	assert_failure 2
	assert_equal "$stderr" "fg-oauth: headless import not supported for provider=copilot; supported=codex"
	printf '{"tokens": {"refresh_token": "r"}}' >"$BATS_TEST_TMPDIR/a.json"
	run --separate-stderr flowgate auth import-headless codex --source "$BATS_TEST_TMPDIR/a.json"
	assert_failure 1
	assert_equal "$stderr" "fg-oauth: headless import failed: Headless auth file missing tokens.access_token"
	assert [ ! -e .router/auths/codex-headless-import.json ]
}

@test "flowgate auth: usage errors are exit 2" {
	run flowgate auth
	assert_failure 2
	run flowgate auth frob
	assert_failure 2
	run flowgate auth list extra
	assert_failure 2
	run flowgate auth login
	assert_failure 2
	run flowgate auth login codex --timeout
	assert_failure 2
}
