#!/usr/bin/env bats
# fg-fetch: hostile archives, the manifest and --check, on releases served
# over real loopback HTTP by the test server (helpers/release, helpers/fetch).
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
	assert_field bytes "$size"
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
	assert_field sha256 "$(sha256sum "$STAGE/cli-proxy-api-plus" | cut -d' ' -f1)"
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
	assert_field result already-installed
	assert_field sha256 "$(sha256sum "$DEST/cli-proxy-api-plus" | cut -d' ' -f1)"
	assert_field bytes 1100000
	assert_field verified true
	assert_field asset CLIProxyAPIPlus_1_linux_amd64.tar.gz
	assert_equal "$(logged_requests '^GET /download/')" "$downloads"
	assert_equal "$(jq -r .installed_at "$DEST/cli-proxy-api-plus.release.json")" "$first_at"
	mv "$RELDIR/download/v1.gone" "$RELDIR/download/v1"
	fetch --version v1 --force
	assert_success
	assert_field result installed
	assert_equal "$(logged_requests '^GET /download/v1/CLIProxyAPIPlus_1_linux_amd64.tar.gz ')" 2
	printf 'tampered' >>"$DEST/cli-proxy-api-plus"
	fetch --version v1
	assert_success
	assert_field result installed
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
	assert_field result installed
	assert_field version v2
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
	assert_field result ok
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
	assert_field result changed
	assert_field version v1
	assert_field sha256 "$(sha256sum "$STAGE/cli-proxy-api-plus" | cut -d' ' -f1)"
	printf 'more' >>"$bin"
	check
	assert_failure 1
	assert_field result changed
}

@test "fg-fetch --check: a binary touched but not changed is still ok" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	touch "$DEST/cli-proxy-api-plus"
	chmod 700 "$DEST/cli-proxy-api-plus"
	check
	assert_success
	assert_field result ok
}

@test "fg-fetch --check: no binary is missing, exit 1, with what its manifest records" {
	goreleaser_release v1
	fetch --version v1
	assert_success
	rm "$DEST/cli-proxy-api-plus"
	check
	assert_failure 1
	assert_equal "$stderr" ""
	assert_field result missing
	assert_field repo "$REPO"
	assert_field version v1
	rm "$DEST/cli-proxy-api-plus.release.json"
	check
	assert_failure 1
	assert_equal "$(check_fields)" "missing $DEST/cli-proxy-api-plus null null null null null"
	run --separate-stderr fg-fetch --check --dest "$BATS_TEST_TMPDIR/none" --name cli-proxy-api-plus -c
	assert_failure 1
	assert_field result missing
	assert_field path "$BATS_TEST_TMPDIR/none/cli-proxy-api-plus"
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
	assert_field result invalid_manifest
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
	assert_field result ok
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
