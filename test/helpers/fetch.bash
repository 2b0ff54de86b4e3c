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
	local tag=$1 v=${1#v}
	[ -f "$STAGE/cli-proxy-api-plus" ] || stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'MIT\n' >"$STAGE/LICENSE"
	printf '# CLIProxyAPIPlus\n' >"$STAGE/README.md"
	asset_tar "$tag" "CLIProxyAPIPlus_${v}_linux_amd64.tar.gz" "$STAGE" LICENSE README.md cli-proxy-api-plus
	stand_in_binary "$STAGE/other" aarch64
	asset_tar "$tag" "CLIProxyAPIPlus_${v}_linux_arm64.tar.gz" "$STAGE" other
	asset_tar "$tag" "CLIProxyAPIPlus_${v}_darwin_amd64.tar.gz" "$STAGE" LICENSE
	asset_zip "$tag" "CLIProxyAPIPlus_${v}_windows_amd64.zip" "$STAGE" LICENSE
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

