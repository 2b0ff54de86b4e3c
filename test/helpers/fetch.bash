# fetch.bash — what the fg-fetch test files share (test/fg-fetch*.bats, split
# by theme so the suite's parallel run can balance them): the test server
# serving releases from a folder (helpers/release), the staging folders, and
# the commands and conditions the tests use.
#
#   setup_file() { load helpers/server; build_test_server; }
#   setup()      { load helpers/fetch; fetch_setup; }
#   teardown()   { fetch_teardown; }
# shellcheck disable=SC2154 # bats' run --separate-stderr sets $stderr and $stderr_lines

load helpers/common
load helpers/spawn
load helpers/server
load helpers/oneline
load helpers/release

REPO=router-for-me/CLIProxyAPIPlus

fetch_setup() {
	unset GITHUB_TOKEN FG_FETCH_MIN_BYTES FG_ATOMIC_DELAY_MS
	# The assets below are named for linux/amd64 whatever this machine is.
	export FG_FETCH_OS=linux FG_FETCH_ARCH=amd64
	DEST=$BATS_TEST_TMPDIR/bin
	STAGE=$BATS_TEST_TMPDIR/stage
	mkdir -p "$DEST" "$STAGE"
	start_release_server
}

fetch_teardown() {
	cleanup_spawned
	stop_test_server
}

fetch() {
	run --separate-stderr fg-fetch --repo "$REPO" --dest "$DEST" --name cli-proxy-api-plus "$@"
}

field() {
	jq -r ".$1" <<<"$output"
}

# assert_field NAME WANT: the result's field NAME (as field prints it) is
# WANT. The fields of one $output are read by one jq and kept (a test checks
# up to eight of one result; each $(field) was a traced fork and a jq); an
# output that is not one JSON object, a NAME that is not a plain key, or a
# field that is an array, an object or a string ending in a newline (which
# $(field) strips), is left to field as before.
assert_field() {
	if [ "${_fields_of-}" != "$output" ] || [ -z "${_fields_of+set}" ]; then
		_fields_parse
	fi
	if [ -n "$_fields_ok" ] && [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] && [ "${_fields_type[$1]-null}" != compound ]; then
		assert_equal "${_fields[$1]-null}" "$2"
	else
		assert_equal "$(field "$1")" "$2"
	fi
}

_fields_parse() {
	local -a kv
	local i
	declare -gA _fields=() _fields_type=()
	_fields_of=$output
	_fields_ok=
	# "ok", then key, kind, value for each field, each ended by a NUL; a
	# document that is not one object (or holds a NUL) prints nothing.
	mapfile -d '' -t kv < <(jq -sj 'if length == 1 and (.[0] | type) == "object"
		and (.[0] | tojson | contains("\\u0000") | not) then "ok\u0000", (.[0] | to_entries[]
		| .key, "\u0000", (.value | if type == "array" or type == "object"
		or (type == "string" and endswith("\n")) then "compound" else "scalar" end),
		"\u0000", (.value | if type == "string" then . else tojson end), "\u0000") else empty end' \
		<<<"$output" 2>/dev/null)
	[ "${kv[0]-}" = ok ] || return 0
	for ((i = 1; i + 2 < ${#kv[@]}; i += 3)); do
		_fields[${kv[i]}]=${kv[i + 2]}
		_fields_type[${kv[i]}]=${kv[i + 1]}
	done
	_fields_ok=1
}

# check [options...]: fg-fetch --check on $DEST/cli-proxy-api-plus.
check() {
	run --separate-stderr fg-fetch --check --dest "$DEST" --name cli-proxy-api-plus "$@"
}

# check_fields: the result's fields, space-separated (null as "null").
check_fields() {
	jq -r '[.result, .path, .repo, .version, .asset, .sha256, .installed_at] | map(tostring) | join(" ")' <<<"$output"
}

# traced TRACE CALLS CMD...: CMD under strace, its system calls CALLS logged
# in TRACE; a sanitizer build's leak check is off (LeakSanitizer cannot run
# under ptrace).
traced() {
	local trace=$1 calls=$2
	shift 2
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -qq -e trace="$calls" -o "$trace" "$@"
}

# A release TAG whose linux/amd64 asset is a tar.gz of $STAGE/cli-proxy-api-plus
# (a stand-in binary unless the test made one), with checksums.txt and
# darwin and windows assets beside it; "latest" makes it the latest release.
goreleaser_release() {
	local tag=$1 v=${1#v} cache tmp
	[ -f "$STAGE/cli-proxy-api-plus" ] || stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'MIT\n' >"$STAGE/LICENSE"
	printf '# CLIProxyAPIPlus\n' >"$STAGE/README.md"
	asset_tar "$tag" "CLIProxyAPIPlus_${v}_linux_amd64.tar.gz" "$STAGE" LICENSE README.md cli-proxy-api-plus
	stand_in_binary "$STAGE/other" aarch64
	# The other platforms' assets hold the same files in every test (the
	# aarch64 stand-in, LICENSE): made once per file and version, copied.
	cache=${BATS_FILE_TMPDIR:-$BATS_TEST_TMPDIR}/goreleaser/$v
	if [ ! -d "$cache" ]; then
		tmp=$cache.$BASHPID
		mkdir -p "$tmp"
		tar -czf "$tmp/CLIProxyAPIPlus_${v}_linux_arm64.tar.gz" -C "$STAGE" -- other
		tar -czf "$tmp/CLIProxyAPIPlus_${v}_darwin_amd64.tar.gz" -C "$STAGE" -- LICENSE
		(cd "$STAGE" && exec zip -qry "$tmp/CLIProxyAPIPlus_${v}_windows_amd64.zip" -- LICENSE)
		# Another test of this file may have made it meanwhile.
		mv -T "$tmp" "$cache" 2>/dev/null || rm -rf "$tmp"
	fi
	asset_dir_of "$tag"
	cp -t "$ASSET_DIR" -- "$cache"/*
	asset_checksums "$tag"
	publish_release "$REPO" "$tag" "${2:-}"
}

temp_files() {
	find "$DEST" -name '.*fgtmp*'
}

# Whether one temp file in DEST has grown past N bytes.
temp_file_past() {
	[ "$(find "$DEST" -name '.*fgtmp*' -size +"$1"c | wc -l)" = 1 ]
}

# Whether a complete binary of N bytes (mode 0755, ready to be renamed) waits
# in a temp file.
temp_binary_ready() {
	[ "$(find "$DEST" -name '.*fgtmp*' -perm 0755 -size "$1"c | wc -l)" = 1 ]
}

# Whether the server was asked for asset PATH (under /download/) and a temp
# file takes it in.
download_started() {
	[ -n "$(temp_files)" ] && [ "$(logged_requests "^GET /download/$1 ")" = 1 ]
}


# fetch_kill9_trials N SPAN_MS OLD NEW: N runs of fg-fetch --force, each from
# OLD installed (OLD is a folder holding the binary cli-proxy-api-plus and
# its manifest, both copied to DEST anew) and killed (-9) after a random 0 to
# SPAN_MS ms, with a random rename delay (0-20 ms) widening the window
# between the renames. Prints "OLDS NEWS BAD": how many trials left the
# binary the whole OLD one, the whole NEW, or neither (or more temp files
# than the killed run's own and one an earlier run left: BAD too). A
# subshell untraced by bats: a process costs some 10 ms here, more traced,
# so the trials take what they need and no more (the waits nap, in
# kill9_after; no $(...), no find).
fetch_kill9_trials() (
	trap - DEBUG
	local n=$1 span=$2 old=$3 new=$4 i olds=0 news=0 bad=0
	local -a tmps
	shopt -s nullglob dotglob
	for ((i = 0; i < n; i++)); do
		# Each trial starts from OLD installed: a new binary file (as a
		# rename put it there) and the manifest, by one cp.
		cp --remove-destination -t "$DEST" "$old/cli-proxy-api-plus" "$old/cli-proxy-api-plus.release.json"
		# The kill lands anywhere from the API call to after the renames.
		FG_ATOMIC_DELAY_MS=$((RANDOM % 21)) kill9_after $((RANDOM % (span + 1))) \
			fg-fetch --force --repo "$REPO" --dest "$DEST" --name cli-proxy-api-plus
		if cmp -s "$old/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"; then
			olds=$((olds + 1))
		elif cmp -s "$new" "$DEST/cli-proxy-api-plus"; then
			news=$((news + 1))
		else
			bad=$((bad + 1))
		fi
		# A killed run leaves at most its own temp file; the next run sweeps
		# it. (DEST holds no folder: its temp files are the glob's.)
		tmps=("$DEST"/.*fgtmp*)
		[ "${#tmps[@]}" -le 2 ] || bad=$((bad + 1))
	done
	echo "$olds $news $bad"
)
