#!/usr/bin/env bats
# fg-fetch: releases served over real loopback HTTP by the test server from a
# folder (helpers/release, helpers/fetch), with real tar.gz and zip archives
# holding a stand-in ELF binary: installing, checksums, choosing the asset,
# API failures and broken downloads. Hostile archives and the manifest are
# in fg-fetch-archive.bats, crashes and usage in fg-fetch-crash.bats.
# shellcheck disable=SC2154 # bats' run --separate-stderr sets $stderr and $stderr_lines

setup_file() {
	load helpers/server
	build_test_server
}

setup() {
	load helpers/fetch
	fetch_setup
}

teardown() {
	fetch_teardown
}

# --- installing ---

@test "fg-fetch: a tar.gz release installs the binary (0755), its manifest (0644) and prints the result" {
	goreleaser_release v6.8.16-0
	fetch --version v6.8.16-0
	assert_success
	assert_equal "$stderr" ""
	want_sha=$(sha256sum "$STAGE/cli-proxy-api-plus" | cut -d' ' -f1)
	assert_field result installed
	assert_field path "$DEST/cli-proxy-api-plus"
	assert_field repo "$REPO"
	assert_field version v6.8.16-0
	assert_field asset CLIProxyAPIPlus_6.8.16-0_linux_amd64.tar.gz
	assert_field sha256 "$want_sha"
	assert_field bytes 1100000
	assert_field verified true
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
	assert_field result installed
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
	assert_field asset CLIProxyAPIPlus_2_linux_amd64.zip
	assert_field verified true
	cmp "$STAGE/CLIProxyAPIPlus/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"
}

@test "fg-fetch: a bare binary asset is installed as it is" {
	stand_in_binary "$STAGE/bin"
	asset_file v3 cli-proxy-api-plus_3_linux_amd64 "$STAGE/bin"
	asset_checksums v3
	publish_release "$REPO" v3
	fetch --version v3
	assert_success
	assert_field asset cli-proxy-api-plus_3_linux_amd64
	assert_field verified true
	assert_field sha256 "$(jq -r .asset_sha256 "$DEST/cli-proxy-api-plus.release.json")"
	cmp "$STAGE/bin" "$DEST/cli-proxy-api-plus"
}

@test "fg-fetch: tar.gz is preferred to zip, zip to a bare binary" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_file v4 CLIProxyAPIPlus_4_linux_amd64 "$STAGE/cli-proxy-api-plus"
	asset_zip v4 CLIProxyAPIPlus_4_linux_amd64.zip "$STAGE"
	publish_release "$REPO" v4
	fetch --version v4
	assert_success
	assert_field asset CLIProxyAPIPlus_4_linux_amd64.zip
	asset_tar v4 CLIProxyAPIPlus_4_linux_amd64.tar.gz "$STAGE"
	publish_release "$REPO" v4
	fetch --version v4
	assert_success
	assert_field asset CLIProxyAPIPlus_4_linux_amd64.tar.gz
}

@test "fg-fetch: a _no-plugin asset is taken, the plugin build preferred when both exist" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_tar v5 CLIProxyAPIPlus_5_linux_amd64_no-plugin.tar.gz "$STAGE"
	asset_checksums v5
	publish_release "$REPO" v5
	fetch --version v5
	assert_success
	assert_field asset CLIProxyAPIPlus_5_linux_amd64_no-plugin.tar.gz
	assert_field verified true
	asset_zip v5 CLIProxyAPIPlus_5_linux_amd64.zip "$STAGE"
	asset_checksums v5
	publish_release "$REPO" v5
	fetch --version v5
	assert_success
	assert_field asset CLIProxyAPIPlus_5_linux_amd64.zip
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
	assert_field asset CLIProxyAPIPlus_6_linux_aarch64.tar.gz
	cmp "$STAGE/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus"
	FG_FETCH_ARCH=aarch64 fetch --version v6 --force
	assert_success
	assert_field asset CLIProxyAPIPlus_6_linux_aarch64.tar.gz
	FG_FETCH_ARCH=x86_64 fetch --version v6
	assert_success
	assert_field asset CLIProxyAPIPlus_6_linux_amd64.tar.gz
}

@test "fg-fetch: x86_64 in an asset name is amd64" {
	stand_in_binary "$STAGE/cli-proxy-api"
	asset_tar v7 cli-proxy-api_7_Linux_x86_64.tar.gz "$STAGE"
	publish_release "$REPO" v7
	fetch --version v7
	assert_success
	assert_field asset cli-proxy-api_7_Linux_x86_64.tar.gz
	assert_field verified false
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
	assert_field asset "CLIProxyAPIPlus_8_linux_$arch.tar.gz"
}

@test "fg-fetch: --version latest (the default) takes the latest release's tag" {
	goreleaser_release v6.9.0-1 latest
	fetch
	assert_success
	assert_field version v6.9.0-1
	assert_equal "$(logged_requests '^GET /repos/router-for-me/CLIProxyAPIPlus/releases/latest ')" 1
	fetch --version latest --force
	assert_success
	assert_field version v6.9.0-1
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
	assert_field verified true
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
	assert_field verified false
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
	assert_field verified false
}

@test "fg-fetch: a checksum line in upper case or binary mode (*NAME) verifies" {
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	asset_tar v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE"
	sha=$(sha256sum "$RELDIR/download/v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz" | cut -d' ' -f1)
	printf '%s *CLIProxyAPIPlus_1_linux_amd64.tar.gz\r\n' "${sha^^}" >"$RELDIR/download/v1/checksums.txt"
	publish_release "$REPO" v1
	fetch --version v1 --require-sha256
	assert_success
	assert_field verified true
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
