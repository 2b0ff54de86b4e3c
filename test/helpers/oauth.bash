# oauth.bash — what the fg-oauth test files share (test/fg-oauth*.bats,
# split by theme so the suite's parallel run can balance them): a management
# key file, an auth folder, request and events logs, the management API
# server, and the commands the tests use.
#
#   setup_file() { load helpers/server; load helpers/failalloc; build_test_server; build_failalloc; }
#   setup()      { load helpers/oauth; oauth_setup; }
#   teardown()   { oauth_teardown; }
# shellcheck disable=SC2154 # bats' run --separate-stderr sets $stderr and $stderr_lines
# shellcheck disable=SC2034 # the variables oauth_setup sets are for the tests

load helpers/common
load helpers/spawn
load helpers/server
load helpers/oneline
load helpers/failalloc

oauth_setup() {
	unset CLIPROXY_MANAGEMENT_KEY CODEX_HOME
	KEY=mk-$RANDOM-$RANDOM-secret
	KEYFILE=$BATS_TEST_TMPDIR/mgmt.key
	printf '%s\n' "$KEY" >"$KEYFILE"
	chmod 600 "$KEYFILE"
	AUTHS=$BATS_TEST_TMPDIR/auths
	REQLOG=$BATS_TEST_TMPDIR/requests.log
	EVENTS=$BATS_TEST_TMPDIR/events.log
	# check-key's files: CLIProxyAPIPlus's config and a key file.
	CPA=$BATS_TEST_TMPDIR/cliproxyapi.yaml
	CKFILE=$BATS_TEST_TMPDIR/ck.key
	mkdir -p "$AUTHS"
}

oauth_teardown() {
	cleanup_spawned
	stop_test_server
	[ -z "${SCRATCH:-}" ] || rm -rf "$SCRATCH"
}

# start_mgmt_server SCENARIO [fg-testserver options...]: the management API
# with the test's key (unless --no-key), auth folder and request log.
start_mgmt_server() {
	local scenario=$1 portfile=$BATS_TEST_TMPDIR/mgmt.port
	shift
	local keyopt=(--mgmt-key "$KEY")
	if [ "${1:-}" = --no-key ]; then
		keyopt=()
		shift
	fi
	launch_test_server "$portfile" --lifetime 60 "${keyopt[@]}" \
		--auth-dir "$AUTHS" --request-log "$REQLOG" --scenario "$scenario" "$@"
	BASE=http://127.0.0.1:$TESTSERVER_PORT
}

# login [options...]: fg-oauth login against the server, with the key file
# and short waits; output and status as bats' run --separate-stderr sets them.
login() {
	run --separate-stderr fg-oauth login --base "$BASE" --key-file "$KEYFILE" \
		--interval 0.05 --timeout 5 "$@"
}

# How many requests the server logged whose line matches the regex.
requests() {
	grep -cE "$1" "$REQLOG" || true
}

# The final result line's field, as jq -r "select(.event == \"result\") | .F"
# prints it. When every line of $output is an event as fg-oauth writes them
# (a flat JSON object of strings and nulls), one of them the result with its
# fields in their order, and the field has no escape in it, bash reads it
# there; anything else goes to jq, whose start alone costs some 45 ms.
result() {
	local str='"([^"\\[:cntrl:]]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"' line found='' v
	local event="^\\{\"event\":$str(,\"[a-z_]+\":(null|$str))*\\}\$"
	local res="^\\{\"event\":\"result\",\"result\":($str),\"provider\":(null|$str),\"auth_file\":(null|$str),\"error\":(null|$str),\"hint\":(null|$str)\\}\$"
	local -A group=([result]=1 [provider]=3 [auth_file]=5 [error]=7 [hint]=9)
	if [ -n "${group[$1]:-}" ]; then
		while IFS= read -r line; do
			[[ $line =~ $event ]] || { found=''; break; }
			[[ $line != '{"event":"result",'* ]] && continue
			[ -z "$found" ] || { found=''; break; }
			found=$line
		done <<<"$output"
	fi
	if [ -n "$found" ] && [[ $found =~ $res ]]; then
		v=${BASH_REMATCH[${group[$1]}]}
		if [[ $v != *\\* ]]; then
			[ "$v" = null ] || v=${v:1:-1}
			printf '%s\n' "$v"
			return 0
		fi
	fi
	jq -r "select(.event == \"result\") | .$1" <<<"$output"
}

# A JWT with the JSON payload $1 (unsigned: header.payload.signature). The
# header is {"alg":"none","typ":"JWT"} in base64url; the payload is encoded
# by one basenc from a file (a pipeline of base64 and two trs forked four
# times for each part).
jwt() {
	local h=eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0 p f=$BATS_TEST_TMPDIR/jwt.payload
	printf '%s' "$1" >"$f"
	p=$(basenc --base64url -w0 "$f")
	printf '%s.%s.sig\n' "$h" "${p%%=*}"
}

# Codex CLI's auth.json at $1, with tokens whose claims give email, account
# and expiry (1795536000 = 2026-11-24T16:00:00Z).
codex_auth() {
	local id access
	id=$(jwt '{"email":"dev@example.com","https://api.openai.com/auth":{"chatgpt_account_id":"acct-jwt"}}')
	access=$(jwt '{"exp":1795536000,"sub":"user"}')
	mkdir -p "${1%/*}"
	jq -n --arg id "$id" --arg access "$access" \
		'{OPENAI_API_KEY: null, tokens: {id_token: $id, access_token: $access,
		  refresh_token: "rt-secret-123"}, last_refresh: "2025-11-01T10:00:00Z"}' >"$1"
}

# ck_fields: check-key -c's one line, $output, matched whole against its
# shape, {"result":..,"cliproxy_config":..,"hashed":..,"cached":..,"error":..},
# its values into CK_RESULT, CK_HASHED, CK_CACHED and CK_ERROR as JSON (as
# jq -c prints them: "match", true, null); fails, printing the line, when it
# is not that shape. A jq for each field the tests compare cost some 60 ms
# (its start and a fork of the test's shell) where this forks nothing.
ck_fields() {
	local str='"([^"\\[:cntrl:]]|\\.)*"'
	local re="^\\{\"result\":(\"[a-z_]+\"),\"cliproxy_config\":$str,\"hashed\":(true|false|null),\"cached\":(true|false),\"error\":(null|$str)\\}\$"
	if ! [[ $output =~ $re ]]; then
		echo "not check-key's -c line: $output"
		return 1
	fi
	CK_RESULT=${BASH_REMATCH[1]} CK_HASHED=${BASH_REMATCH[3]} CK_CACHED=${BASH_REMATCH[4]}
	CK_ERROR=${BASH_REMATCH[5]}
}

