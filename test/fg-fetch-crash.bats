#!/usr/bin/env bats
# fg-fetch: crashes and signals mid-download (kill -9 at random points),
# a second run beside the first, the terminal and usage, on releases served
# over real loopback HTTP by the test server (helpers/release, helpers/fetch).
# shellcheck disable=SC2154 # bats' run --separate-stderr sets $stderr and $stderr_lines
# shellcheck disable=SC2153 # REPO is set by helpers/fetch

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
	assert_field version v2
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
	assert_field result already-installed
	assert_equal "$(temp_files)" ""
}

@test "fg-fetch: 100 kill -9 at random points: the binary is always the whole old or the whole new one" {
	goreleaser_release v1 latest
	fetch
	assert_success
	mkdir "$BATS_TEST_TMPDIR/old"
	cp "$DEST/cli-proxy-api-plus" "$DEST/cli-proxy-api-plus.release.json" "$BATS_TEST_TMPDIR/old/"
	stand_in_binary "$STAGE/cli-proxy-api-plus"
	printf 'v2' >>"$STAGE/cli-proxy-api-plus"
	cp "$STAGE/cli-proxy-api-plus" "$BATS_TEST_TMPDIR/new"
	goreleaser_release v2 latest
	# How long a whole install takes here (sanitizer builds are slower): the
	# kills are spread over 0 to 1.5 times that.
	local bad olds news t0 span
	t0=${EPOCHREALTIME/./}
	fetch --force
	assert_success
	span=$(((${EPOCHREALTIME/./} - t0) * 3 / 2000))
	# The 100 trials run in a helper (helpers/fetch), untraced.
	read -r olds news bad < <(fetch_kill9_trials 100 "$span" "$BATS_TEST_TMPDIR/old" "$BATS_TEST_TMPDIR/new")
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
