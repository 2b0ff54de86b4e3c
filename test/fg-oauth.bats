#!/usr/bin/env bats
# fg-oauth: logins against the test server playing CLIProxyAPIPlus's
# management API over real loopback HTTP, Codex CLI imports from real
# (unsigned) JWTs, and the accounts in an auth folder (helpers/oauth). The
# management key checked against the proxy's config is fg-oauth-check-key.bats.
# shellcheck disable=SC2154 # bats' run --separate-stderr sets $stderr and $stderr_lines

setup_file() {
	load helpers/server
	load helpers/failalloc
	build_test_server
	build_failalloc
}

setup() {
	load helpers/oauth
	oauth_setup
}

teardown() {
	oauth_teardown
}

# login_as PROVIDER ENDPOINT TYPE [options...]: a login of PROVIDER with no
# --type or endpoint given, against the fake's ENDPOINT-auth-url; it must
# be confirmed by a new TYPE file.
login_as() {
	local provider=$1 endpoint=$2 type=$3
	shift 3
	login --provider "$provider" "$@"
	assert_success
	assert_equal "$stderr" ""
	if [ "${output:0:1}" = "{" ]; then
		assert_equal "$(result provider)" "$provider"
		assert_equal "$(result auth_file)" "$type-user1.json"
	else
		assert_equal "${lines[-1]}" "auth_file=$AUTHS/$type-user1.json"
	fi
	assert_equal "$(jq -r .type "$AUTHS/$type-user1.json")" "$type"
	assert_equal "$(requests "^GET /v0/management/$endpoint-auth-url\\?is_webui=true[& ]")" 1
}

# ---- help, version, usage ----

@test "fg-oauth: --help, --version and each command's --help go to stdout with exit 0" {
	run fg-oauth --version
	assert_success
	assert_output "fg-oauth 0.1.0"
	for cmd in login import accounts check-key providers files usage; do
		run --separate-stderr fg-oauth "$cmd" --help
		assert_success
		assert_line --index 0 --regexp "^usage: fg-oauth $cmd "
		assert_equal "$stderr" ""
	done
	run fg-oauth --help
	assert_success
	assert_line --regexp '^usage: fg-oauth login '
}

@test "fg-oauth: usage errors exit 2 with one line and nothing on stdout" {
	run --separate-stderr fg-oauth login --provider codex
	assert_error 2 "fg-oauth: login: --base URL and --provider NAME are required"
	run --separate-stderr fg-oauth login --base ftp://127.0.0.1/ --provider codex
	assert_error 2 "fg-oauth: login: --base ftp://127.0.0.1/: unsupported scheme (only http and https)"
	run --separate-stderr fg-oauth login --base 'not a url' --provider codex
	assert_error_match 2 "^fg-oauth: login: --base not a url: "
	run --separate-stderr fg-oauth login --base http://127.0.0.1:1 --provider codex --interval 0
	assert_error 2 "fg-oauth: login: --interval '0': seconds from 0.01 to 3600"
	run --separate-stderr fg-oauth login --base http://127.0.0.1:1 --provider codex --timeout -1
	assert_error 2 "fg-oauth: login: --timeout '-1': seconds from 0.001 to 86400"
	run --separate-stderr fg-oauth login --base http://127.0.0.1:1 --provider 'co/dex'
	assert_error_match 2 "^fg-oauth: login: --provider 'co/dex': "
	run --separate-stderr fg-oauth login --base http://127.0.0.1:1 --provider codex --status-endpoint 'x?y'
	assert_error_match 2 "^fg-oauth: login: --status-endpoint 'x\\?y': "
	run --separate-stderr fg-oauth login --frob
	assert_error 2 "fg-oauth: login: unknown option --frob (see fg-oauth login --help)"
	run --separate-stderr fg-oauth frob
	assert_error 2 "fg-oauth: unknown command 'frob' (login, import, accounts, check-key, providers, files, usage)"
}

# ---- the key ----

@test "fg-oauth login: no key at all is exit 2, naming both ways to give one" {
	run --separate-stderr fg-oauth login --base http://127.0.0.1:1 --provider codex
	assert_error 2 "fg-oauth: login: no management key: set CLIPROXY_MANAGEMENT_KEY or pass --key-file F (mode 0600, holding the same key as remote-management.secret-key in cliproxyapi.yaml)"
}

@test "fg-oauth login: a missing key file is exit 2, saying how to create it" {
	missing=$BATS_TEST_TMPDIR/none/key
	run --separate-stderr fg-oauth login --base http://127.0.0.1:1 --provider codex --key-file "$missing"
	assert_error 2 "fg-oauth: $missing: management key file not found (create it, mode 0600, holding the same key as remote-management.secret-key in cliproxyapi.yaml; or set CLIPROXY_MANAGEMENT_KEY)"
}

@test "fg-oauth login: an empty key file, a folder or a FIFO as key file is exit 2 at once" {
	: >"$BATS_TEST_TMPDIR/empty.key"
	chmod 600 "$BATS_TEST_TMPDIR/empty.key"
	run --separate-stderr fg-oauth login --base http://127.0.0.1:1 --provider codex --key-file "$BATS_TEST_TMPDIR/empty.key"
	assert_error_match 2 "^fg-oauth: $BATS_TEST_TMPDIR/empty.key: management key file is empty "
	run --separate-stderr fg-oauth login --base http://127.0.0.1:1 --provider codex --key-file "$BATS_TEST_TMPDIR"
	assert_error 2 "fg-oauth: $BATS_TEST_TMPDIR: management key file is not a regular file"
	mkfifo "$BATS_TEST_TMPDIR/fifo.key"
	run --separate-stderr timeout 5 fg-oauth login --base http://127.0.0.1:1 --provider codex --key-file "$BATS_TEST_TMPDIR/fifo.key"
	assert_error 2 "fg-oauth: $BATS_TEST_TMPDIR/fifo.key: management key file is not a regular file"
}

@test "fg-oauth login: a key file that is not mode 0600 gets one warning and is still used" {
	start_mgmt_server ok-after-3
	chmod 644 "$KEYFILE"
	login --provider codex
	assert_success
	assert_equal "$stderr" "fg-oauth: warning: $KEYFILE: mode 0644, not 0600: whoever can read it can manage CLIProxyAPIPlus (chmod 600 $KEYFILE)"
	assert_equal "$(result result)" ok
}

@test "fg-oauth login: \$CLIPROXY_MANAGEMENT_KEY wins over the key file, whitespace stripped" {
	start_mgmt_server ok-after-3
	printf 'wrong-key\n' >"$KEYFILE"
	CLIPROXY_MANAGEMENT_KEY=" $KEY
" login --provider codex
	assert_success
	assert_equal "$(requests 'auth=bad')" 0
}

# ---- logins ----

@test "fg-oauth login: ok after a few waits, confirmed by the new auth file" {
	start_mgmt_server ok-after-3
	login --provider codex
	assert_success
	assert_equal "$stderr" ""
	state=$(jq -r 'select(.event == "login_url") | .state' <<<"$output")
	assert_line --index 0 "{\"event\":\"login_url\",\"url\":\"https://auth.example.test/oauth/authorize?client_id=test&state=$state\",\"state\":\"$state\"}"
	assert_line --index 1 '{"event":"status","status":"wait"}'
	assert_line --index 2 '{"event":"status","status":"ok"}'
	assert_line --index 3 '{"event":"result","result":"ok","provider":"codex","auth_file":"codex-user1.json","error":null,"hint":null}'
	assert_equal "${#lines[@]}" 4
	[ -f "$AUTHS/codex-user1.json" ]
	# The login started with is_webui=true, polled its own state, and every
	# request carried the key.
	assert_equal "$(requests '^GET /v0/management/codex-auth-url\?is_webui=true auth=ok')" 1
	assert_equal "$(requests "^GET /v0/management/get-auth-status\\?state=$state auth=ok")" 3
	assert_equal "$(requests '^GET /v0/management/auth-files auth=ok')" 2
	assert_equal "$(requests 'auth=bad')" 0
}

@test "fg-oauth login: ok with no new auth file is unconfirmed, exit 1" {
	start_mgmt_server ok-no-file
	login --provider codex
	assert_failure 1
	assert_equal "$(result result)" unconfirmed
	assert_equal "$(result auth_file)" null
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^fg-oauth: CLIProxyAPIPlus said ok, but no new codex auth file appeared hint=.*start the login again"
}

@test "fg-oauth login: an auth file that existed before does not confirm a login" {
	start_mgmt_server ok-no-file
	printf '{"type":"codex","email":"old@example.com"}\n' >"$AUTHS/codex-old.json"
	login --provider codex
	assert_failure 1
	assert_equal "$(result result)" unconfirmed
}

@test "fg-oauth login: an error status ends the login with the server's message" {
	start_mgmt_server error
	login --provider codex
	assert_failure 1
	assert_line '{"event":"status","status":"error"}'
	assert_equal "$(result result)" error
	assert_equal "$(result error)" "login failed: access denied by user"
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^fg-oauth: login failed: access denied by user hint=start the login again"
}

@test "fg-oauth login: Copilot's device flow shows the user code and confirms a github-copilot file" {
	start_mgmt_server device
	login --provider copilot
	assert_success
	assert_line --index 1 '{"event":"device_code","user_code":"ABCD-1234","verification_url":"https://github.com/login/device"}'
	assert_equal "$(result auth_file)" github-copilot-user1.json
	assert_equal "$(result provider)" copilot
	assert_equal "$(requests '^GET /v0/management/github-auth-url\?is_webui=true ')" 1
}

@test "fg-oauth login: a device_code and then an auth_url status mid-poll are shown, and polling goes on" {
	start_mgmt_server midpoll
	login --provider codex
	assert_success
	assert_line '{"event":"status","status":"device_code"}'
	assert_line '{"event":"device_code","user_code":"WXYZ-9876","verification_url":"https://github.com/login/device"}'
	assert_line '{"event":"status","status":"auth_url"}'
	assert_line '{"event":"auth_url","url":"https://auth.example.test/again"}'
	assert_equal "$(result result)" ok
}

@test "fg-oauth login: a wrong key is one request, never retried, and says what to do" {
	start_mgmt_server ok-after-3
	printf 'not-the-key\n' >"$KEYFILE"
	login --provider codex
	assert_failure 1
	assert_equal "$(wc -l <"$REQLOG")" 1
	assert_equal "$(requests 'auth=bad')" 1
	assert_equal "$(result result)" error
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^fg-oauth: GET /v0/management/auth-files: 401: invalid management key hint=put the plaintext of remote-management.secret-key in $KEYFILE .*5 wrong keys ban this address for 30 minutes"
}

@test "fg-oauth login: a ban (403) is one request, and the hint says what the ban means" {
	start_mgmt_server banned
	login --provider codex
	assert_failure 1
	assert_equal "$(wc -l <"$REQLOG")" 1
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^fg-oauth: GET /v0/management/auth-files: 403: IP banned due to too many failed attempts. Try again in 29m59s hint="
	assert_regex "$stderr" "every management call from this address, localhost included, for 30 minutes"
}

@test "fg-oauth login: a 404 everywhere says the management API is disabled" {
	start_mgmt_server ok-after-3 --no-key
	login --provider codex
	assert_failure 1
	assert_equal "$(wc -l <"$REQLOG")" 1
	assert_equal "$(result error)" "management API disabled: set remote-management.secret-key in CLIProxyAPIPlus's config (GET /v0/management/auth-files: 404)"
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^fg-oauth: management API disabled: set remote-management.secret-key in CLIProxyAPIPlus's config"
}

@test "fg-oauth login: a 500 from the auth-url (callback port busy) fails at once with a hint" {
	start_mgmt_server busy
	login --provider codex
	assert_failure 1
	assert_equal "$(requests 'get-auth-status')" 0
	assert_equal "$(result error)" "GET /v0/management/codex-auth-url: 500: failed to start callback server"
	assert_regex "$(result hint)" "callback port may be taken"
	assert_equal "${#stderr_lines[@]}" 1
}

@test "fg-oauth login: an auth-url answer that is not JSON is a clear error" {
	start_mgmt_server garbage
	login --provider codex
	assert_failure 1
	assert_equal "$(result error)" "GET /v0/management/codex-auth-url: the answer is not a JSON object"
	assert_equal "${#stderr_lines[@]}" 1
}

@test "fg-oauth login: a 5 MiB status answer is refused at 1 MiB, fast" {
	start_mgmt_server huge
	t0=$(now_ms)
	login --provider codex
	elapsed=$(($(now_ms) - t0))
	assert_failure 1
	assert_equal "$(result error)" "GET /v0/management/get-auth-status: larger than the 1048576 bytes allowed"
	assert_equal "${#stderr_lines[@]}" 1
	[ "$elapsed" -lt 3000 ]
}

@test "fg-oauth login: a status request that never answers still ends at the deadline (--timeout 1)" {
	start_mgmt_server stall
	t0=$(now_ms)
	login --provider codex --timeout 1 --interval 0.2
	elapsed=$(($(now_ms) - t0))
	assert_failure 1
	assert_equal "$(result result)" timeout
	assert_regex "$(result error)" "^no login within 1 s \\(last error: GET /v0/management/get-auth-status: no answer within "
	assert_equal "${#stderr_lines[@]}" 1
	# Well short of one request's own 10 s limit (a loaded CI machine
	# took over 1.5 s for the 1 s deadline and the cancel).
	[ "$elapsed" -lt 5000 ]
	# The session is cancelled, so the proxy frees the provider's callback port.
	assert_equal "$(requests '^DELETE /v0/management/oauth-session\?state=')" 1
}

@test "fg-oauth login: a dropped connection and a 503 are tried again, and the login recovers" {
	start_mgmt_server flaky
	login --provider codex
	assert_success
	assert_equal "$(result auth_file)" codex-user1.json
	assert_equal "$(requests 'get-auth-status')" 4
}

@test "fg-oauth login: nothing listening is a failure at once, naming the address" {
	port=$(closed_port)
	run --separate-stderr fg-oauth login --base "http://127.0.0.1:$port" --key-file "$KEYFILE" \
		--provider codex
	assert_failure 1
	assert_regex "$stderr" "^fg-oauth: GET /v0/management/auth-files: cannot connect: Connection refused hint=check that CLIProxyAPIPlus is running at http://127.0.0.1:$port"
}

@test "fg-oauth login: SIGINT mid-poll cancels the session (DELETE), result cancelled, exit 130" {
	start_mgmt_server paste
	out=$BATS_TEST_TMPDIR/out
	fg-oauth login --base "$BASE" --key-file "$KEYFILE" --provider codex --interval 0.05 \
		--timeout 30 >"$out" 2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	pid=$!
	wait_for grep -q '"status":"wait"' "$out"
	kill -INT "$pid"
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" 130
	state=$(jq -r 'select(.event == "login_url") | .state' "$out")
	assert_equal "$(requests "^DELETE /v0/management/oauth-session\\?state=$state auth=ok")" 1
	assert_equal "$(jq -r 'select(.event == "result") | .result' "$out")" cancelled
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "fg-oauth: login cancelled by SIGINT hint=run the login again when ready"
}

@test "fg-oauth login: SIGTERM likewise cancels, exit 143" {
	start_mgmt_server paste
	out=$BATS_TEST_TMPDIR/out
	fg-oauth login --base "$BASE" --key-file "$KEYFILE" --provider codex --interval 0.05 \
		--timeout 30 --lines >"$out" 2>/dev/null </dev/null 3>&- &
	pid=$!
	wait_for grep -qx 'oauth_status=wait' "$out"
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" 143
	assert_equal "$(tail -n 1 "$out")" oauth_status=cancelled
	assert_equal "$(requests '^DELETE /v0/management/oauth-session')" 1
}

@test "fg-oauth login: --paste posts provider, redirect_url and state to oauth-callback" {
	start_mgmt_server paste
	redirect='http://localhost:1455/auth/callback?code=abc&state=xyz'
	login --provider codex --paste <<<"$redirect"
	assert_success
	assert_equal "$(result auth_file)" codex-user1.json
	state=$(jq -r 'select(.event == "login_url") | .state' <<<"$output")
	body=$(grep '^POST /v0/management/oauth-callback auth=ok' "$REQLOG" | sed 's/.*\tbody=//')
	assert_equal "$(jq -r .provider <<<"$body")" codex
	assert_equal "$(jq -r .redirect_url <<<"$body")" "$redirect"
	assert_equal "$(jq -r .state <<<"$body")" "$state"
	assert_regex "$(grep '^POST ' "$REQLOG")" $'\tContent-Type: application/json\t'
}

@test "fg-oauth login: --paste with something that is not an address fails and cancels the session" {
	start_mgmt_server paste
	login --provider codex --paste <<<"just some text"
	assert_failure 1
	assert_equal "$(result error)" "--paste: what was pasted is not an http(s) address"
	assert_equal "$(requests '^POST ')" 0
	assert_equal "$(requests '^DELETE /v0/management/oauth-session')" 1
}

@test "fg-oauth login: the key is never on stdout, stderr, the events log, the request log or the argv" {
	start_mgmt_server paste
	out=$BATS_TEST_TMPDIR/out
	fg-oauth login --base "$BASE" --key-file "$KEYFILE" --provider codex --interval 0.05 \
		--timeout 30 --events-log "$EVENTS" >"$out" 2>"$BATS_TEST_TMPDIR/err" </dev/null 3>&- &
	pid=$!
	wait_for grep -q '"status":"wait"' "$out"
	run tr '\0' ' ' <"/proc/$pid/cmdline"
	assert_output --partial "--key-file $KEYFILE"
	refute_output --partial "$KEY"
	kill -TERM "$pid"
	wait "$pid" || true
	# A wrong key's failure as well: its messages quote no key.
	printf 'wrong-%s\n' "$KEY" >"$KEYFILE"
	login --provider codex --events-log "$EVENTS"
	assert_failure 1
	# The login's own output and its one error line, before any other run.
	login_out=$output login_err=$stderr
	assert_regex "$login_err" '^fg-oauth: .*401'
	for f in "$out" "$BATS_TEST_TMPDIR/err" "$EVENTS" "$REQLOG"; do
		run grep -c -- "$KEY" "$f"
		assert_output 0
	done
	refute [ -n "$(grep -F -- "$KEY" <<<"$login_out")" ]
	refute [ -n "$(grep -F -- "$KEY" <<<"$login_err")" ]
	assert_equal "$(wc -l <"$EVENTS")" 2
}

@test "fg-oauth login: --lines prints the original key=value lines as they happen" {
	start_mgmt_server device
	login --provider copilot --lines
	assert_success
	assert_line --index 0 'login_url=https://github.com/login/device'
	assert_line --index 1 'user_code=ABCD-1234'
	assert_line --index 2 'verification_url=https://github.com/login/device'
	assert_line --index 3 'oauth_status=wait'
	assert_line --index 4 'oauth_status=ok'
	assert_line --index 5 "auth_file=$AUTHS/github-copilot-user1.json"
	assert_equal "${#lines[@]}" 6
}

@test "fg-oauth login: --lines on failure ends with the status word, one stderr line" {
	start_mgmt_server ok-no-file
	login --provider codex --lines
	assert_failure 1
	assert_equal "${lines[-1]}" oauth_status=unconfirmed
	assert_equal "${#stderr_lines[@]}" 1
}

@test "fg-oauth login: an answer with a key twice, or nested 5,000 deep, is refused as not a JSON object, in one line" {
	start_mgmt_server ok-after-3
	for lie in duplicate deep; do
		login --provider codex --auth-url-endpoint "/lie/$lie"
		assert_failure 1
		assert_equal "${#stderr_lines[@]}" 1
		assert_regex "$stderr" "^fg-oauth: GET /lie/$lie: the answer is not a JSON object"
		assert_equal "$(result result)" error
	done
}

@test "fg-oauth login --lines: an unconfirmed login never says ok; one final oauth_status line" {
	start_mgmt_server ok-no-file
	login --provider codex --lines
	assert_failure 1
	refute_line oauth_status=ok
	assert_equal "$(grep -c '^oauth_status=' <<<"$output")" 2
	assert_equal "$(grep '^oauth_status=' <<<"$output" | head -n 1)" oauth_status=wait
	# A confirmed one says ok once, right before its file.
	stop_test_server
	start_mgmt_server ok-after-3
	login --provider codex --lines
	assert_success
	assert_equal "$(grep -c '^oauth_status=ok$' <<<"$output")" 1
	assert_equal "${lines[-2]}" oauth_status=ok
}

@test "fg-oauth login: --events-log appends one oauth_login event as fg-state writes them" {
	start_mgmt_server ok-after-3
	login --provider codex --events-log "$EVENTS"
	assert_success
	run jq -c 'del(.timestamp)' "$EVENTS"
	assert_output '{"event":"oauth_login","service":null,"profile":null,"provider":"codex","result":"success","detail":"ok: codex-user1.json"}'
	assert_regex "$(jq -r .timestamp "$EVENTS")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
	assert_equal "$(file_mode "$EVENTS")" 600
	stop_test_server
	start_mgmt_server error
	login --provider codex --events-log "$EVENTS"
	assert_failure 1
	run jq -c 'del(.timestamp)' "$EVENTS"
	assert_line --index 1 '{"event":"oauth_login","service":null,"profile":null,"provider":"codex","result":"failure","detail":"error: login failed: access denied by user"}'
}

@test "fg-oauth login: --type, --auth-url-endpoint, --status-endpoint and a trailing slash in --base" {
	start_mgmt_server ok-after-3
	run --separate-stderr fg-oauth login --base "$BASE/" --key-file "$KEYFILE" --interval 0.05 \
		--provider myprov --type codex --auth-url-endpoint /v0/management/codex-auth-url \
		--status-endpoint /v0/management/get-auth-status
	assert_success
	assert_equal "$(result provider)" myprov
	assert_equal "$(result auth_file)" codex-user1.json
	assert_equal "$(requests '^GET /v0/management/codex-auth-url')" 1
	# The default type is the provider's name: a codex file does not confirm it.
	stop_test_server
	start_mgmt_server ok-after-3
	login --provider myprov --auth-url-endpoint /v0/management/codex-auth-url
	assert_failure 1
	assert_equal "$(result result)" unconfirmed
}

@test "fg-oauth login: a proxy in the environment is not used for loopback" {
	start_mgmt_server ok-after-3
	http_proxy=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9 \
		login --provider codex
	assert_success
}

@test "fg-oauth login: it sleeps while it waits (a 1.5 s wait costs little CPU)" {
	start_mgmt_server paste
	run --separate-stderr /usr/bin/time -f 'cpu %U %S' fg-oauth login --base "$BASE" \
		--key-file "$KEYFILE" --provider codex --interval 0.05 --timeout 1.5 </dev/null
	assert_failure 1
	assert_equal "$(result result)" timeout
	cpu=$(grep '^cpu ' <<<"$stderr")
	# A busy loop would spend the whole 1.5 s; polling 30 times costs
	# milliseconds, plus loading libcurl (over 0.2 s in the sanitizer build on
	# a loaded CI machine).
	run awk -v cpu="$cpu" 'BEGIN { split(cpu, f, " "); print (f[2] + f[3] < 0.5) ? "idle" : "busy" }'
	assert_output idle
}

# The speed goal (under 0.7 s) is bench/auth.sh's to hold, not a test's.
@test "fg-oauth login: ok on the third poll at --interval 0.2, after exactly three status requests" {
	start_mgmt_server ok-after-3
	login --provider codex --interval 0.2
	assert_success
	assert_equal "$(requests '^GET /v0/management/get-auth-status\?state=')" 3
}

# ---- import ----

# ---- every login CLIProxyAPIPlus serves ----


@test "fg-oauth providers: the table as CLIProxyAPIPlus's source names it, as JSON and as sh" {
	run --separate-stderr fg-oauth providers -c
	assert_success
	assert_equal "$(jq -r '.[] | "\(.provider) \(.auth_url_endpoint) \(.type) \(.flow)"' <<<"$output")" "claude /v0/management/anthropic-auth-url claude redirect
codex /v0/management/codex-auth-url codex redirect
gemini /v0/management/gemini-cli-auth-url gemini redirect
antigravity /v0/management/antigravity-auth-url antigravity redirect
qwen /v0/management/qwen-auth-url qwen device
iflow /v0/management/iflow-auth-url iflow redirect
kiro /v0/management/kiro-auth-url kiro device_status
copilot /v0/management/github-auth-url github-copilot device
kimi /v0/management/kimi-auth-url kimi device
xai /v0/management/xai-auth-url xai device"
	run --separate-stderr fg-oauth providers --sh
	assert_success
	assert_output "fg_known_providers='claude codex gemini antigravity qwen iflow kiro copilot kimi xai'"
	run --separate-stderr fg-oauth providers extra
	assert_error 2 "fg-oauth: providers: unexpected argument 'extra'"
}

@test "fg-oauth login claude: anthropic-auth-url, confirmed by a claude file" {
	start_mgmt_server ok-after-3
	login_as claude anthropic claude
	assert_line --index 0 --regexp '^\{"event":"login_url","url":"https://auth\.example\.test/oauth/authorize\?client_id=test&state=st[0-9]+-1","state":"st[0-9]+-1"\}$'
}

@test "fg-oauth login gemini: gemini-cli-auth-url with --project-id, confirmed by a gemini file" {
	start_mgmt_server ok-after-3
	login_as gemini gemini-cli gemini --project-id my-proj-42
	assert_equal "$(requests '^GET /v0/management/gemini-cli-auth-url\?is_webui=true&project_id=my-proj-42 auth=ok')" 1
	assert_equal "$(jq -r .project_id "$AUTHS/gemini-user1.json")" my-proj-42
	# The state is gemini's (gem-...), and it is the one polled.
	state=$(jq -r 'select(.event == "login_url") | .state' <<<"$output")
	assert_regex "$state" '^gem-'
	assert_equal "$(requests "^GET /v0/management/get-auth-status\\?state=$state auth=ok")" 3
	# Without --project-id none is sent.
	rm "$AUTHS"/*.json
	login --provider gemini
	assert_success
	assert_equal "$(requests '^GET /v0/management/gemini-cli-auth-url\?is_webui=true auth=ok')" 1
}

@test "fg-oauth login antigravity: antigravity-auth-url, confirmed by an antigravity file" {
	start_mgmt_server ok-after-3
	login_as antigravity antigravity antigravity
}

@test "fg-oauth login qwen: the device URL (its code inside) is the login URL, confirmed by a qwen file" {
	start_mgmt_server ok-after-3
	login_as qwen qwen qwen --lines
	assert_line --index 0 --regexp '^login_url=https://chat\.qwen\.example\.test/authorize\?user_code=QW-1234&client=qwen-code&'
	assert_line --index -1 "auth_file=$AUTHS/qwen-user1.json"
}

@test "fg-oauth login kimi (newer CLIProxyAPI): the URL and the user code from the answer, confirmed by a kimi file" {
	start_mgmt_server ok-after-3
	login_as kimi kimi kimi --lines
	assert_line --index 0 --regexp '^login_url=https://www\.kimi\.example\.test/device\?user_code=KM-42&s=kmi-'
	assert_line user_code=KM-42
}

@test "fg-oauth login xai (newer CLIProxyAPI): the URL and the user code from the answer, confirmed by an xai file" {
	start_mgmt_server ok-after-3
	login_as xai xai xai --lines
	assert_line --index 0 --regexp '^login_url=https://accounts\.x\.example\.test/device\?user_code=XA-42&s=xai-'
	assert_line user_code=XA-42
}

@test "fg-oauth login iflow: iflow-auth-url, confirmed by an iflow file" {
	start_mgmt_server ok-after-3
	login_as iflow iflow iflow
	assert_regex "$(jq -r 'select(.event == "login_url") | .state' <<<"$output")" '^ifl-'
}

@test "fg-oauth login kiro: no URL in the answer; the ok for a state not known yet is waited through; the device code comes with a status" {
	start_mgmt_server ok-after-3
	login_as kiro kiro kiro
	# The answer has no URL: no login_url; the first status (ok: the proxy
	# had not registered the state yet) is neither shown nor believed.
	refute_line --partial '"event":"login_url"'
	assert_line --index 0 '{"event":"status","status":"device_code"}'
	assert_line --index 1 '{"event":"device_code","user_code":"KIRO-5678","verification_url":"https://view.awsapps.example.test/start/#/device?user_code=KIRO-5678"}'
	assert_line --index 2 '{"event":"status","status":"wait"}'
	assert_line --index 3 '{"event":"status","status":"ok"}'
	assert_equal "${#lines[@]}" 5
	assert_equal "$(requests '^GET /v0/management/get-auth-status\?state=kiro-')" 5
	assert_equal "$(requests '^GET /v0/management/auth-files ')" 2
}

@test "fg-oauth login kiro --method google: the social login's URL comes with the first status" {
	start_mgmt_server ok-after-3
	login_as kiro kiro kiro --method google --lines
	assert_equal "$(requests '^GET /v0/management/kiro-auth-url\?is_webui=true&method=google auth=ok')" 1
	assert_line --index 0 oauth_status=auth_url
	assert_line --index 1 'login_url=https://prod.us-east-1.auth.desktop.kiro.example.test/login?idp=Google'
	# A method the proxy does not know is its 400, at once.
	login --provider kiro --method frob
	assert_failure 1
	assert_equal "$(result error)" "GET /v0/management/kiro-auth-url: 400: invalid method, use 'aws', 'google', or 'github'"
	run --separate-stderr fg-oauth login --base "$BASE" --provider kiro --method 'a b'
	assert_error_match 2 "^fg-oauth: login: --method 'a b': "
}

@test "fg-oauth login: a provider the proxy lacks (404 on its auth-url) is one unsupported_by_proxy line with the version" {
	start_mgmt_server ok-after-3 --mgmt-without kiro-auth-url,antigravity-auth-url
	login --provider kiro
	assert_failure 1
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "auth:login provider=kiro unsupported_by_proxy version=6.6.0-test"
	assert_equal "$(result result)" unsupported_by_proxy
	assert_equal "$(result error)" "auth:login provider=kiro unsupported_by_proxy version=6.6.0-test"
	assert_regex "$(result hint)" "has no GET /v0/management/kiro-auth-url: update it"
	# Asked of the proxy: the listing, then the one auth-url; no poll, no
	# cancel (there is no session).
	assert_equal "$(wc -l <"$REQLOG")" 2
	assert_equal "$(requests '^GET /v0/management/kiro-auth-url\?is_webui=true ')" 1
	login --provider antigravity --lines
	assert_failure 1
	assert_output oauth_status=unsupported_by_proxy
	assert_equal "$stderr" "auth:login provider=antigravity unsupported_by_proxy version=6.6.0-test"
	# Another provider of the same proxy still logs in.
	login --provider claude
	assert_success
}

@test "fg-oauth login: unsupported_by_proxy says version=unknown without X-CPA-VERSION, and never prints a version that is not a plain word" {
	start_mgmt_server ok-after-3 --mgmt-without qwen-auth-url --mgmt-version ''
	login --provider qwen
	assert_failure 1
	assert_equal "$stderr" "auth:login provider=qwen unsupported_by_proxy version=unknown"
	stop_test_server
	start_mgmt_server ok-after-3 --mgmt-without qwen-auth-url --mgmt-version 'v1 <b>'
	login --provider qwen
	assert_equal "$stderr" "auth:login provider=qwen unsupported_by_proxy version=unknown"
	stop_test_server
	start_mgmt_server ok-after-3 --mgmt-without qwen-auth-url --mgmt-version 6.5.2-1+plus
	login --provider qwen
	assert_equal "$stderr" "auth:login provider=qwen unsupported_by_proxy version=6.5.2-1+plus"
}

@test "fg-oauth login: with a wrong key an older proxy's missing login is still the 401, one request" {
	start_mgmt_server ok-after-3 --mgmt-without kiro-auth-url
	printf 'not-the-key\n' >"$KEYFILE"
	login --provider kiro
	assert_failure 1
	assert_equal "$(wc -l <"$REQLOG")" 1
	assert_regex "$stderr" "^fg-oauth: GET /v0/management/auth-files: 401: invalid management key hint="
}

@test "fg-oauth login kiro: a state error from get-auth-status ends the login with the proxy's words" {
	start_mgmt_server error
	login --provider kiro
	assert_failure 1
	assert_line '{"event":"status","status":"device_code"}'
	assert_equal "$(result result)" error
	assert_equal "$(result error)" "login failed: access denied by user"
	assert_equal "${#stderr_lines[@]}" 1
	run ls -A "$AUTHS"
	assert_output ""
}

@test "fg-oauth login kiro: a device code never entered times out, the session cancelled" {
	start_mgmt_server paste
	login --provider kiro --timeout 0.5 --lines
	assert_failure 1
	assert_line user_code=KIRO-5678
	assert_equal "${lines[-1]}" oauth_status=timeout
	# The deadline may end the last poll mid-request: then it names that.
	assert_regex "$stderr" "^fg-oauth: no login within 0.5 s \\(last (status: wait|error: GET /v0/management/get-auth-status: no answer within [0-9.]+ s)\\) hint="
	assert_equal "$(requests '^DELETE /v0/management/oauth-session\?state=kiro-')" 1
}

@test "fg-oauth import: Codex CLI's auth.json becomes CLIProxyAPIPlus's codex file, mode 0600" {
	codex_auth "$BATS_TEST_TMPDIR/codex/auth.json"
	dest=$BATS_TEST_TMPDIR/new/auths
	run --separate-stderr fg-oauth import codex --source "$BATS_TEST_TMPDIR/codex/auth.json" --dest-dir "$dest"
	assert_success
	file=$dest/codex-headless-import.json
	assert_equal "$(jq -c . <<<"$output")" "{\"saved_auth\":\"$file\",\"provider\":\"codex\",\"email\":\"dev@example.com\",\"account_id\":\"acct-jwt\",\"expired\":\"2026-11-24T16:00:00Z\"}"
	assert_equal "$(file_mode "$file")" 600
	assert_equal "$(file_mode "$dest")" 700
	assert_equal "$(file_mode "$BATS_TEST_TMPDIR/new")" 700
	src=$BATS_TEST_TMPDIR/codex/auth.json
	run jq -c --slurpfile src "$src" '. == {type: "codex",
		access_token: $src[0].tokens.access_token, refresh_token: "rt-secret-123",
		id_token: $src[0].tokens.id_token, account_id: "acct-jwt", email: "dev@example.com",
		expired: "2026-11-24T16:00:00Z", last_refresh: "2025-11-01T10:00:00Z"}' "$file"
	assert_output true
	# Once, on stderr: the two now share one refresh token.
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^fg-oauth: notice: CLIProxyAPIPlus and Codex CLI now share one refresh token: when the proxy refreshes it, Codex CLI's copy stops working"
	refute_output --partial rt-secret-123
}

@test "fg-oauth import: tokens.account_id wins over the id_token's claim; a token that does not decode is left at that" {
	src=$BATS_TEST_TMPDIR/auth.json
	jq -n '{tokens: {id_token: "not.a-jwt!.x", access_token: "opaque", refresh_token: "rt",
		account_id: "acct-tokens"}}' >"$src"
	run --separate-stderr fg-oauth import codex -c --source "$src" --dest-dir "$AUTHS"
	assert_success
	assert_output "{\"saved_auth\":\"$AUTHS/codex-headless-import.json\",\"provider\":\"codex\",\"email\":null,\"account_id\":\"acct-tokens\",\"expired\":null}"
	run jq -c 'keys' "$AUTHS/codex-headless-import.json"
	assert_output '["access_token","account_id","id_token","refresh_token","type"]'
}

@test "fg-oauth import: a missing access or refresh token is exit 1 with the field named, nothing written" {
	src=$BATS_TEST_TMPDIR/auth.json
	jq -n '{tokens: {refresh_token: "rt"}}' >"$src"
	run --separate-stderr fg-oauth import codex --source "$src" --dest-dir "$AUTHS"
	assert_error 1 "fg-oauth: headless import failed: Headless auth file missing tokens.access_token"
	jq -n '{tokens: {access_token: "at", refresh_token: ""}}' >"$src"
	run --separate-stderr fg-oauth import codex --source "$src" --dest-dir "$AUTHS"
	assert_error 1 "fg-oauth: headless import failed: Headless auth file missing tokens.refresh_token"
	jq -n '{OPENAI_API_KEY: "sk-x"}' >"$src"
	run --separate-stderr fg-oauth import codex --source "$src" --dest-dir "$AUTHS"
	assert_error 1 "fg-oauth: headless import failed: Headless auth file missing tokens.access_token"
	run ls -A "$AUTHS"
	assert_output ""
}

@test "fg-oauth import: a source that is missing, not JSON or not an object is exit 1, nothing written" {
	src=$BATS_TEST_TMPDIR/auth.json
	run --separate-stderr fg-oauth import codex --source "$src" --dest-dir "$AUTHS/d"
	assert_error 1 "fg-oauth: headless import failed: $src: No such file or directory (log in with Codex CLI first, or give --source)"
	printf '{"tokens": ' >"$src"
	run --separate-stderr fg-oauth import codex --source "$src" --dest-dir "$AUTHS/d"
	assert_error 1 "fg-oauth: headless import failed: $src: not JSON"
	printf '["tokens"]\n' >"$src"
	run --separate-stderr fg-oauth import codex --source "$src" --dest-dir "$AUTHS/d"
	assert_error 1 "fg-oauth: headless import failed: $src: not a JSON object"
	[ ! -e "$AUTHS/d" ]
}

@test "fg-oauth import: a folder it cannot write to is exit 1, and nothing is half-written" {
	[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null || skip_or_fail "needs root and setpriv to drop privileges"
	SCRATCH=$(mktemp -d /tmp/fg-oauth-test.XXXXXX)
	chmod 755 "$SCRATCH"
	codex_auth "$SCRATCH/auth.json"
	chmod 644 "$SCRATCH/auth.json"
	mkdir "$SCRATCH/dest"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$ROOT/bin/fg-oauth" import codex --source "$SCRATCH/auth.json" --dest-dir "$SCRATCH/dest"
	assert_error 1 "fg-oauth: headless import failed: $SCRATCH/dest/codex-headless-import.json: Permission denied"
	run ls -A "$SCRATCH/dest"
	assert_output ""
}

@test "fg-oauth import: the source defaults to \$CODEX_HOME/auth.json" {
	codex_auth "$BATS_TEST_TMPDIR/codexhome/auth.json"
	CODEX_HOME=$BATS_TEST_TMPDIR/codexhome run --separate-stderr fg-oauth import codex --lines --dest-dir "$AUTHS"
	assert_success
	assert_output "saved_auth=$AUTHS/codex-headless-import.json"
	assert_equal "$(jq -r .email "$AUTHS/codex-headless-import.json")" dev@example.com
}

@test "fg-oauth import: without \$CODEX_HOME the source is ~/.codex/auth.json" {
	codex_auth "$BATS_TEST_TMPDIR/home/.codex/auth.json"
	HOME=$BATS_TEST_TMPDIR/home run --separate-stderr fg-oauth import codex -c --dest-dir "$AUTHS"
	assert_success
	assert_equal "$(jq -r .account_id <<<"$output")" acct-jwt
}

@test "fg-oauth import: a provider other than codex or kiro is exit 2" {
	run --separate-stderr fg-oauth import copilot --dest-dir "$AUTHS"
	assert_error 2 "fg-oauth: headless import not supported for provider=copilot; supported=codex,kiro"
	run --separate-stderr fg-oauth import codex
	assert_error 2 "fg-oauth: import: --dest-dir D is required"
}

@test "fg-oauth import: --events-log appends an auth_import event, success or failure" {
	codex_auth "$BATS_TEST_TMPDIR/auth.json"
	run fg-oauth import codex --source "$BATS_TEST_TMPDIR/auth.json" --dest-dir "$AUTHS" --events-log "$EVENTS"
	assert_success
	run fg-oauth import codex --source "$BATS_TEST_TMPDIR/none.json" --dest-dir "$AUTHS" --events-log "$EVENTS"
	assert_failure 1
	run jq -c 'del(.timestamp, .detail)' "$EVENTS"
	assert_line --index 0 '{"event":"auth_import","service":null,"profile":null,"provider":"codex","result":"success"}'
	assert_line --index 1 '{"event":"auth_import","service":null,"profile":null,"provider":"codex","result":"failure"}'
	assert_equal "$(jq -r .detail "$EVENTS" | head -n 1)" "saved: $AUTHS/codex-headless-import.json"
	run grep -c rt-secret-123 "$EVENTS"
	assert_output 0
}

# ---- import kiro ----

# Kiro's token file at $1 (as Kiro IDE writes it), its access token a JWT
# whose claims name the account.
kiro_token() {
	mkdir -p "${1%/*}"
	jq -n --arg at "$(jwt '{"email":"kiro@example.com","exp":1795536000}')" \
		'{accessToken: $at, refreshToken: "kiro-rt-secret-9", profileArn:
		  "arn:aws:codewhisperer:us-east-1:123:profile/ABC", expiresAt: "2026-11-24T16:00:00Z",
		  authMethod: "social", provider: "Google"}' >"$1"
}

@test "fg-oauth import kiro: ~/.kiro/kiro-auth-token.json becomes the kiro auth file CLIProxyAPIPlus loads, mode 0600" {
	kiro_token "$BATS_TEST_TMPDIR/home/.kiro/kiro-auth-token.json"
	dest=$BATS_TEST_TMPDIR/new/auths
	HOME=$BATS_TEST_TMPDIR/home run --separate-stderr fg-oauth import kiro -c --dest-dir "$dest" --events-log "$EVENTS"
	assert_success
	file=$dest/kiro-headless-import.json
	assert_output "{\"saved_auth\":\"$file\",\"provider\":\"kiro\",\"email\":\"kiro@example.com\",\"auth_method\":\"social\",\"expires_at\":\"2026-11-24T16:00:00Z\"}"
	assert_equal "$(file_mode "$file")" 600
	assert_equal "$(file_mode "$dest")" 700
	src=$BATS_TEST_TMPDIR/home/.kiro/kiro-auth-token.json
	run jq -c --slurpfile src "$src" 'del(.last_refresh) == {type: "kiro",
		access_token: $src[0].accessToken, refresh_token: "kiro-rt-secret-9",
		profile_arn: "arn:aws:codewhisperer:us-east-1:123:profile/ABC",
		expires_at: "2026-11-24T16:00:00Z", auth_method: "social", provider: "Google",
		email: "kiro@example.com"}' "$file"
	assert_output true
	assert_regex "$(jq -r .last_refresh "$file")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^fg-oauth: notice: CLIProxyAPIPlus and Kiro now share one refresh token"
	refute_output --partial kiro-rt-secret-9
	assert_equal "$(jq -c '[.event, .provider, .result, .detail]' "$EVENTS")" "[\"auth_import\",\"kiro\",\"success\",\"saved: $file\"]"
	run grep -c kiro-rt-secret-9 "$EVENTS"
	assert_output 0
}

@test "fg-oauth import kiro: without ~/.kiro's file, Kiro IDE's ~/.aws/sso/cache/kiro-auth-token.json; ~/.kiro's wins when both are there" {
	kiro_token "$BATS_TEST_TMPDIR/home/.aws/sso/cache/kiro-auth-token.json"
	HOME=$BATS_TEST_TMPDIR/home run --separate-stderr fg-oauth import kiro --lines --dest-dir "$AUTHS"
	assert_success
	assert_output "saved_auth=$AUTHS/kiro-headless-import.json"
	assert_equal "$(jq -r .refresh_token "$AUTHS/kiro-headless-import.json")" kiro-rt-secret-9
	jq '.refreshToken = "from-dot-kiro" | .clientId = "cid" | .clientSecret = "csec" | .authMethod = "builder-id"' \
		"$BATS_TEST_TMPDIR/home/.aws/sso/cache/kiro-auth-token.json" >"$BATS_TEST_TMPDIR/k.json"
	mkdir -p "$BATS_TEST_TMPDIR/home/.kiro"
	mv "$BATS_TEST_TMPDIR/k.json" "$BATS_TEST_TMPDIR/home/.kiro/kiro-auth-token.json"
	HOME=$BATS_TEST_TMPDIR/home run --separate-stderr fg-oauth import kiro --lines --dest-dir "$AUTHS"
	assert_success
	# A builder-id login's client keeps its refresh working (SSO OIDC).
	assert_equal "$(jq -c '[.refresh_token, .client_id, .client_secret, .auth_method]' "$AUTHS/kiro-headless-import.json")" '["from-dot-kiro","cid","csec","builder-id"]'
}

@test "fg-oauth import kiro: no token file in either place is exit 1 naming both, nothing written" {
	mkdir -p "$BATS_TEST_TMPDIR/home"
	HOME=$BATS_TEST_TMPDIR/home run --separate-stderr fg-oauth import kiro --dest-dir "$AUTHS/d" --events-log "$EVENTS"
	assert_error 1 "fg-oauth: headless import failed: $BATS_TEST_TMPDIR/home/.aws/sso/cache/kiro-auth-token.json: No such file or directory (log in with Kiro first, which writes ~/.kiro/kiro-auth-token.json or ~/.aws/sso/cache/kiro-auth-token.json, or give --source)"
	[ ! -e "$AUTHS/d" ]
	assert_equal "$(jq -c '[.provider, .result]' "$EVENTS")" '["kiro","failure"]'
}

@test "fg-oauth import kiro: a token file that is not JSON, not an object, or has no access or refresh token is exit 1, nothing written" {
	src=$BATS_TEST_TMPDIR/kiro.json
	printf '{"accessToken": ' >"$src"
	run --separate-stderr fg-oauth import kiro --source "$src" --dest-dir "$AUTHS/d"
	assert_error 1 "fg-oauth: headless import failed: $src: not JSON"
	printf '["accessToken"]\n' >"$src"
	run --separate-stderr fg-oauth import kiro --source "$src" --dest-dir "$AUTHS/d"
	assert_error 1 "fg-oauth: headless import failed: $src: not a JSON object"
	jq -n '{refreshToken: "rt-x"}' >"$src"
	run --separate-stderr fg-oauth import kiro --source "$src" --dest-dir "$AUTHS/d"
	assert_error 1 "fg-oauth: headless import failed: Kiro token file missing accessToken"
	jq -n '{accessToken: "at-secret-x", refreshToken: ""}' >"$src"
	run --separate-stderr fg-oauth import kiro --source "$src" --dest-dir "$AUTHS/d"
	assert_error 1 "fg-oauth: headless import failed: Kiro token file missing refreshToken"
	[ ! -e "$AUTHS/d" ]
}

# ---- accounts ----

# The auth folder of a proxy with two codex accounts, one Copilot, and files
# that are not accounts.
make_accounts() {
	printf '{"type":"codex","email":"b@example.com"}\n' >"$AUTHS/codex-b.json"
	printf '{"type":"codex","email":"a@example.com"}\n' >"$AUTHS/codex-a.json"
	printf '{"type":"github-copilot"}\n' >"$AUTHS/copilot.json"
	printf 'not json\n' >"$AUTHS/broken.json"
	printf '{"email":"x@example.com"}\n' >"$AUTHS/untyped.json"
	printf '{"type":"codex"}\n' >"$AUTHS/notes.txt"
	printf '{"type":"codex"}\n' >"$AUTHS/.hidden.json"
	mkdir "$AUTHS/folder.json"
	mkfifo "$AUTHS/fifo.json"
}

@test "fg-oauth accounts: the auth files with type and email, by name; invalid ones listed" {
	make_accounts
	run --separate-stderr timeout 5 fg-oauth accounts -c --dir "$AUTHS"
	assert_success
	assert_output "{\"dir\":\"$AUTHS\",\"accounts\":[{\"file\":\"codex-a.json\",\"type\":\"codex\",\"email\":\"a@example.com\",\"disabled\":false},{\"file\":\"codex-b.json\",\"type\":\"codex\",\"email\":\"b@example.com\",\"disabled\":false},{\"file\":\"copilot.json\",\"type\":\"github-copilot\",\"email\":null,\"disabled\":false}],\"invalid\":[\"broken.json\",\"untyped.json\"]}"
}

@test "fg-oauth accounts: an auth file with a key twice or nested past the depth bound is invalid, not read in part" {
	printf '{"type": "codex", "type": "github-copilot"}' >"$AUTHS/twice.json"
	{ printf '{"type": "codex", "x": '; head -c 5000 /dev/zero | tr '\0' '['; head -c 5000 /dev/zero | tr '\0' ']'; printf '}'; } >"$AUTHS/deep.json"
	printf '{"type": "codex", "email": "ok@example.com"}' >"$AUTHS/good.json"
	run --separate-stderr fg-oauth accounts -c --dir "$AUTHS"
	assert_success
	assert_equal "$(jq -c '[.accounts[].file, .invalid]' <<<"$output")" '["good.json",["deep.json","twice.json"]]'
}

@test "fg-oauth accounts: --sh counts per type, invalid and total" {
	make_accounts
	run --separate-stderr timeout 5 fg-oauth accounts --sh --dir "$AUTHS"
	assert_success
	assert_output "fg_accounts_type_codex=2
fg_accounts_type_github_copilot=1
fg_accounts_invalid=2
fg_accounts_total=3
fg_accounts_disabled=''"
	eval "$output"
	assert_equal "$fg_accounts_type_github_copilot" 1
}

@test "fg-oauth accounts: --sh of types named total and invalid keeps the real counts" {
	printf '{"type":"total"}' >"$AUTHS/t1.json"
	printf '{"type":"total"}' >"$AUTHS/t2.json"
	printf '{"type":"invalid"}' >"$AUTHS/i.json"
	printf 'nope' >"$AUTHS/bad.json"
	run --separate-stderr fg-oauth accounts --sh --dir "$AUTHS"
	assert_success
	eval "$output"
	assert_equal "$fg_accounts_type_total $fg_accounts_type_invalid" "2 1"
	assert_equal "$fg_accounts_total $fg_accounts_invalid" "3 1"
}

@test "fg-oauth accounts: a missing folder is an empty list; a file is exit 2" {
	run --separate-stderr fg-oauth accounts --dir "$BATS_TEST_TMPDIR/none"
	assert_success
	assert_equal "$(jq -c . <<<"$output")" "{\"dir\":\"$BATS_TEST_TMPDIR/none\",\"accounts\":[],\"invalid\":[]}"
	run --separate-stderr fg-oauth accounts --sh --dir "$BATS_TEST_TMPDIR/none"
	assert_output "fg_accounts_invalid=0
fg_accounts_total=0
fg_accounts_disabled=''"
	run --separate-stderr fg-oauth accounts --dir "$KEYFILE"
	assert_error 2 "fg-oauth: accounts: $KEYFILE: not a folder"
}
