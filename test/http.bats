#!/usr/bin/env bats
# lib/http: the rules every HTTP request of every tool is held to, proved
# through the tools. The proxy tests run in a network namespace of their own
# (unshare -n) holding only a loopback interface, so an address outside it
# (192.0.2.1, TEST-NET-1) is unreachable at once, nothing leaves the
# machine, and the only proxy is the test server's stand-in.
# shellcheck disable=SC2154,SC2016 # bats' run --separate-stderr sets $stderr and $stderr_lines; the namespace's scripts expand their own variables

setup_file() {
	load helpers/server
	build_test_server
}

setup() {
	load helpers/common
	load helpers/server
	load helpers/oneline
	PROXYLOG=$BATS_TEST_TMPDIR/proxy.log
}

teardown() {
	stop_test_server
}

# in_netns SCRIPT: runs the sh SCRIPT in a namespace with only loopback up;
# it finds the test server (the proxy stand-in, its port in $P, its log in
# $PROXYLOG) running.
in_netns() {
	cat >"$BATS_TEST_TMPDIR/netns.sh" <<SH
set -eu
ip link set lo up
"$ROOT/build/fg-testserver" --port 0 --port-file "$BATS_TEST_TMPDIR/p" --lifetime 30 \
	--request-log "$PROXYLOG" </dev/null >/dev/null 2>&1 3>&- &
# The server goes with the script: left to its lifetime, it would keep the
# namespace (and, holding bats' fd 3, the whole file) waiting 30 s.
S=\$!
trap 'kill "\$S" 2>/dev/null' EXIT
i=0
while [ ! -s "$BATS_TEST_TMPDIR/p" ]; do i=\$((i + 1)); [ "\$i" -lt 200 ] || exit 90; sleep 0.02; done
P=\$(cat "$BATS_TEST_TMPDIR/p")
export P PATH="$ROOT/bin:\$PATH"
$1
SH
	unshare -n sh "$BATS_TEST_TMPDIR/netns.sh"
}

needs_netns() {
	if ! { unshare -n true 2>/dev/null && command -v ip >/dev/null; }; then
		skip_or_fail "needs unshare -n (root) and ip to make a network namespace"
	fi
}

@test "http: fg-spawn probe uses a proxy from the environment, and honours NO_PROXY and no_proxy" {
	needs_netns
	run in_netns '
		unset NO_PROXY no_proxy
		export http_proxy=http://127.0.0.1:$P
		fg-spawn probe -c --timeout 2 http://192.0.2.1:8317/health | tr -d "\n"; echo
		export NO_PROXY=192.0.2.1
		fg-spawn probe -c --timeout 2 http://192.0.2.1:8317/ready | tr -d "\n"; echo
		unset NO_PROXY
		export no_proxy=example.org,192.0.2.1
		fg-spawn probe -c --timeout 2 http://192.0.2.1:8317/lower | tr -d "\n"; echo
	'
	assert_success
	# Through the proxy: the stand-in answered 200 for the unreachable address.
	assert_line --index 0 --regexp '^\[\{"url":"http://192.0.2.1:8317/health","ok":true,"status_code":200,'
	# NO_PROXY, and no_proxy: direct, so unreachable; the proxy saw neither.
	assert_line --index 1 --regexp '"ok":false,.*"reason":"connect_failed"'
	assert_line --index 2 --regexp '"ok":false,.*"reason":"connect_failed"'
	run cat "$PROXYLOG"
	assert_output "PROXY GET http://192.0.2.1:8317/health"
}

@test "http: loopback is never proxied, whatever the environment says" {
	needs_netns
	run in_netns '
		export http_proxy=http://127.0.0.1:1 HTTP_PROXY=http://127.0.0.1:1 all_proxy=http://127.0.0.1:1
		unset NO_PROXY no_proxy
		fg-spawn probe -c --timeout 2 http://127.0.0.1:$P/health "http://[::1]:1/" http://localhost:$P/health | tr -d "\n"; echo
	'
	assert_success
	run jq -c '[.[] | [.ok, .reason]]' <<<"$output"
	assert_output '[[true,"none"],[false,"connection_refused"],[true,"none"]]'
}

@test "http: fg-oauth, fg-fetch and fg-client go through the proxy unless NO_PROXY names the host" {
	needs_netns
	load helpers/client
	client_project 4000
	printf 'mk-secret\n' >"$BATS_TEST_TMPDIR/key"
	chmod 600 "$BATS_TEST_TMPDIR/key"
	mkdir -p "$BATS_TEST_TMPDIR/dest"
	run in_netns "
		unset NO_PROXY no_proxy
		export http_proxy=http://127.0.0.1:\$P
		fg-oauth login --base http://192.0.2.1:8317 --provider codex --key-file '$BATS_TEST_TMPDIR/key' --timeout 2 --lines >/dev/null 2>&1 || :
		FLOWGATE_GITHUB_API=http://192.0.2.2:9 fg-fetch --repo a/b --version v1 --dest '$BATS_TEST_TMPDIR/dest' --name x >/dev/null 2>&1 || :
		ANTHROPIC_BASE_URL=http://192.0.2.3:11 ANTHROPIC_AUTH_TOKEN=t fg-client check -c claude-code '$CFGJSON' >/dev/null 2>&1 || :
		export NO_PROXY=192.0.2.1,192.0.2.2,192.0.2.3
		fg-oauth login --base http://192.0.2.1:8318 --provider codex --key-file '$BATS_TEST_TMPDIR/key' --timeout 2 --lines >/dev/null 2>&1 || :
		FLOWGATE_GITHUB_API=http://192.0.2.2:10 fg-fetch --repo a/b --version v1 --dest '$BATS_TEST_TMPDIR/dest' --name x >/dev/null 2>&1 || :
		ANTHROPIC_BASE_URL=http://192.0.2.3:12 ANTHROPIC_AUTH_TOKEN=t fg-client check -c claude-code '$CFGJSON' >/dev/null 2>&1 || :
	"
	assert_success
	run cut -d' ' -f1-3 "$PROXYLOG"
	assert_line --regexp '^PROXY GET http://192\.0\.2\.1:8317/v0/management/'
	assert_line --regexp '^PROXY GET http://192\.0\.2\.2:9/repos/a/b/releases/tags/v1$'
	assert_line 'PROXY GET http://192.0.2.3:11/v1/models'
	refute_line --partial ':8318'
	refute_line --partial ':10/'
	refute_line --partial ':12/'
}

@test "http: fg-oauth takes an endpoint as a whole URL, parsed: no path, a trailing slash, IPv6; a user in it is refused" {
	KEY=mk-$RANDOM
	printf '%s\n' "$KEY" >"$BATS_TEST_TMPDIR/key"
	chmod 600 "$BATS_TEST_TMPDIR/key"
	AUTHS=$BATS_TEST_TMPDIR/auths
	mkdir -p "$AUTHS"
	launch_test_server "$BATS_TEST_TMPDIR/m.port" --lifetime 60 --mgmt-key "$KEY" --auth-dir "$AUTHS" \
		--request-log "$PROXYLOG" --scenario ok-after-3
	login() {
		run --separate-stderr fg-oauth login --base http://127.0.0.1:1 --provider codex \
			--key-file "$BATS_TEST_TMPDIR/key" --interval 0.05 --timeout 5 --lines "$@"
	}
	# A whole URL names the server: --base (a closed port) is not used.
	login --auth-url-endpoint "http://127.0.0.1:$TESTSERVER_PORT/v0/management/codex-auth-url"
	assert_success
	assert_line --regexp '^auth_file='
	# No path: the server's root ("/" answers ok there, not a login URL).
	login --auth-url-endpoint "http://127.0.0.1:$TESTSERVER_PORT"
	assert_failure 1
	assert_regex "$stderr" '^fg-oauth: GET /: no url and state in the answer '
	# The auth files were listed twice by the first login, once by this one.
	run grep -c "^GET /v0/management/auth-files auth=ok" "$PROXYLOG"
	assert_output 3
	# A trailing slash is kept as written.
	login --status-endpoint "http://127.0.0.1:$TESTSERVER_PORT/v0/management/get-auth-status/" \
		--auth-url-endpoint "http://127.0.0.1:$TESTSERVER_PORT/v0/management/codex-auth-url"
	run grep -c "^GET /v0/management/get-auth-status/?state=" "$PROXYLOG"
	refute_output 0
	# IPv6: the host keeps its brackets.
	login --auth-url-endpoint "http://[::1]:1/v0/management/codex-auth-url"
	assert_failure 1
	assert_regex "$stderr" 'running at http://\[::1\]:1 '
	# A user or password would be logged: refused before any request.
	login --auth-url-endpoint "http://me:pw@127.0.0.1:$TESTSERVER_PORT/v0/management/codex-auth-url"
	assert_error 2 "fg-oauth: login: --auth-url-endpoint 'http://me:pw@127.0.0.1:$TESTSERVER_PORT/v0/management/codex-auth-url': a user or password in the URL (it would be logged): put the key in its file"
	login --auth-url-endpoint "http://127.0.0.1:$TESTSERVER_PORT/a" --status-endpoint "http://127.0.0.2:$TESTSERVER_PORT/b"
	assert_error 2 "fg-oauth: login: --status-endpoint 'http://127.0.0.2:$TESTSERVER_PORT/b': names another server than http://127.0.0.1:$TESTSERVER_PORT"
	login --auth-url-endpoint "127.0.0.1:8317/x"
	assert_failure 2
}

@test "http: flowgate auth login passes a whole-URL endpoint of the config to fg-oauth, host kept" {
	make_project
	KEY=mk-$RANDOM
	printf '%s\n' "$KEY" >.router/secrets/cliproxy_management_key
	chmod 600 .router/secrets/cliproxy_management_key
	mkdir -p .router/auths
	launch_test_server "$BATS_TEST_TMPDIR/m.port" --lifetime 60 --mgmt-key "$KEY" \
		--auth-dir "$PROJ/.router/auths" --request-log "$PROXYLOG" --scenario ok-after-3
	# The config's service port is closed; the endpoints name the server.
	sed -i "s|auth_url_endpoint: /v0/management/codex-auth-url|auth_url_endpoint: http://127.0.0.1:$TESTSERVER_PORT/v0/management/codex-auth-url|; s|status_endpoint: /v0/management/get-auth-status|status_endpoint: http://127.0.0.1:$TESTSERVER_PORT/v0/management/get-auth-status|" config/flowgate.yaml
	sed -i "s/port: 8317/port: $(closed_port)/" config/flowgate.yaml
	run --separate-stderr flowgate auth login codex --timeout 5 --poll-interval 0.05
	assert_success
	assert_line --regexp '^auth_file='
	run grep -c "^GET /v0/management/codex-auth-url?is_webui=true auth=ok" "$PROXYLOG"
	assert_output 1
}
