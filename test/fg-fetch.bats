#!/usr/bin/env bats
# fg-fetch: releases served over real loopback HTTP by the test server from a
# folder (helpers/release), with real tar.gz and zip archives holding a
# stand-in ELF binary; downloads, checksums, hostile archives, the manifest,
# and crashes mid-download.
# shellcheck disable=SC2154 # bats' run --separate-stderr sets $stderr and $stderr_lines

REPO=router-for-me/CLIProxyAPIPlus

setup_file() {
	load helpers/server
	build_test_server
}

setup() {
	load helpers/common
	load helpers/spawn
	load helpers/server
	load helpers/oneline
	load helpers/release
	unset GITHUB_TOKEN FG_FETCH_MIN_BYTES FG_ATOMIC_DELAY_MS
	# The assets below are named for linux/amd64 whatever this machine is.
	export FG_FETCH_OS=linux FG_FETCH_ARCH=amd64
	DEST=$BATS_TEST_TMPDIR/bin
	STAGE=$BATS_TEST_TMPDIR/stage
	mkdir -p "$DEST" "$STAGE"
	start_release_server
}

teardown() {
	cleanup_spawned
	stop_test_server
}

# fetch [options...]: fg-fetch into $DEST as cli-proxy-api-plus.
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

# --- installing ---

@test "fg-fetch: a tar.gz release installs the binary (0755), its manifest (0644) and prints the result" {
	goreleaser_release v6.8.16-0
	fetch --version v6.8.16-0
	assert_success
	assert_equal "$stderr" ""
	want_sha=$(sha256sum "$STAGE/cli-proxy-api-plus" | cut -d' ' -f1)
	assert_equal "$(field result)" installed
	assert_equal "$(field path)" "$DEST/cli-proxy-api-plus"
	assert_equal "$(field repo)" "$REPO"
	assert_equal "$(field version)" v6.8.16-0
	assert_equal "$(field asset)" CLIProxyAPIPlus_6.8.16-0_linux_amd64.tar.gz
	assert_equal "$(field sha256)" "$want_sha"
	assert_equal "$(field bytes)" 1100000
	assert_equal "$(field verified)" true
	assert_equal "$(jq -r 'keys_unsorted | join(",")' <<<"$output")" result,path,repo,version,asset,sha256,bytes,verified
	cmp "$STAGE/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"
	assert_equal "$(file_mode "$DEST/cli-proxy-api-plus")" 755
	m=$DEST/cli-proxy-api-plus.release.json
	assert_equal "$(file_mode "$m")" 644
	assert_equal "$(jq -r '[.repo, .tag, .asset, .sha256, .verified] | join(" ")' "$m")" \
		"$REPO v6.8.16-0 CLIProxyAPIPlus_6.8.16-0_linux_amd64.tar.gz $want_sha true"
	asset_sha=$(sha256sum "$RELDIR/download/v6.8.16-0/CLIProxyAPIPlus_6.8.16-0_linux_amd64.tar.gz" | cut -d' ' -f1)
	assert_equal "$(jq -r .asset_sha256 "$m")" "$asset_sha"
	assert_regex "$(jq -r .installed_at "$m")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
	assert_equal "$(find "$DEST" -mindepth 1 -printf '%f\n' | sort | tr '\n' ' ')" \
		"cli-proxy-api-plus cli-proxy-api-plus.release.json "
}

@test "fg-fetch: the installed stand-in binary runs on an x86_64 machine" {
	[ "$(uname -m)" = x86_64 ] || skip_platform "the stand-in is an x86_64 ELF"
	goreleaser_release v1.0.0
	fetch --version v1.0.0
	assert_success
	run "$DEST/cli-proxy-api-plus"
	assert_success
}

@test "fg-fetch: -c prints the result on one line" {
	goreleaser_release v1.0.0
	fetch --version v1.0.0 -c
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_equal "$(field result)" installed
}

@test "fg-fetch: a zip release installs the binary from a top folder" {
	mkdir -p "$STAGE/CLIProxyAPIPlus"
	stand_in_binary "$STAGE/CLIProxyAPIPlus/cli-proxy-api-plus"
	printf 'config\n' >"$STAGE/CLIProxyAPIPlus/config.example.yaml"
	asset_zip v2 CLIProxyAPIPlus_2_linux_amd64.zip "$STAGE" CLIProxyAPIPlus
	asset_checksums v2
	publish_release "$REPO" v2
	fetch --version v2
	assert_success
	assert_equal "$(field asset)" CLIProxyAPIPlus_2_linux_amd64.zip
	assert_equal "$(field verified)" true
	cmp "$STAGE/CLIProxyAPIPlus/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"
}

@test "fg-fetch: a bare binary asset is installed as it is" {
	stand_in_binary "$STAGE/bin"
	asset_file v3 cli-proxy-api-plus_3_linux_amd64 "$STAGE/bin"
	asset_checksums v3
	publish_release "$REPO" v3
	fetch --version v3
	assert_success
	assert_equal "$(field asset)" cli-proxy-api-plus_3_linux_amd64
	assert_equal "$(field verified)" true
	assert_equal "$(field sha256)" "$(jq -r .asset_sha256 "$DEST/cli-proxy-api-plus.release.json")"
	cmp "$STAGE/bin" "$DEST/cli-proxy-api-plus"
}

@test "fg-fetch: tar.gz is preferred to zip, zip to a bare binary" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_file v4 CLIProxyAPIPlus_4_linux_amd64 "$STAGE/cli-proxy-api-plus"
	asset_zip v4 CLIProxyAPIPlus_4_linux_amd64.zip "$STAGE"
	publish_release "$REPO" v4
	fetch --version v4
	assert_success
	assert_equal "$(field asset)" CLIProxyAPIPlus_4_linux_amd64.zip
	asset_tar v4 CLIProxyAPIPlus_4_linux_amd64.tar.gz "$STAGE"
	publish_release "$REPO" v4
	fetch --version v4
	assert_success
	assert_equal "$(field asset)" CLIProxyAPIPlus_4_linux_amd64.tar.gz
}

@test "fg-fetch: a _no-plugin asset is taken, the plugin build preferred when both exist" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_tar v5 CLIProxyAPIPlus_5_linux_amd64_no-plugin.tar.gz "$STAGE"
	asset_checksums v5
	publish_release "$REPO" v5
	fetch --version v5
	assert_success
	assert_equal "$(field asset)" CLIProxyAPIPlus_5_linux_amd64_no-plugin.tar.gz
	assert_equal "$(field verified)" true
	asset_zip v5 CLIProxyAPIPlus_5_linux_amd64.zip "$STAGE"
	asset_checksums v5
	publish_release "$REPO" v5
	fetch --version v5
	assert_success
	assert_equal "$(field asset)" CLIProxyAPIPlus_5_linux_amd64.zip
}

@test "fg-fetch: arm64 takes the _linux_aarch64 asset with an aarch64 ELF" {
	stand_in_binary "$STAGE/cli-proxy-api-plus" aarch64
	asset_tar v6 CLIProxyAPIPlus_6_linux_aarch64.tar.gz "$STAGE"
	stand_in_binary "$STAGE/amd/cli-proxy-api-plus"
	asset_tar v6 CLIProxyAPIPlus_6_linux_amd64.tar.gz "$STAGE/amd"
	asset_checksums v6
	publish_release "$REPO" v6
	FG_FETCH_ARCH=arm64 fetch --version v6
	assert_success
	assert_equal "$(field asset)" CLIProxyAPIPlus_6_linux_aarch64.tar.gz
	cmp "$STAGE/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"
	FG_FETCH_ARCH=aarch64 fetch --version v6 --force
	assert_success
	assert_equal "$(field asset)" CLIProxyAPIPlus_6_linux_aarch64.tar.gz
	FG_FETCH_ARCH=x86_64 fetch --version v6
	assert_success
	assert_equal "$(field asset)" CLIProxyAPIPlus_6_linux_amd64.tar.gz
}

@test "fg-fetch: x86_64 in an asset name is amd64" {
	stand_in_binary "$STAGE/cli-proxy-api"
	asset_tar v7 cli-proxy-api_7_Linux_x86_64.tar.gz "$STAGE"
	publish_release "$REPO" v7
	fetch --version v7
	assert_success
	assert_equal "$(field asset)" cli-proxy-api_7_Linux_x86_64.tar.gz
	assert_equal "$(field verified)" false
}

@test "fg-fetch: without overrides uname picks this machine's asset" {
	unset FG_FETCH_OS FG_FETCH_ARCH
	case $(uname -s)/$(uname -m) in
	Linux/x86_64) arch=amd64 machine=x86_64 ;;
	Linux/aarch64) arch=arm64 machine=aarch64 ;;
	*) skip_platform "not Linux on x86_64 or aarch64" ;;
	esac
	stand_in_binary "$STAGE/cli-proxy-api-plus" "$machine"
	asset_tar v8 "CLIProxyAPIPlus_8_linux_$arch.tar.gz" "$STAGE"
	asset_tar v8 CLIProxyAPIPlus_8_darwin_amd64.tar.gz "$STAGE"
	asset_tar v8 CLIProxyAPIPlus_8_darwin_arm64.tar.gz "$STAGE"
	publish_release "$REPO" v8
	fetch --version v8
	assert_success
	assert_equal "$(field asset)" "CLIProxyAPIPlus_8_linux_$arch.tar.gz"
}

@test "fg-fetch: --version latest (the default) takes the latest release's tag" {
	goreleaser_release v6.9.0-1 latest
	fetch
	assert_success
	assert_equal "$(field version)" v6.9.0-1
	assert_equal "$(logged_requests '^GET /repos/router-for-me/CLIProxyAPIPlus/releases/latest ')" 1
	fetch --version latest --force
	assert_success
	assert_equal "$(field version)" v6.9.0-1
}

@test "fg-fetch: the API request carries GitHub's Accept and fg-fetch's User-Agent" {
	goreleaser_release v1.0.0
	fetch --version v1.0.0
	assert_success
	run grep -F 'GET /repos/router-for-me/CLIProxyAPIPlus/releases/tags/v1.0.0 auth=none' "$REQLOG"
	assert_success
	assert_output --partial "User-Agent: fg-fetch/"
	assert_output --partial "Accept: application/vnd.github+json"
}

@test "fg-fetch: a download redirected to another path is followed" {
	RELEASE_URL_BASE=$TESTSERVER_URL/redirect/download goreleaser_release v9
	fetch --version v9
	assert_success
	assert_equal "$(field verified)" true
	assert_equal "$(logged_requests '^GET /redirect/download/v9/CLIProxyAPIPlus_9_linux_amd64.tar.gz ')" 1
	assert_equal "$(logged_requests '^GET /download/v9/CLIProxyAPIPlus_9_linux_amd64.tar.gz ')" 1
}

@test "fg-fetch: more than 5 redirects are refused" {
	hops=$TESTSERVER_URL/redirect/redirect/redirect/redirect/redirect/redirect
	RELEASE_URL_BASE=$hops/download goreleaser_release v9
	fetch --version v9
	assert_error 1 "fg-fetch: checksums.txt: more than 5 redirects"
	rm "$RELDIR/download/v9/checksums.txt"
	RELEASE_URL_BASE=$hops/download publish_release "$REPO" v9
	fetch --version v9
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_9_linux_amd64.tar.gz: more than 5 redirects"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: a download URL that is not http or https is refused" {
	RELEASE_URL_BASE=file:///etc goreleaser_release v9
	fetch --version v9
	assert_error 1 "fg-fetch: checksums.txt: a redirect or URL to a protocol other than http or https"
	rm "$RELDIR/download/v9/checksums.txt"
	RELEASE_URL_BASE=file:///etc publish_release "$REPO" v9
	fetch --version v9
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_9_linux_amd64.tar.gz: a redirect or URL to a protocol other than http or https"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
}

# --- checksums ---

@test "fg-fetch: a SHA-256 mismatch installs nothing and keeps the old binary" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	cp "$DEST/cli-proxy-api-plus" "$BATS_TEST_TMPDIR/old"
	cp "$DEST/cli-proxy-api-plus.release.json" "$BATS_TEST_TMPDIR/old.json"
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'v2' >>"$STAGE/cli-proxy-api-plus"
	asset_tar v2 CLIProxyAPIPlus_2_linux_amd64.tar.gz "$STAGE" cli-proxy-api-plus
	printf '%064d  CLIProxyAPIPlus_2_linux_amd64.tar.gz\n' 0 >"$RELDIR/download/v2/checksums.txt"
	publish_release "$REPO" v2
	fetch --version v2
	sha=$(sha256sum "$RELDIR/download/v2/CLIProxyAPIPlus_2_linux_amd64.tar.gz" | cut -d' ' -f1)
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_2_linux_amd64.tar.gz: SHA-256 is $sha, the release's checksum says $(printf '%064d' 0); nothing installed"
	cmp "$BATS_TEST_TMPDIR/old" "$DEST/cli-proxy-api-plus"
	cmp "$BATS_TEST_TMPDIR/old.json" "$DEST/cli-proxy-api-plus.release.json"
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: a refused archive whose SHA-256 does not match is reported as the mismatch" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'evil\n' >"$STAGE/payload"
	asset_tar_renamed v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE" payload ../../evil \
		payload cli-proxy-api-plus
	printf '%064d  CLIProxyAPIPlus_1_linux_amd64.tar.gz\n' 0 >"$RELDIR/download/v1/checksums.txt"
	publish_release "$REPO" v1
	fetch --version v1
	sha=$(sha256sum "$RELDIR/download/v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz" | cut -d' ' -f1)
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.tar.gz: SHA-256 is $sha, the release's checksum says $(printf '%064d' 0); nothing installed"
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: without checksums.txt the binary installs unverified; --require-sha256 refuses it" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_tar v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE"
	publish_release "$REPO" v1
	fetch --version v1 --require-sha256
	assert_error 1 "fg-fetch: $REPO v1: no checksums.txt in the release, and --require-sha256"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
	assert_equal "$(logged_requests '^GET /download/')" 0
	fetch --version v1
	assert_success
	assert_equal "$(field verified)" false
	assert_equal "$(jq -r .verified "$DEST/cli-proxy-api-plus.release.json")" false
}

@test "fg-fetch: checksums.txt without the asset's line: unverified, or refused with --require-sha256" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_tar v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE"
	asset_tar v1 CLIProxyAPIPlus_1_darwin_arm64.tar.gz "$STAGE"
	asset_checksums v1 CLIProxyAPIPlus_1_darwin_arm64.tar.gz
	publish_release "$REPO" v1
	fetch --version v1 --require-sha256
	assert_error 1 "fg-fetch: checksums.txt: no line for CLIProxyAPIPlus_1_linux_amd64.tar.gz, and --require-sha256"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
	fetch --version v1
	assert_success
	assert_equal "$(field verified)" false
}

@test "fg-fetch: a checksum line in upper case or binary mode (*NAME) verifies" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_tar v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE"
	sha=$(sha256sum "$RELDIR/download/v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz" | cut -d' ' -f1)
	printf '%s *CLIProxyAPIPlus_1_linux_amd64.tar.gz\r\n' "${sha^^}" >"$RELDIR/download/v1/checksums.txt"
	publish_release "$REPO" v1
	fetch --version v1 --require-sha256
	assert_success
	assert_equal "$(field verified)" true
}

# --- choosing the asset ---

@test "fg-fetch: no asset for this machine: exit 1 listing the assets seen" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_tar v1 CLIProxyAPIPlus_1_linux_arm64.tar.gz "$STAGE"
	asset_tar v1 CLIProxyAPIPlus_1_linux_386.tar.gz "$STAGE"
	asset_tar v1 CLIProxyAPIPlus_1_amd64.tar.gz "$STAGE"
	asset_checksums v1
	publish_release "$REPO" v1
	fetch --version v1
	assert_error 1 "fg-fetch: $REPO v1: no asset for linux/amd64 (assets: CLIProxyAPIPlus_1_amd64.tar.gz, CLIProxyAPIPlus_1_linux_386.tar.gz, CLIProxyAPIPlus_1_linux_arm64.tar.gz, checksums.txt)"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
}

@test "fg-fetch: a release with only another OS's assets is refused, never installed" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_tar v1 CLIProxyAPIPlus_1_darwin_amd64.tar.gz "$STAGE"
	asset_tar v1 CLIProxyAPIPlus_1_darwin_arm64.tar.gz "$STAGE"
	asset_zip v1 CLIProxyAPIPlus_1_windows_amd64.zip "$STAGE"
	asset_tar v1 CLIProxyAPIPlus_1_darwin_all.tar.gz "$STAGE"
	publish_release "$REPO" v1
	fetch --version v1
	assert_error 1 "fg-fetch: $REPO v1: no asset for linux/amd64 (assets: CLIProxyAPIPlus_1_darwin_all.tar.gz, CLIProxyAPIPlus_1_darwin_amd64.tar.gz, CLIProxyAPIPlus_1_darwin_arm64.tar.gz, CLIProxyAPIPlus_1_windows_amd64.zip)"
	assert_equal "$(logged_requests '^GET /download/')" 0
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
}

@test "fg-fetch: signatures, SBOMs and packages named for this machine are never taken" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	d=$(asset_dir v1)
	for n in CLIProxyAPIPlus_1_linux_amd64.tar.gz.sig CLIProxyAPIPlus_1_linux_amd64.sbom.json \
		CLIProxyAPIPlus_1_linux_amd64.deb CLIProxyAPIPlus_1_linux_amd64.tar.gz.pem; do
		cp "$STAGE/cli-proxy-api-plus" "$d/$n"
	done
	publish_release "$REPO" v1
	fetch --version v1
	assert_failure 1
	assert_regex "$stderr" '^fg-fetch: router-for-me/CLIProxyAPIPlus v1: no asset for linux/amd64 \(assets: '
}

@test "fg-fetch: on darwin the darwin asset is chosen, and an ELF in it is refused" {
	goreleaser_release v1
	stand_in_binary "$STAGE/mac/cli-proxy-api-plus"
	asset_tar v1 CLIProxyAPIPlus_1_darwin_amd64.tar.gz "$STAGE/mac"
	asset_checksums v1
	publish_release "$REPO" v1
	FG_FETCH_OS=darwin fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_darwin_amd64.tar.gz: the binary: an ELF (Linux) binary, not one for darwin/amd64"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
}

# --- API failures ---

@test "fg-fetch: a tag that does not exist: 404 says to pass another --repo" {
	fetch --version v0.0.0-nope
	assert_error 1 "fg-fetch: $TESTSERVER_URL/repos/$REPO/releases/tags/v0.0.0-nope: release v0.0.0-nope of $REPO not found (pass another --repo: the original repository was taken down; forks and router-for-me/CLIProxyAPI publish the same assets)"
}

@test "fg-fetch: a spent rate limit (403 or 429) says when it resets and that GITHUB_TOKEN lifts it" {
	run --separate-stderr fg-fetch --repo rate/limited --version v1 --dest "$DEST" --name x
	assert_error 1 "fg-fetch: $TESTSERVER_URL/repos/rate/limited/releases/tags/v1: GitHub API rate limit spent (HTTP 403); it resets at 2100-01-01 00:00:00 UTC; set GITHUB_TOKEN to lift the limit"
	run --separate-stderr fg-fetch --repo rate/limited-429 --dest "$DEST" --name x
	assert_error 1 "fg-fetch: $TESTSERVER_URL/repos/rate/limited-429/releases/latest: GitHub API rate limit spent (HTTP 429); it resets at 2100-01-01 00:00:00 UTC; set GITHUB_TOKEN to lift the limit"
	GITHUB_TOKEN=ghp_secret$RANDOM run --separate-stderr fg-fetch --repo rate/limited --dest "$DEST" --name x
	assert_error 1 "fg-fetch: $TESTSERVER_URL/repos/rate/limited/releases/latest: GitHub API rate limit of GITHUB_TOKEN spent (HTTP 403); it resets at 2100-01-01 00:00:00 UTC"
}

@test "fg-fetch: an API that does not answer is one line, exit 1" {
	port=$(closed_port)
	FLOWGATE_GITHUB_API=http://127.0.0.1:$port fetch --version v1
	assert_error 1 "fg-fetch: http://127.0.0.1:$port/repos/$REPO/releases/tags/v1: cannot connect: Connection refused"
}

@test "fg-fetch: an answer that is not a release is refused" {
	mkdir -p "$RELDIR/$REPO/v1"
	printf '{"name":"v1","assets":[]}' >"$RELDIR/$REPO/v1/release.json"
	fetch --version v1
	assert_error 1 "fg-fetch: $TESTSERVER_URL/repos/$REPO/releases/tags/v1: the answer has no tag_name"
	printf '{"tag_name":"v1","assets":{}}' >"$RELDIR/$REPO/v1/release.json"
	fetch --version v1
	assert_error 1 "fg-fetch: $TESTSERVER_URL/repos/$REPO/releases/tags/v1: assets is not a list"
	printf '{"tag_name":"v2","assets":[]}' >"$RELDIR/$REPO/v1/release.json"
	fetch --version v1
	assert_error 1 "fg-fetch: $TESTSERVER_URL/repos/$REPO/releases/tags/v1: the answer is release v2, not v1"
	printf '[1,2]' >"$RELDIR/$REPO/v1/release.json"
	fetch --version v1
	assert_error 1 "fg-fetch: $TESTSERVER_URL/repos/$REPO/releases/tags/v1: the answer is not a JSON object"
}

@test "fg-fetch: an API answer past 4 MiB is refused" {
	mkdir -p "$RELDIR/$REPO/v1"
	{
		printf '{"tag_name":"v1","body":"'
		head -c 4200000 /dev/zero | tr '\0' x
		printf '","assets":[]}'
	} >"$RELDIR/$REPO/v1/release.json"
	fetch --version v1
	assert_error 1 "fg-fetch: $TESTSERVER_URL/repos/$REPO/releases/tags/v1: larger than the 4194304 bytes allowed"
}

@test "fg-fetch: GITHUB_TOKEN goes to the API as a Bearer token and is never printed or written" {
	goreleaser_release v1
	TOKEN=ghp_NeverPrintMe$RANDOM$RANDOM
	GITHUB_TOKEN=$TOKEN fetch --version v1
	assert_success
	refute_output --partial "$TOKEN"
	assert_equal "$stderr" ""
	assert_equal "$(logged_requests '^GET /repos/.* auth=bearer')" 1
	run grep -rF -- "$TOKEN" "$DEST" "$REQLOG"
	assert_failure
	GITHUB_TOKEN=$TOKEN fetch --version v404
	assert_failure 1
	refute_output --partial "$TOKEN"
	[[ $stderr != *"$TOKEN"* ]]
}

# --- broken downloads ---

@test "fg-fetch: a download cut short installs nothing and leaves no temp file" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	cp "$DEST/cli-proxy-api-plus" "$BATS_TEST_TMPDIR/old"
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'v2' >>"$STAGE/cli-proxy-api-plus"
	asset_tar v2 CLIProxyAPIPlus_2_linux_amd64.tar.gz "$STAGE" cli-proxy-api-plus
	asset_checksums v2
	publish_release "$REPO" v2
	size=$(stat -c %s "$RELDIR/download/v2/CLIProxyAPIPlus_2_linux_amd64.tar.gz")
	echo 1000 >"$RELDIR/download/v2/CLIProxyAPIPlus_2_linux_amd64.tar.gz.truncate"
	fetch --version v2
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_2_linux_amd64.tar.gz: the connection closed after 1000 of $size bytes"
	cmp "$BATS_TEST_TMPDIR/old" "$DEST/cli-proxy-api-plus"
	assert_equal "$(jq -r .tag "$DEST/cli-proxy-api-plus.release.json")" v1
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: an asset past the size the release declares (+1 MiB) is cut off and refused" {
	stand_in_binary "$STAGE/bin"
	asset_file v1 CLIProxyAPIPlus_1_linux_amd64 "$STAGE/bin"
	publish_release "$REPO" v1
	jq '.assets[0].size = 100' "$RELDIR/$REPO/v1/release.json" >"$BATS_TEST_TMPDIR/r.json"
	mv "$BATS_TEST_TMPDIR/r.json" "$RELDIR/$REPO/v1/release.json"
	fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64: larger than the 1048676 bytes allowed"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: a download whose size differs from the release's is refused" {
	goreleaser_release v1
	jq '.assets |= map(if .name | test("linux_amd64") then .size += 1 else . end)' \
		"$RELDIR/$REPO/v1/release.json" >"$BATS_TEST_TMPDIR/r.json"
	mv "$BATS_TEST_TMPDIR/r.json" "$RELDIR/$REPO/v1/release.json"
	size=$(stat -c %s "$RELDIR/download/v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz")
	fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.tar.gz: $size bytes downloaded, the release says $((size + 1))"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
}

@test "fg-fetch: an asset the server does not have is an HTTP error" {
	goreleaser_release v1
	rm "$RELDIR/download/v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz"
	fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.tar.gz: HTTP 404"
	assert_equal "$(temp_files)" ""
}

# --- hostile archives ---

@test "fg-fetch: an archive with a ../ entry is refused and nothing is written outside DIR" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'evil\n' >"$STAGE/payload"
	asset_tar_renamed v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE" payload ../../evil \
		cli-proxy-api-plus payload
	publish_release "$REPO" v1
	fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.tar.gz: entry '../../evil' has a '..' component; archive refused"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
	assert [ ! -e "$BATS_TEST_TMPDIR/evil" ]
	assert [ ! -e "$DEST/../../evil" ]
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: a zip with a ../ entry is refused" {
	mkdir -p "$STAGE/a"
	stand_in_binary "$STAGE/a/cli-proxy-api-plus"
	printf 'evil\n' >"$STAGE/payload"
	(cd "$STAGE/a" && zip -q "$(asset_dir v1)/CLIProxyAPIPlus_1_linux_amd64.zip" cli-proxy-api-plus ../payload)
	publish_release "$REPO" v1
	fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.zip: entry '../payload' has a '..' component; archive refused"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
}

@test "fg-fetch: an archive with an absolute path is refused" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'evil\n' >"$STAGE/payload"
	asset_tar_renamed v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE" payload "$BATS_TEST_TMPDIR/abs-evil" \
		payload cli-proxy-api-plus
	publish_release "$REPO" v1
	fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.tar.gz: entry '$BATS_TEST_TMPDIR/abs-evil' is an absolute path; archive refused"
	assert [ ! -e "$BATS_TEST_TMPDIR/abs-evil" ]
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
}

@test "fg-fetch: an archive with a symlink out of it is refused, even after the binary" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	ln -s /etc/passwd "$STAGE/passwd"
	ln -s ../../outside "$STAGE/up"
	asset_tar v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE" cli-proxy-api-plus passwd
	publish_release "$REPO" v1
	fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.tar.gz: entry 'passwd' links outside the archive (to '/etc/passwd'); archive refused"
	asset_zip v2 CLIProxyAPIPlus_2_linux_amd64.zip "$STAGE" cli-proxy-api-plus up
	publish_release "$REPO" v2
	fetch --version v2
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_2_linux_amd64.zip: entry 'up' links outside the archive (to '../../outside'); archive refused"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: a symlink that stays inside the archive is no reason to refuse it" {
	mkdir -p "$STAGE/dist/docs"
	stand_in_binary "$STAGE/dist/cli-proxy-api-plus"
	printf 'doc\n' >"$STAGE/dist/README.md"
	ln -s ../README.md "$STAGE/dist/docs/readme"
	asset_tar v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE" dist
	publish_release "$REPO" v1
	fetch --version v1
	assert_success
	cmp "$STAGE/dist/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"
}

@test "fg-fetch: a text file or a script named like the binary is refused" {
	printf 'not a binary\n%.0s' $(seq 1 100000) >"$STAGE/cli-proxy-api-plus"
	asset_tar v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE"
	publish_release "$REPO" v1
	fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.tar.gz: the binary: a text file, not a binary for linux/amd64"
	printf '#!/bin/sh\necho hi\n' >"$STAGE/cli-proxy-api-plus"
	asset_tar v2 CLIProxyAPIPlus_2_linux_amd64.tar.gz "$STAGE"
	publish_release "$REPO" v2
	fetch --version v2
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_2_linux_amd64.tar.gz: the binary: a script, not a binary for linux/amd64"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: an ELF for another machine is refused" {
	stand_in_binary "$STAGE/cli-proxy-api-plus" aarch64
	asset_tar v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE"
	asset_checksums v1
	publish_release "$REPO" v1
	fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.tar.gz: the binary: an ELF for aarch64 (e_machine 183), not for linux/amd64"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
}

@test "fg-fetch: a binary under FG_FETCH_MIN_BYTES is refused" {
	cp /bin/true "$STAGE/cli-proxy-api-plus"
	printf '\076\000' | dd of="$STAGE/cli-proxy-api-plus" bs=1 seek=18 conv=notrunc status=none
	size=$(stat -c %s "$STAGE/cli-proxy-api-plus")
	asset_tar v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE"
	publish_release "$REPO" v1
	fetch --version v1
	assert_error 1 "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.tar.gz: the binary: $size bytes, too small for the CLIProxyAPIPlus binary (at least 1048576)"
	FG_FETCH_MIN_BYTES=1000 fetch --version v1
	assert_success
	assert_equal "$(field bytes)" "$size"
}

@test "fg-fetch: a sparse entry (tar --sparse) installs with its holes as zeros, inside or at the end" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	[ "$(stat -c %b "$STAGE/cli-proxy-api-plus")" -lt 2000 ] || skip_or_fail "this file system stores no holes"
	tar -czSf "$(asset_dir v1)/CLIProxyAPIPlus_1_linux_amd64.tar.gz" -C "$STAGE" cli-proxy-api-plus
	asset_checksums v1
	publish_release "$REPO" v1
	fetch --version v1
	assert_success
	cmp "$STAGE/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"
	printf 'tail' >>"$STAGE/cli-proxy-api-plus"
	tar -czSf "$(asset_dir v2)/CLIProxyAPIPlus_2_linux_amd64.tar.gz" -C "$STAGE" cli-proxy-api-plus
	asset_checksums v2
	publish_release "$REPO" v2
	fetch --version v2
	assert_success
	cmp "$STAGE/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"
	assert_equal "$(field sha256)" "$(sha256sum "$STAGE/cli-proxy-api-plus" | cut -d' ' -f1)"
}

@test "fg-fetch: the binary is found by its other names, else as the one executable" {
	for name in cli-proxy-api CLIProxyAPIPlus CLIPROXYAPI; do
		rm -rf "$STAGE" && mkdir -p "$STAGE"
		stand_in_binary "$STAGE/$name"
		printf 'x\n' >"$STAGE/LICENSE"
		asset_tar "v-$name" "x_1_linux_amd64.tar.gz" "$STAGE"
		publish_release "$REPO" "v-$name"
		fetch --version "v-$name"
		assert_success
		cmp "$STAGE/$name" "$DEST/cli-proxy-api-plus"
	done
	rm -rf "$STAGE" && mkdir -p "$STAGE"
	stand_in_binary "$STAGE/proxy-server"
	printf 'x\n' >"$STAGE/LICENSE"
	asset_tar v-exec x_1_linux_amd64.tar.gz "$STAGE"
	publish_release "$REPO" v-exec
	fetch --version v-exec
	assert_success
	cmp "$STAGE/proxy-server" "$DEST/cli-proxy-api-plus"
	stand_in_binary "$STAGE/second-tool"
	asset_tar v-two x_1_linux_amd64.tar.gz "$STAGE"
	publish_release "$REPO" v-two
	fetch --version v-two
	assert_error 1 "fg-fetch: x_1_linux_amd64.tar.gz: no cli-proxy-api-plus, cli-proxy-api, CLIProxyAPIPlus or cliproxyapi in it, and 2 executable files, not one"
}

@test "fg-fetch: cli-proxy-api-plus wins over cli-proxy-api whatever the entry order" {
	stand_in_binary "$STAGE/cli-proxy-api"
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'plus' >>"$STAGE/cli-proxy-api-plus"
	asset_tar v1 x_1_linux_amd64.tar.gz "$STAGE" cli-proxy-api cli-proxy-api-plus
	publish_release "$REPO" v1
	fetch --version v1
	assert_success
	cmp "$STAGE/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"
}

@test "fg-fetch: two entries named like the binary make the archive ambiguous: refused" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	stand_in_binary "$STAGE/dist/cli-proxy-api-plus" aarch64
	asset_tar v1 x_1_linux_amd64.tar.gz "$STAGE" cli-proxy-api-plus dist/cli-proxy-api-plus
	publish_release "$REPO" v1
	fetch --version v1
	assert_error 1 "fg-fetch: x_1_linux_amd64.tar.gz: two entries named cli-proxy-api-plus; archive refused"
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
}

@test "fg-fetch: an archive that is not one is refused" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_file v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE/cli-proxy-api-plus"
	publish_release "$REPO" v1
	fetch --version v1
	assert_failure 1
	assert_regex "$stderr" '^fg-fetch: CLIProxyAPIPlus_1_linux_amd64\.tar\.gz: not a readable tar\.gz archive: '
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$(temp_files)" ""
}

# --- the manifest ---

@test "fg-fetch: an installed release is not downloaded again; --force and a changed binary do" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	assert_equal "$(logged_requests '^GET /download/v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz ')" 1
	first_at=$(jq -r .installed_at "$DEST/cli-proxy-api-plus.release.json")
	downloads=$(logged_requests '^GET /download/')
	mv "$RELDIR/download/v1" "$RELDIR/download/v1.gone"
	fetch --version v1
	assert_success
	assert_equal "$(field result)" already-installed
	assert_equal "$(field sha256)" "$(sha256sum "$DEST/cli-proxy-api-plus" | cut -d' ' -f1)"
	assert_equal "$(field bytes)" 1100000
	assert_equal "$(field verified)" true
	assert_equal "$(field asset)" CLIProxyAPIPlus_1_linux_amd64.tar.gz
	assert_equal "$(logged_requests '^GET /download/')" "$downloads"
	assert_equal "$(jq -r .installed_at "$DEST/cli-proxy-api-plus.release.json")" "$first_at"
	mv "$RELDIR/download/v1.gone" "$RELDIR/download/v1"
	fetch --version v1 --force
	assert_success
	assert_equal "$(field result)" installed
	assert_equal "$(logged_requests '^GET /download/v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz ')" 2
	printf 'tampered' >>"$DEST/cli-proxy-api-plus"
	fetch --version v1
	assert_success
	assert_equal "$(field result)" installed
	cmp "$STAGE/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"
}

@test "fg-fetch: a newer release replaces the installed one" {
	goreleaser_release v1 latest
	fetch
	assert_success
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'v2' >>"$STAGE/cli-proxy-api-plus"
	goreleaser_release v2 latest
	fetch
	assert_success
	assert_equal "$(field result)" installed
	assert_equal "$(field version)" v2
	assert_equal "$(jq -r .tag "$DEST/cli-proxy-api-plus.release.json")" v2
}

@test "fg-fetch: the manifest records the binary's inode, size, mtime and ctime as installed" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	assert_equal "$(jq -r .fingerprint "$DEST/cli-proxy-api-plus.release.json")" \
		"$(stat -c '%i:%s:%.9Y:%.9Z' "$DEST/cli-proxy-api-plus")"
}

# --- --check ---

@test "fg-fetch --check: the installed binary unchanged is ok, exit 0, with the manifest's fields" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	m=$DEST/cli-proxy-api-plus.release.json
	check
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(jq -r 'keys_unsorted | join(",")' <<<"$output")" result,path,repo,version,asset,sha256,installed_at
	assert_equal "$(check_fields)" \
		"ok $DEST/cli-proxy-api-plus $REPO v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz $(sha256sum "$STAGE/cli-proxy-api-plus" | cut -d' ' -f1) $(jq -r .installed_at "$m")"
	check -c
	assert_success
	assert_equal "${#lines[@]}" 1
	assert_equal "$(field result)" ok
}

@test "fg-fetch --check: a binary changed since its install is changed, exit 1, even with its size and mtime put back" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	bin=$DEST/cli-proxy-api-plus
	mtime=$(stat -c %.9Y "$bin")
	printf 'X' | dd of="$bin" bs=1 seek=2000 conv=notrunc status=none
	touch -m -d "@$mtime" "$bin"
	assert_equal "$(stat -c '%s %.9Y' "$bin")" "1100000 $mtime"
	check
	assert_failure 1
	assert_equal "$stderr" ""
	assert_equal "$(field result)" changed
	assert_equal "$(field version)" v1
	assert_equal "$(field sha256)" "$(sha256sum "$STAGE/cli-proxy-api-plus" | cut -d' ' -f1)"
	printf 'more' >>"$bin"
	check
	assert_failure 1
	assert_equal "$(field result)" changed
}

@test "fg-fetch --check: a binary touched but not changed is still ok" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	touch "$DEST/cli-proxy-api-plus"
	chmod 700 "$DEST/cli-proxy-api-plus"
	check
	assert_success
	assert_equal "$(field result)" ok
}

@test "fg-fetch --check: no binary is missing, exit 1, with what its manifest records" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	rm "$DEST/cli-proxy-api-plus"
	check
	assert_failure 1
	assert_equal "$stderr" ""
	assert_equal "$(field result)" missing
	assert_equal "$(field repo) $(field version)" "$REPO v1"
	rm "$DEST/cli-proxy-api-plus.release.json"
	check
	assert_failure 1
	assert_equal "$(check_fields)" "missing $DEST/cli-proxy-api-plus null null null null null"
	run --separate-stderr fg-fetch --check --dest "$BATS_TEST_TMPDIR/none" --name cli-proxy-api-plus -c
	assert_failure 1
	assert_equal "$(field result)" missing
	assert_equal "$(field path)" "$BATS_TEST_TMPDIR/none/cli-proxy-api-plus"
}

@test "fg-fetch --check: a binary without a manifest is no_manifest, exit 1, the fields null" {
	stand_in_binary "$DEST/cli-proxy-api-plus"
	check
	assert_failure 1
	assert_equal "$stderr" ""
	assert_equal "$(check_fields)" "no_manifest $DEST/cli-proxy-api-plus null null null null null"
}

@test "fg-fetch --check: a manifest that is not one is invalid_manifest, exit 1" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	m=$DEST/cli-proxy-api-plus.release.json
	cp "$m" "$BATS_TEST_TMPDIR/good.json"
	for bad in '{"repo":' '[]' '"x"' \
		"$(jq -c 'del(.sha256)' "$BATS_TEST_TMPDIR/good.json")" \
		"$(jq -c '.sha256 = "abc"' "$BATS_TEST_TMPDIR/good.json")" \
		"$(jq -c '.tag = 1' "$BATS_TEST_TMPDIR/good.json")"; do
		printf '%s\n' "$bad" >"$m"
		check -c
		assert_failure 1
		assert_equal "$stderr" ""
		assert_equal "$(check_fields)" "invalid_manifest $DEST/cli-proxy-api-plus null null null null null"
	done
	rm "$m"
	mkdir "$m"
	check -c
	assert_failure 1
	assert_equal "$(field result)" invalid_manifest
}

@test "fg-fetch --check --sh: sh assignments of every field, '' for null" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	m=$DEST/cli-proxy-api-plus.release.json
	jq '.repo = "it'"'"'s/$(x)"' "$m" >"$BATS_TEST_TMPDIR/m.json"
	mv "$BATS_TEST_TMPDIR/m.json" "$m"
	check --sh -c
	assert_success
	assert_equal "${#lines[@]}" 7
	eval "$output"
	assert_equal "$fg_release_result" ok
	assert_equal "$fg_release_repo" "it's/\$(x)"
	assert_equal "$fg_release_version" v1
	assert_equal "$fg_release_asset" CLIProxyAPIPlus_1_linux_amd64.tar.gz
	rm "$m"
	check --sh
	assert_failure 1
	assert_output "fg_release_result='no_manifest'
fg_release_path='$DEST/cli-proxy-api-plus'
fg_release_repo=''
fg_release_version=''
fg_release_asset=''
fg_release_sha256=''
fg_release_installed_at=''"
}

@test "fg-fetch --sh: the install's result as sh assignments, verified as yes or no" {
	goreleaser_release v1
	fetch --version v1 --sh -c
	assert_success
	assert_equal "$stderr" ""
	eval "$output"
	assert_equal "$fg_release_result $fg_release_version $fg_release_asset" \
		"installed v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz"
	assert_equal "$fg_release_path $fg_release_repo" "$DEST/cli-proxy-api-plus $REPO"
	assert_equal "$fg_release_sha256" "$(sha256sum "$STAGE/cli-proxy-api-plus" | cut -d' ' -f1)"
	assert_equal "$fg_release_bytes $fg_release_verified" "1100000 yes"
	rm "$RELDIR/download/v1/checksums.txt"
	publish_release "$REPO" v1
	fetch --version v1 --sh --force
	assert_success
	eval "$output"
	assert_equal "$fg_release_result $fg_release_verified" "installed no"
}

@test "fg-fetch --check: no network: the API at a closed port, no socket opened" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	requests=$(logged_requests '^GET ')
	check
	assert_success
	assert_equal "$(logged_requests '^GET ')" "$requests"
	stop_test_server
	curl -s -o /dev/null "$FLOWGATE_GITHUB_API/" && fail "the port is still open"
	check
	assert_success
	assert_equal "$(field result)" ok
	run traced "$BATS_TEST_TMPDIR/trace" socket,connect \
		fg-fetch --check --dest "$DEST" --name cli-proxy-api-plus
	[ "$status" -ne 127 ] || skip_or_fail "strace not usable here"
	assert_success
	assert_equal "$(cat "$BATS_TEST_TMPDIR/trace")" ""
}

@test "fg-fetch --check: an unchanged binary is not read again; without a fingerprint it is hashed" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	bin=$DEST/cli-proxy-api-plus
	run traced "$BATS_TEST_TMPDIR/trace" open,openat \
		fg-fetch --check --dest "$DEST" --name cli-proxy-api-plus
	[ "$status" -ne 127 ] || skip_or_fail "strace not usable here"
	assert_success
	grep -qF "$bin.release.json\"" "$BATS_TEST_TMPDIR/trace"
	run grep -cF "\"$bin\"" "$BATS_TEST_TMPDIR/trace"
	assert_output 0
	jq 'del(.fingerprint)' "$bin.release.json" >"$BATS_TEST_TMPDIR/m.json"
	mv "$BATS_TEST_TMPDIR/m.json" "$bin.release.json"
	run traced "$BATS_TEST_TMPDIR/trace" open,openat \
		fg-fetch --check --dest "$DEST" --name cli-proxy-api-plus
	assert_success
	run grep -cF "\"$bin\"" "$BATS_TEST_TMPDIR/trace"
	assert_output 1
}

@test "fg-fetch --check: options other than --dest, --name, -c and --sh are usage errors" {
	for opt in --repo=a/b --version=v1 --force --require-sha256; do
		run --separate-stderr fg-fetch --check "$opt" --dest "$DEST" --name x
		assert_error 2 "fg-fetch: --check takes only --dest, --name, -c and --sh (see fg-fetch --help)"
	done
	run --separate-stderr fg-fetch --check --name x
	assert_error 2 "fg-fetch: --dest is required (see fg-fetch --help)"
	run --separate-stderr fg-fetch --check --dest "$DEST" --name ../x
	assert_error 2 "fg-fetch: --name: '../x' is not a file name (no '/', not . or ..)"
}

# --- resolving ---

@test "fg-fetch --resolve: the latest release's tag and this machine's asset, nothing downloaded or written" {
	goreleaser_release v6.8.16-0
	goreleaser_release v6.9.0-0 latest
	run --separate-stderr fg-fetch --resolve --repo "$REPO" -c
	assert_success
	assert_equal "$stderr" ""
	size=$(stat -c %s "$RELDIR/download/v6.9.0-0/CLIProxyAPIPlus_6.9.0-0_linux_amd64.tar.gz")
	assert_output "{\"result\":\"found\",\"repo\":\"$REPO\",\"version\":\"v6.9.0-0\",\"asset\":\"CLIProxyAPIPlus_6.9.0-0_linux_amd64.tar.gz\",\"bytes\":$size}"
	run --separate-stderr fg-fetch --resolve --repo "$REPO" --version v6.8.16-0 --sh
	assert_success
	assert_line "fg_release_version='v6.8.16-0'"
	assert_line "fg_release_asset='CLIProxyAPIPlus_6.8.16-0_linux_amd64.tar.gz'"
	assert_equal "$(logged_requests '^GET /download/')" 0
	assert_equal "$(find "$DEST" -mindepth 1 | wc -l)" 0
}

@test "fg-fetch --resolve: a missing release, no asset for this machine, an unreachable API: one line, exit 1, nothing on stdout" {
	goreleaser_release v1 latest
	run --separate-stderr fg-fetch --resolve --repo nobody/nothing
	assert_error 1 "fg-fetch: $FLOWGATE_GITHUB_API/repos/nobody/nothing/releases/latest: release latest of nobody/nothing not found (pass another --repo: the original repository was taken down; forks and router-for-me/CLIProxyAPI publish the same assets)"
	FG_FETCH_ARCH=arm64 FG_FETCH_OS=darwin run --separate-stderr fg-fetch --resolve --repo "$REPO"
	assert_failure 1
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr%%(*}" "fg-fetch: $REPO v1: no asset for darwin/arm64 "
	FLOWGATE_GITHUB_API=http://127.0.0.1:$(closed_port) run --separate-stderr fg-fetch --resolve --repo "$REPO"
	assert_failure 1
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$(grep -c '/repos/router-for-me/CLIProxyAPIPlus/releases/latest: ' <<<"$stderr")" 1
}

@test "fg-fetch --resolve: options of a download are usage errors; --repo is required" {
	for opt in --dest=x --name=x --force --require-sha256 --check; do
		run --separate-stderr fg-fetch --resolve --repo "$REPO" "$opt"
		assert_error 2 "fg-fetch: --resolve takes only --repo, --version, -c and --sh (see fg-fetch --help)"
	done
	run --separate-stderr fg-fetch --resolve
	assert_error 2 "fg-fetch: --repo is required (see fg-fetch --help)"
	run --separate-stderr fg-fetch --resolve --repo "$REPO" --version ../x
	assert_failure 2
	assert_equal "${#stderr_lines[@]}" 1
}

# --- crashes ---

@test "fg-fetch: killed (-9) mid-download, the old binary stays and the next run leaves no temp file" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	cp "$DEST/cli-proxy-api-plus" "$BATS_TEST_TMPDIR/old"
	big=$BATS_TEST_TMPDIR/big
	stand_in_binary "$big/cli-proxy-api-plus"
	head -c 4000000 /dev/urandom >"$big/random.bin"
	# The binary (mostly zeros) is in the first 300000 bytes; the rest is not.
	asset_tar v2 CLIProxyAPIPlus_2_linux_amd64.tar.gz "$big" cli-proxy-api-plus random.bin
	asset_checksums v2
	publish_release "$REPO" v2
	echo 300000 >"$RELDIR/download/v2/CLIProxyAPIPlus_2_linux_amd64.tar.gz.stall"
	fg-fetch --repo "$REPO" --version v2 --dest "$DEST" --name cli-proxy-api-plus \
		>/dev/null 2>&1 3>&- &
	pid=$!
	track_pid "$pid"
	# Unpacked as it downloads: the one temp file is the binary, whole.
	wait_for temp_file_past 1099999
	cmp "$big/cli-proxy-api-plus" "$(temp_files)"
	kill -9 "$pid"
	wait "$pid" || true
	cmp "$BATS_TEST_TMPDIR/old" "$DEST/cli-proxy-api-plus"
	assert_equal "$(jq -r .tag "$DEST/cli-proxy-api-plus.release.json")" v1
	assert_equal "$(temp_files | wc -l)" 1
	rm "$RELDIR/download/v2/CLIProxyAPIPlus_2_linux_amd64.tar.gz.stall"
	fetch --version v2
	assert_success
	assert_equal "$(field version)" v2
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: killed (-9) before the binary's rename, the old binary stays; the next run sweeps" {
	goreleaser_release v1 latest
	fetch
	assert_success
	cp "$DEST/cli-proxy-api-plus" "$BATS_TEST_TMPDIR/old"
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'v2' >>"$STAGE/cli-proxy-api-plus"
	goreleaser_release v2 latest
	FG_ATOMIC_DELAY_MS=10000 fg-fetch --repo "$REPO" --dest "$DEST" --name cli-proxy-api-plus \
		>/dev/null 2>&1 3>&- &
	pid=$!
	track_pid "$pid"
	wait_for temp_binary_ready 1100002
	kill -9 "$pid"
	wait "$pid" || true
	cmp "$BATS_TEST_TMPDIR/old" "$DEST/cli-proxy-api-plus"
	assert_equal "$(temp_files | wc -l)" 1
	# v1 is latest again: it is installed, nothing is downloaded, the sweep still runs.
	cp "$RELDIR/$REPO/v1/release.json" "$RELDIR/$REPO/latest.json"
	fetch
	assert_success
	assert_equal "$(field result)" already-installed
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: 100 kill -9 at random points: the binary is always the whole old or the whole new one" {
	goreleaser_release v1 latest
	fetch
	assert_success
	cp "$DEST/cli-proxy-api-plus" "$BATS_TEST_TMPDIR/old"
	cp "$DEST/cli-proxy-api-plus.release.json" "$BATS_TEST_TMPDIR/old.json"
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'v2' >>"$STAGE/cli-proxy-api-plus"
	cp "$STAGE/cli-proxy-api-plus" "$BATS_TEST_TMPDIR/new"
	goreleaser_release v2 latest
	# How long a whole install takes here (sanitizer builds are slower): the
	# kills are spread over 0 to 1.5 times that.
	local _ bad=0 olds=0 news=0 t0 span
	t0=$EPOCHREALTIME
	fetch --force
	assert_success
	span=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1500 }')
	for _ in $(seq 1 100); do
		# Each trial starts from v1 installed.
		cp "$BATS_TEST_TMPDIR/old" "$DEST/.restore" && mv "$DEST/.restore" "$DEST/cli-proxy-api-plus"
		cp "$BATS_TEST_TMPDIR/old.json" "$DEST/cli-proxy-api-plus.release.json"
		# The kill lands anywhere from the API call to after the renames;
		# the rename delay (0-20 ms) widens the window between them.
		FG_ATOMIC_DELAY_MS=$((RANDOM % 21)) fg-fetch --force --repo "$REPO" --dest "$DEST" \
			--name cli-proxy-api-plus >/dev/null 2>&1 3>&- &
		pid=$!
		sleep "$(awk -v r="$RANDOM" -v s="$span" 'BEGIN { printf "%.3f", r % (s + 1) / 1000 }')"
		kill -9 "$pid" 2>/dev/null || :
		wait "$pid" || :
		if cmp -s "$BATS_TEST_TMPDIR/old" "$DEST/cli-proxy-api-plus"; then
			olds=$((olds + 1))
		elif cmp -s "$BATS_TEST_TMPDIR/new" "$DEST/cli-proxy-api-plus"; then
			news=$((news + 1))
		else
			bad=$((bad + 1))
		fi
		# A killed run leaves at most its own temp file; the next run sweeps it.
		[ "$(temp_files | wc -l)" -le 2 ] || bad=$((bad + 1))
	done
	echo "# kill -9 trials: old kept $olds, new complete $news, broken $bad" >&3
	assert_equal "$bad" 0
	# The kills landed both before and after the install.
	assert [ "$olds" -gt 0 ]
	assert [ "$news" -gt 0 ]
	fetch --force
	assert_success
	assert_equal "$(temp_files)" ""
	cmp "$BATS_TEST_TMPDIR/new" "$DEST/cli-proxy-api-plus"
	check
	assert_success
}

@test "fg-fetch: SIGTERM mid-download ends it with one line and no temp file" {
	goreleaser_release v1
	echo 1000 >"$RELDIR/download/v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz.stall"
	fg-fetch --repo "$REPO" --version v1 --dest "$DEST" --name cli-proxy-api-plus \
		>"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	pid=$!
	track_pid "$pid"
	wait_for download_started v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	assert_equal "$rc" 1
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" "fg-fetch: CLIProxyAPIPlus_1_linux_amd64.tar.gz: interrupted"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" ""
	assert_equal "$(temp_files)" ""
	assert [ ! -e "$DEST/cli-proxy-api-plus" ]
}

@test "fg-fetch: a second fg-fetch into the same folder is refused while one runs" {
	goreleaser_release v1
	echo 1000 >"$RELDIR/download/v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz.stall"
	fg-fetch --repo "$REPO" --version v1 --dest "$DEST" --name cli-proxy-api-plus \
		>/dev/null 2>&1 3>&- &
	pid=$!
	track_pid "$pid"
	wait_for download_started v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz
	fetch --version v1
	assert_error 1 "fg-fetch: $DEST: another fg-fetch is installing into it"
	kill -9 "$pid"
	wait "$pid" || true
}

# --- the terminal ---

@test "fg-fetch: a progress bar is drawn on a terminal, and erased" {
	command -v script >/dev/null || skip_or_fail "needs script(1)"
	goreleaser_release v1
	run script -qec "fg-fetch --repo $REPO --version v1 --dest $DEST --name cli-proxy-api-plus -c 2>&1 >/dev/null" /dev/null
	assert_success
	assert_output --partial "CLIProxyAPIPlus_1_linux_amd64.tar.gz  ["
	assert_output --partial "(100%)"
	assert_output --partial $'\r\e[K'
}

# --- usage ---

@test "fg-fetch: --help, and --version alone, exit 0" {
	run fg-fetch --help
	assert_success
	assert_line --index 0 --partial "usage: fg-fetch --repo OWNER/NAME"
	run fg-fetch --version
	assert_success
	assert_output --regexp '^fg-fetch [0-9]+\.[0-9]+\.[0-9]+$'
	run fg-fetch -V
	assert_success
	assert_output --regexp '^fg-fetch [0-9]'
}

@test "fg-fetch: usage errors exit 2 with one line" {
	run --separate-stderr fg-fetch --dest "$DEST" --name x
	assert_error 2 "fg-fetch: --repo is required (see fg-fetch --help)"
	run --separate-stderr fg-fetch --repo a/b --name x
	assert_error 2 "fg-fetch: --dest is required (see fg-fetch --help)"
	run --separate-stderr fg-fetch --repo a/b --dest "$DEST"
	assert_error 2 "fg-fetch: --name is required (see fg-fetch --help)"
	for repo in a 'a/b/c' '../x' 'a/..' '-a/b' 'a b/c' 'a/b?x'; do
		run --separate-stderr fg-fetch --repo "$repo" --dest "$DEST" --name x
		assert_error 2 "fg-fetch: --repo: '$repo' is not OWNER/NAME (letters, digits and '-'; '.' and '_' in NAME too)"
	done
	for tag in 'v1/../x' 'v 1' '..' '' 'v1?x' 'v1#' $'v1\nx'; do
		run --separate-stderr fg-fetch --repo a/b --version "$tag" --dest "$DEST" --name x
		assert_failure 2
		assert_equal "${#stderr_lines[@]}" 1
		assert_output ""
		assert_regex "$stderr" "^fg-fetch: --version: '.*' is not a release tag"
	done
	for name in a/b . .. ''; do
		run --separate-stderr fg-fetch --repo a/b --dest "$DEST" --name "$name"
		assert_error 2 "fg-fetch: --name: '$name' is not a file name (no '/', not . or ..)"
	done
	run --separate-stderr fg-fetch --repo a/b --dest "$DEST" --name x extra
	assert_error 2 "fg-fetch: unexpected argument 'extra' (see fg-fetch --help)"
	run --separate-stderr fg-fetch --bogus
	assert_error 2 "fg-fetch: unknown option --bogus (see fg-fetch --help)"
	run --separate-stderr fg-fetch --repo a/b --dest "$BATS_TEST_TMPDIR/none" --name x
	assert_error 2 "fg-fetch: $BATS_TEST_TMPDIR/none: No such file or directory"
}

@test "fg-fetch: bad environment settings exit 2 with one line" {
	FG_FETCH_ARCH=mips run --separate-stderr fg-fetch --repo a/b --dest "$DEST" --name x
	assert_error 2 "fg-fetch: FG_FETCH_ARCH: 'mips' is not one of amd64, x86_64, arm64, aarch64"
	FG_FETCH_OS=windows run --separate-stderr fg-fetch --repo a/b --dest "$DEST" --name x
	assert_error 2 "fg-fetch: FG_FETCH_OS: 'windows' is not one of linux, darwin"
	FG_FETCH_MIN_BYTES=1k run --separate-stderr fg-fetch --repo a/b --dest "$DEST" --name x
	assert_error 2 "fg-fetch: FG_FETCH_MIN_BYTES: '1k' is not a whole number of bytes up to 536870912"
	FLOWGATE_GITHUB_API=ftp://x run --separate-stderr fg-fetch --repo a/b --dest "$DEST" --name x
	assert_error 2 "fg-fetch: FLOWGATE_GITHUB_API: 'ftp://x' is not an http(s) URL"
	GITHUB_TOKEN=$'ghp_a\nb' run --separate-stderr fg-fetch --repo a/b --dest "$DEST" --name x
	assert_error 2 "fg-fetch: GITHUB_TOKEN: holds a character no token has (a space, a control byte or non-ASCII)"
}

@test "fg-fetch: DEST/NAME that is a folder is refused before anything is downloaded" {
	goreleaser_release v1
	mkdir "$DEST/cli-proxy-api-plus"
	fetch --version v1
	assert_error 2 "fg-fetch: $DEST/cli-proxy-api-plus: exists and is not a regular file"
	assert_equal "$(logged_requests '^GET ')" 0
}
