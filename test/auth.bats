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
	local portfile=$BATS_TEST_TMPDIR/mgmt.port scenario=$1
	shift
	launch_test_server "$portfile" --lifetime 60 --mgmt-key "$KEY" \
		--auth-dir "$PROJ/.router/auths" --request-log "$BATS_TEST_TMPDIR/requests.log" \
		--scenario "$scenario" "$@"
	sed -i "s/^    port: 8317$/    port: $TESTSERVER_PORT/" config/flowgate.yaml
}

# login_unconfigured PROVIDER ENDPOINT TYPE [options]: PROVIDER is not in
# the config; its login runs with the endpoint and type of fg-oauth's table.
login_unconfigured() {
	local provider=$1 endpoint=$2 type=$3
	shift 3
	if grep -q "^    $provider:" config/flowgate.yaml; then
		fail "$provider is in the config"
	fi
	run --separate-stderr flowgate auth login "$provider" --timeout 10 --poll-interval 0.05 "$@"
	assert_success
	assert_equal "${lines[-1]}" "auth_file=$PROJ/.router/auths/$type-user1.json"
	assert_equal "$(jq -r .type ".router/auths/$type-user1.json")" "$type"
	assert_equal "$(grep -cE "^GET /v0/management/$endpoint-auth-url\?is_webui=true[& ]" "$BATS_TEST_TMPDIR/requests.log")" 1
	assert_equal "$(jq -r 'select(.event == "oauth_login") | "\(.provider) \(.result)"' .router/runtime/events.log)" "$provider success"
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
headless_import_providers=codex,kiro
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
	assert_equal "$(jq -c '[.oauth_providers, .headless_import_providers, .providers.copilot.headless_import]' <<<"$output")" '[["codex","copilot"],["codex","kiro"],false]'
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

@test "flowgate auth login: a provider neither configured nor served is exit 2 naming the known and the configured ones" {
	run --separate-stderr flowgate auth login grok
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "flowgate: provider 'grok' is neither configured nor known (known=claude,codex,gemini,antigravity,qwen,iflow,kiro,copilot,kimi,xai; configured=codex,copilot)"
}


@test "flowgate auth login claude: not configured, anthropic-auth-url, a claude file" {
	start_mgmt ok-after-3
	login_unconfigured claude anthropic claude
	assert_line --index 0 --regexp '^login_url=https://'
}

@test "flowgate auth login gemini --project-id: gemini-cli-auth-url with the project, a gemini file" {
	start_mgmt ok-after-3
	login_unconfigured gemini gemini-cli gemini --project-id my-proj
	run grep -c '^GET /v0/management/gemini-cli-auth-url?is_webui=true&project_id=my-proj auth=ok' "$BATS_TEST_TMPDIR/requests.log"
	assert_output 1
}

@test "flowgate auth login antigravity: not configured, an antigravity file" {
	start_mgmt ok-after-3
	login_unconfigured antigravity antigravity antigravity
}

@test "flowgate auth login qwen: the device URL, a qwen file" {
	start_mgmt ok-after-3
	login_unconfigured qwen qwen qwen
	assert_line --index 0 --regexp '^login_url=https://chat\.qwen\.example\.test/authorize\?user_code='
}

@test "flowgate auth login iflow: not configured, an iflow file" {
	start_mgmt ok-after-3
	login_unconfigured iflow iflow iflow
}

@test "flowgate auth login kiro: the device code with the first status, a kiro file" {
	start_mgmt ok-after-3
	login_unconfigured kiro kiro kiro
	assert_line --index 0 oauth_status=device_code
	assert_line --index 1 user_code=KIRO-5678
	assert_line --index 2 --regexp '^verification_url=https://'
	refute_line --regexp '^login_url='
}

@test "flowgate auth login: a config entry overrides the table's endpoint and type" {
	start_mgmt ok-after-3
	sed -i 's|^    copilot:$|    claude:\n      auth_url_endpoint: /v0/management/codex-auth-url\n      type: codex\n    copilot:|' config/flowgate.yaml
	run --separate-stderr flowgate auth login claude --timeout 10 --poll-interval 0.05
	assert_success
	assert_equal "${lines[-1]}" "auth_file=$PROJ/.router/auths/codex-user1.json"
	run grep -c 'anthropic-auth-url' "$BATS_TEST_TMPDIR/requests.log"
	assert_output 0
}

@test "flowgate auth login: an older proxy without the provider's login is one unsupported_by_proxy line with its version, exit 1" {
	start_mgmt ok-after-3 --mgmt-without kiro-auth-url --mgmt-version 6.5.1
	run --separate-stderr flowgate auth login kiro --timeout 10 --poll-interval 0.05
	assert_failure 1
	assert_output oauth_status=unsupported_by_proxy
	assert_equal "$stderr" "auth:login provider=kiro unsupported_by_proxy version=6.5.1"
	assert_equal "$(jq -r 'select(.event == "oauth_login") | "\(.provider) \(.result) \(.detail)"' .router/runtime/events.log)" "kiro failure unsupported_by_proxy: auth:login provider=kiro unsupported_by_proxy version=6.5.1"
	run --separate-stderr flowgate --format json auth login kiro --timeout 10
	assert_failure 1
	assert_equal "$(jq -c '[.provider, .result, .error]' <<<"$output")" '["kiro","unsupported_by_proxy","auth:login provider=kiro unsupported_by_proxy version=6.5.1"]'
	# Beside the events copied there as they come: the one line.
	assert_equal "$(grep -c '^auth:' <<<"$stderr")" 1
	assert_equal "$(grep '^auth:' <<<"$stderr")" "auth:login provider=kiro unsupported_by_proxy version=6.5.1"
}

@test "flowgate auth login: a wrong management key is exit 1, one request, one line naming the key file" {
	start_mgmt ok-after-3
	printf 'wrong-key\n' >.router/secrets/cliproxy_management_key
	run --separate-stderr flowgate auth login iflow --timeout 10 --poll-interval 0.05
	assert_failure 1
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^fg-oauth: GET /v0/management/auth-files: 401: invalid management key hint=put the plaintext of remote-management.secret-key in $PROJ/.router/secrets/cliproxy_management_key"
	assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/requests.log")" 1
	refute_output --partial wrong-key
}

@test "flowgate auth login: a state error from get-auth-status is exit 1 with the proxy's words" {
	start_mgmt error
	run --separate-stderr flowgate auth login antigravity --timeout 10 --poll-interval 0.05
	assert_failure 1
	assert_equal "${lines[-1]}" oauth_status=error
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^fg-oauth: login failed: access denied by user hint='
}

@test "flowgate auth login: a login never finished times out, exit 1, the session cancelled" {
	start_mgmt paste
	run --separate-stderr flowgate auth login qwen --timeout 0.5 --poll-interval 0.05
	assert_failure 1
	assert_equal "${lines[-1]}" oauth_status=timeout
	# The deadline may end the last poll mid-request: then it names that.
	assert_regex "$stderr" '^fg-oauth: no login within 0.5 s \(last (status: wait|error: GET /v0/management/get-auth-status: no answer within [0-9.]+ s)\) hint='
	run grep -c '^DELETE /v0/management/oauth-session?state=gem-' "$BATS_TEST_TMPDIR/requests.log"
	assert_output 1
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

@test "flowgate auth import-headless kiro: ~/.kiro's token file, else ~/.aws/sso/cache's; saved_auth, mode 0600, the event" {
	home=$BATS_TEST_TMPDIR/home
	mkdir -p "$home/.aws/sso/cache"
	jq -n --arg at "$(jwt '{"email":"k@example.com"}')" \
		'{accessToken: $at, refreshToken: "kiro-rt-1", authMethod: "social", provider: "Github", expiresAt: "2026-11-24T16:00:00Z"}' \
		>"$home/.aws/sso/cache/kiro-auth-token.json"
	HOME=$home run --separate-stderr flowgate auth import-headless kiro
	assert_success
	assert_output "saved_auth=$PROJ/.router/auths/kiro-headless-import.json"
	assert_equal "$(file_mode .router/auths/kiro-headless-import.json)" 600
	assert_equal "$(jq -c '[.type, .email, .refresh_token, .provider]' .router/auths/kiro-headless-import.json)" '["kiro","k@example.com","kiro-rt-1","Github"]'
	assert_equal "$(jq -r 'select(.event == "auth_import") | "\(.provider) \(.result)"' .router/runtime/events.log)" "kiro success"
	mkdir -p "$home/.kiro"
	jq '.refreshToken = "kiro-rt-2"' "$home/.aws/sso/cache/kiro-auth-token.json" >"$home/.kiro/kiro-auth-token.json"
	HOME=$home run --separate-stderr flowgate --format json auth import-headless kiro
	assert_success
	assert_equal "$(jq -c '[.provider, .email, .auth_method]' <<<"$output")" '["kiro","k@example.com","social"]'
	assert_equal "$(jq -r .refresh_token .router/auths/kiro-headless-import.json)" kiro-rt-2
	refute_output --partial kiro-rt
}

@test "flowgate auth import-headless kiro: a missing or invalid token file is exit 1, nothing written" {
	home=$BATS_TEST_TMPDIR/home
	mkdir -p "$home"
	HOME=$home run --separate-stderr flowgate auth import-headless kiro
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "fg-oauth: headless import failed: $home/.aws/sso/cache/kiro-auth-token.json: No such file or directory (log in with Kiro first, which writes ~/.kiro/kiro-auth-token.json or ~/.aws/sso/cache/kiro-auth-token.json, or give --source)"
	printf '{"refreshToken": "r"}' >"$BATS_TEST_TMPDIR/k.json"
	HOME=$home run --separate-stderr flowgate auth import-headless kiro --source "$BATS_TEST_TMPDIR/k.json"
	assert_failure 1
	assert_equal "$stderr" "fg-oauth: headless import failed: Kiro token file missing accessToken"
	assert [ ! -e .router/auths/kiro-headless-import.json ]
	assert_equal "$(jq -r 'select(.event == "auth_import") | .result' .router/runtime/events.log | sort -u)" failure
}

@test "flowgate auth import-headless: the original's errors" {
	run --separate-stderr flowgate auth import-headless copilot
	assert_failure 2
	assert_equal "$stderr" "fg-oauth: headless import not supported for provider=copilot; supported=codex,kiro"
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
	run flowgate auth login gemini --project-id
	assert_failure 2
}
