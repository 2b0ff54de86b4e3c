#!/usr/bin/env bats
# flowgate bootstrap download: CLIProxyAPIPlus from the (loopback) release
# API through fg-fetch, the LiteLLM runner, the lines, the event, failures.
# shellcheck disable=SC2154 # bats' run sets $stderr and $stderr_lines

setup_file() {
	load helpers/server
	build_test_server
}

setup() {
	load helpers/stack
	make_stack_project
	BIN=$PROJ/.router/runtime/bin
}

teardown() {
	stop_stack
}

last_event() {
	tail -n 1 "$PROJ/.router/runtime/events.log"
}

@test "bootstrap download: installs CLIProxyAPIPlus (verified) and the runner, prints the original's lines" {
	run --separate-stderr flowgate bootstrap download
	assert_success
	assert_equal "${lines[0]}" "cliproxyapi_plus=$BIN/CLIProxyAPIPlus"
	assert_equal "${lines[1]}" "litellm=$BIN/litellm"
	assert_line cliproxy_repo=router-for-me/CLIProxyAPIPlus
	assert_line cliproxy_version=v6.8.16-0
	assert_line --regexp '^cliproxy_asset=CLIProxyAPIPlus_6\.8\.16-0_linux_(amd64|arm64)\.tar\.gz$'
	assert_line cliproxy_verified=yes
	assert_line cliproxy_result=installed
	assert_equal "$(file_mode "$BIN/CLIProxyAPIPlus")" 755
	assert_equal "$(file_mode "$BIN/litellm")" 755
	cmp "$BIN/CLIProxyAPIPlus" "$RELDIR/stage/cli-proxy-api-plus"
	run jq -r '.repo, .tag' "$BIN/CLIProxyAPIPlus.release.json"
	assert_output "router-for-me/CLIProxyAPIPlus
v6.8.16-0"
	run jq -r '[.event, .result, .detail] | join(" ")' <<<"$(last_event)"
	assert_output --regexp '^bootstrap_download success installed router-for-me/CLIProxyAPIPlus@v6.8.16-0 CLIProxyAPIPlus_.* sha256_verified=yes$'
}

@test "bootstrap download: the installed binary runs as CLIProxyAPIPlus (the stand-in answers on its port)" {
	bootstrap_stack
	run flowgate service start --wait cliproxyapi_plus
	assert_success
	run curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT_A/"
	assert_output 200
}

@test "bootstrap download: a second run downloads nothing; --force downloads again" {
	bootstrap_stack
	downloads=$(logged_requests '/download/.*\.tar\.gz')
	run flowgate bootstrap download
	assert_success
	assert_line cliproxy_result=already-installed
	assert_equal "$(logged_requests '/download/.*\.tar\.gz')" "$downloads"
	run flowgate bootstrap download --force
	assert_success
	assert_line cliproxy_result=installed
	assert_equal "$(logged_requests '/download/.*\.tar\.gz')" "$((downloads + 1))"
}

@test "bootstrap download: --cliproxy-repo and --cliproxy-version win over the config's bootstrap settings" {
	"$STAND_INS" release "$RELDIR" "$FLOWGATE_GITHUB_API" fork-owner/CLIProxyAPI v7.0.0-1
	"$STAND_INS" release "$RELDIR" "$FLOWGATE_GITHUB_API" conf-owner/CLIProxyAPI v6.9.0-0
	printf 'bootstrap:\n  cliproxy_repo: conf-owner/CLIProxyAPI\n  cliproxy_version: v6.9.0-0\n' >>config/flowgate.yaml
	run flowgate bootstrap download
	assert_success
	assert_line cliproxy_repo=conf-owner/CLIProxyAPI
	assert_line cliproxy_version=v6.9.0-0
	run flowgate bootstrap download --cliproxy-repo fork-owner/CLIProxyAPI --cliproxy-version v7.0.0-1
	assert_success
	assert_line cliproxy_repo=fork-owner/CLIProxyAPI
	assert_line cliproxy_version=v7.0.0-1
	assert_line cliproxy_result=installed
}

@test "bootstrap download: a release that does not exist fails with the original's line, an event, nothing installed" {
	run --separate-stderr flowgate bootstrap download --cliproxy-version v0.0.1
	assert_failure 1
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr_lines[0]%%:*}" "bootstrap failed"
	assert_equal "$(grep -c 'release v0.0.1 of router-for-me/CLIProxyAPIPlus not found' <<<"$stderr")" 1
	assert_equal "$(grep -c -- '--repo' <<<"$stderr")" 1
	[ ! -e "$BIN/CLIProxyAPIPlus" ]
	[ ! -e "$BIN/litellm" ]
	run jq -r '[.event, .result] | join(" ")' <<<"$(last_event)"
	assert_output "bootstrap_download failure"
}

@test "bootstrap download: a checksum mismatch keeps the installed binary and fails" {
	bootstrap_stack
	cp "$BIN/CLIProxyAPIPlus" "$BATS_TEST_TMPDIR/old"
	sed -i "s/^[0-9a-f]\{64\}/$(printf '0%.0s' $(seq 64))/" "$RELDIR/download/v6.8.16-0/checksums.txt"
	grep -q '^0\{64\}  ' "$RELDIR/download/v6.8.16-0/checksums.txt"
	run --separate-stderr flowgate bootstrap download --force
	assert_failure 1
	assert_equal "$(grep -c '^bootstrap failed: .*SHA-256' <<<"$stderr")" 1
	cmp "$BIN/CLIProxyAPIPlus" "$BATS_TEST_TMPDIR/old"
}

@test "bootstrap download: --require-sha256 refuses a release without checksums.txt" {
	rm "$RELDIR/download/v6.8.16-0/checksums.txt"
	jq '.assets |= map(select(.name != "checksums.txt"))' \
		"$RELDIR/router-for-me/CLIProxyAPIPlus/v6.8.16-0/release.json" >"$BATS_TEST_TMPDIR/r.json"
	mv "$BATS_TEST_TMPDIR/r.json" "$RELDIR/router-for-me/CLIProxyAPIPlus/v6.8.16-0/release.json"
	run --separate-stderr flowgate bootstrap download --require-sha256
	assert_failure 1
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr_lines[0]%%:*}" "bootstrap failed"
	[ ! -e "$BIN/CLIProxyAPIPlus" ]
	run flowgate bootstrap download
	assert_success
	assert_line cliproxy_verified=no
}

@test "bootstrap download --format json: one document, success and failure" {
	run --separate-stderr flowgate --format json bootstrap download
	assert_success
	run jq -r '[.result, .cliproxyapi_plus, .litellm, .release.repo, .release.version, .release.verified, (.release.bytes > 1048576), .error] | map(tostring) | join(" ")' <<<"$output"
	assert_output "installed $BIN/CLIProxyAPIPlus $BIN/litellm router-for-me/CLIProxyAPIPlus v6.8.16-0 true true null"
	run --separate-stderr flowgate --format json bootstrap download --cliproxy-repo nobody/nothing
	assert_failure 1
	run jq -r '[.result, .cliproxyapi_plus, .release, (.error | test("not found"))] | map(tostring) | join(" ")' <<<"$output"
	assert_output "failed null null true"
}

@test "bootstrap download: usage errors exit 2 with one line" {
	for args in "" "upload" "download --cliproxy-version" "download --cliproxy-repo ''" "download --bogus"; do
		eval "set -- $args"
		run --separate-stderr flowgate bootstrap "$@"
		assert_failure 2
		assert_equal "${#stderr_lines[@]}" 1
		assert_output ''
	done
	run --separate-stderr flowgate bootstrap download --cliproxy-repo 'not a repo'
	assert_failure 2
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr_lines[0]%%:*}" "bootstrap failed"
}

# ---- the LiteLLM runner ----

@test "litellm runner: FLOWGATE_LITELLM first, with the arguments passed on" {
	bootstrap_stack
	printf '#!/bin/sh\necho "env-litellm $*"\n' >"$BATS_TEST_TMPDIR/ll"
	chmod 755 "$BATS_TEST_TMPDIR/ll"
	FLOWGATE_LITELLM=$BATS_TEST_TMPDIR/ll run "$BIN/litellm" --config 'a b.yaml'
	assert_success
	assert_output "env-litellm --config a b.yaml"
	FLOWGATE_LITELLM=$BATS_TEST_TMPDIR/ll FLOWGATE_RUNNER_WHICH=1 run "$BIN/litellm"
	assert_output "env $BATS_TEST_TMPDIR/ll"
	FLOWGATE_LITELLM=$BATS_TEST_TMPDIR/none run -127 --separate-stderr "$BIN/litellm"
	assert_failure 127
	assert_equal "$stderr" "litellm runner: FLOWGATE_LITELLM=$BATS_TEST_TMPDIR/none is not an executable file"
}

@test "litellm runner: then litellm on PATH (never itself), then uvx, else the install line" {
	bootstrap_stack
	unset FLOWGATE_LITELLM
	mkdir -p "$BATS_TEST_TMPDIR/p1" "$BATS_TEST_TMPDIR/p2"
	printf '#!/bin/sh\necho "path-litellm $*"\n' >"$BATS_TEST_TMPDIR/p2/litellm"
	printf '#!/bin/sh\necho "uvx $*"\n' >"$BATS_TEST_TMPDIR/p1/uvx"
	chmod 755 "$BATS_TEST_TMPDIR/p2/litellm" "$BATS_TEST_TMPDIR/p1/uvx"
	# The runner's own folder comes first on PATH: it must skip itself.
	PATH="$BIN:$BATS_TEST_TMPDIR/p2:$BATS_TEST_TMPDIR/p1:/usr/bin:/bin" run "$BIN/litellm" --port 1
	assert_output "path-litellm --port 1"
	PATH="$BIN:$BATS_TEST_TMPDIR/p1:/usr/bin:/bin" run "$BIN/litellm" --port 1
	assert_output "uvx --from litellm[proxy] litellm --port 1"
	PATH="$BIN:$BATS_TEST_TMPDIR/p1:/usr/bin:/bin" FLOWGATE_RUNNER_WHICH=1 run "$BIN/litellm"
	assert_output "uvx $BATS_TEST_TMPDIR/p1/uvx"
	PATH="$BIN:/usr/bin:/bin" run -127 --separate-stderr "$BIN/litellm"
	assert_failure 127
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$(grep -c "uv tool install 'litellm\[proxy\]'" <<<"$stderr")" 1
}
