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
	RELEASES=$RELDIR/router-for-me/CLIProxyAPIPlus
}

teardown() {
	stop_stack
}

# A SHA-256 of zeros, the checksum no asset has (a literal: no seq, no printf).
ZEROS64=0000000000000000000000000000000000000000000000000000000000000000

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
	sed -i "s/^[0-9a-f]\{64\}/$ZEROS64/" "$RELDIR/download/v6.8.16-0/checksums.txt"
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

# ---- update ----

# newest TAG [BINARY]: the stand-in release TAG of the config's repository
# (holding BINARY instead of the test server), published as the latest.
newest() {
	"$STAND_INS" release "$RELDIR" "$FLOWGATE_GITHUB_API" router-for-me/CLIProxyAPIPlus "$@"
	cp "$RELEASES/$1/release.json" "$RELEASES/latest.json"
}

# A newer CLIProxyAPIPlus that is told apart from the installed one: the test
# server padded to 5 MiB (the stand-in release pads it to 4).
newer_binary() {
	cp "$FG_TESTSERVER" "$BATS_TEST_TMPDIR/newer"
	truncate -s 5M "$BATS_TEST_TMPDIR/newer"
	printf '%s' "$BATS_TEST_TMPDIR/newer"
}

manifest_tag() {
	jq -r .tag "$1"
}

proxy_pid() {
	head -n 1 "$PROJ/.router/runtime/pids/cliproxyapi_plus.pid"
}

# Runs the command on a pseudo-terminal that answers the prompt with $1.
on_terminal() {
	local answer=$1
	shift
	printf '%s\n' "$answer" | script -qec "$(printf '%q ' "$@")" /dev/null
}

@test "bootstrap update: the newest release installed is up_to_date, exit 0, nothing downloaded, an event" {
	bootstrap_stack
	cp "$RELEASES/v6.8.16-0/release.json" "$RELEASES/latest.json"
	downloads=$(logged_requests '^GET /download/')
	run --separate-stderr flowgate bootstrap update
	assert_success
	assert_output "cliproxyapi_plus:up_to_date current=v6.8.16-0"
	assert_equal "$stderr" ""
	assert_equal "$(logged_requests '^GET /repos/router-for-me/CLIProxyAPIPlus/releases/latest ')" 1
	assert_equal "$(logged_requests '^GET /download/')" "$downloads"
	run jq -r '[.event, .result, .detail] | join(" ")' <<<"$(last_event)"
	assert_output "bootstrap_update success up_to_date router-for-me/CLIProxyAPIPlus@v6.8.16-0"
}

@test "bootstrap update -y: a newer release is downloaded and swapped in, the old binary and manifest kept as .previous" {
	bootstrap_stack
	cp "$BIN/CLIProxyAPIPlus" "$BATS_TEST_TMPDIR/old"
	newest v6.9.0-0 "$(newer_binary)"
	run --separate-stderr flowgate bootstrap update -y
	assert_success
	assert_output "cliproxyapi_plus:update_available current=v6.8.16-0 latest=v6.9.0-0
cliproxyapi_plus:updated version=v6.9.0-0"
	cmp "$BIN/CLIProxyAPIPlus" "$RELDIR/stage-v6.9.0-0/cli-proxy-api-plus"
	assert_equal "$(stat -c %s "$BIN/CLIProxyAPIPlus")" 5242880
	assert_equal "$(file_mode "$BIN/CLIProxyAPIPlus")" 755
	assert_equal "$(manifest_tag "$BIN/CLIProxyAPIPlus.release.json")" v6.9.0-0
	cmp "$BIN/CLIProxyAPIPlus.previous" "$BATS_TEST_TMPDIR/old"
	assert_equal "$(manifest_tag "$BIN/CLIProxyAPIPlus.previous.release.json")" v6.8.16-0
	run fg-fetch --check -c --dest "$BIN" --name CLIProxyAPIPlus.previous
	assert_success
	run fg-fetch --check -c --dest "$BIN" --name CLIProxyAPIPlus
	assert_success
	run env LC_ALL=C ls -A "$BIN"
	assert_output ".bootstrap.lock
CLIProxyAPIPlus
CLIProxyAPIPlus.previous
CLIProxyAPIPlus.previous.release.json
CLIProxyAPIPlus.release.json
litellm"
	run jq -r '[.event, .result, .detail] | join(" ")' <<<"$(last_event)"
	assert_output --regexp '^bootstrap_update success updated router-for-me/CLIProxyAPIPlus@v6.8.16-0 -> v6.9.0-0 CLIProxyAPIPlus_6\.9\.0-0_linux_[a-z0-9]+\.tar\.gz sha256_verified=yes$'
	run --separate-stderr flowgate bootstrap update
	assert_success
	assert_output "cliproxyapi_plus:up_to_date current=v6.9.0-0"
}

@test "bootstrap update -y: a running proxy is restarted on the new binary and answers" {
	bootstrap_stack
	flowgate service start --wait cliproxyapi_plus >/dev/null
	old_pid=$(proxy_pid)
	newest v6.9.0-0 "$(newer_binary)"
	run --separate-stderr flowgate bootstrap update -y
	assert_success
	new_pid=$(proxy_pid)
	assert_output "cliproxyapi_plus:update_available current=v6.8.16-0 latest=v6.9.0-0
cliproxyapi_plus:restarted pid=$new_pid
cliproxyapi_plus:updated version=v6.9.0-0"
	assert [ "$new_pid" != "$old_pid" ]
	assert_equal "$(readlink "/proc/$new_pid/exe")" "$BIN/CLIProxyAPIPlus"
	assert_equal "$(stat -L -c %s "/proc/$new_pid/exe")" 5242880
	run flowgate service status cliproxyapi_plus
	assert_success
	assert_output "cliproxyapi_plus:running pid=$new_pid supervisor=flowgate"
	run curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT_A/"
	assert_output 200
}

@test "bootstrap update -y: a new binary that fails readiness is rolled back, the previous one back in place and running" {
	bootstrap_stack
	cp "$BIN/CLIProxyAPIPlus" "$BATS_TEST_TMPDIR/old"
	flowgate service start --wait cliproxyapi_plus >/dev/null
	# A release whose binary exits at once: /bin/true, padded.
	newest v6.9.0-0 /bin/true
	run --separate-stderr flowgate bootstrap update -y
	assert_failure 1
	pid=$(proxy_pid)
	assert_output "cliproxyapi_plus:update_available current=v6.8.16-0 latest=v6.9.0-0
cliproxyapi_plus:rolled_back version=v6.8.16-0 reason=not_ready pid=$pid"
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^fg-spawn: start: .*/CLIProxyAPIPlus \(pid [0-9]+\) exited before it was ready'
	cmp "$BIN/CLIProxyAPIPlus" "$BATS_TEST_TMPDIR/old"
	assert_equal "$(manifest_tag "$BIN/CLIProxyAPIPlus.release.json")" v6.8.16-0
	assert [ ! -e "$BIN/CLIProxyAPIPlus.previous" ]
	assert [ ! -e "$BIN/CLIProxyAPIPlus.previous.release.json" ]
	run fg-fetch --check -c --dest "$BIN" --name CLIProxyAPIPlus
	assert_success
	assert_equal "$(readlink "/proc/$pid/exe")" "$BIN/CLIProxyAPIPlus"
	run flowgate service status cliproxyapi_plus
	assert_success
	run curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT_A/"
	assert_output 200
	run jq -r '[.event, .result, .detail] | join(" ")' <<<"$(last_event)"
	assert_output "bootstrap_update failure rolled_back router-for-me/CLIProxyAPIPlus@v6.9.0-0 -> v6.8.16-0 reason=not_ready pid=$pid"
}

@test "bootstrap update on a terminal: n cancels (exit 1, nothing downloaded); y updates" {
	bootstrap_stack
	newest v6.9.0-0
	run on_terminal n flowgate bootstrap update
	assert_failure 1
	assert_output --partial "cliproxyapi_plus:update_available current=v6.8.16-0 latest=v6.9.0-0"
	assert_output --partial "update $BIN/CLIProxyAPIPlus: v6.8.16-0 -> v6.9.0-0"
	assert_output --partial "Proceed? [y/N]"
	# The answer's echo comes first: the pty had it before the prompt.
	assert_equal "${lines[-1]%$'\r'}" "Proceed? [y/N] cliproxyapi_plus:update_cancelled"
	assert_equal "$(logged_requests '^GET /download/v6\.9\.0-0/')" 0
	assert_equal "$(manifest_tag "$BIN/CLIProxyAPIPlus.release.json")" v6.8.16-0
	assert [ ! -e "$BIN/CLIProxyAPIPlus.previous" ]
	run on_terminal y flowgate bootstrap update
	assert_success
	assert_equal "${lines[-1]%$'\r'}" "Proceed? [y/N] cliproxyapi_plus:updated version=v6.9.0-0"
	assert_equal "$(manifest_tag "$BIN/CLIProxyAPIPlus.release.json")" v6.9.0-0
}

@test "bootstrap update: without -y and stdin not a terminal it refuses, exit 2, naming the change; nothing downloaded" {
	bootstrap_stack
	newest v6.9.0-0
	run --separate-stderr flowgate bootstrap update </dev/null
	assert_failure 2
	assert_output "cliproxyapi_plus:update_available current=v6.8.16-0 latest=v6.9.0-0"
	assert_equal "$stderr" "flowgate: bootstrap update: stdin is not a terminal; run with -y to replace $BIN/CLIProxyAPIPlus (v6.8.16-0 -> v6.9.0-0)"
	assert_equal "$(logged_requests '^GET /download/v6\.9\.0-0/')" 0
	assert_equal "$(manifest_tag "$BIN/CLIProxyAPIPlus.release.json")" v6.8.16-0
}

@test "bootstrap update -y: a checksum mismatch leaves the installed binary and manifest untouched, one line, exit 1" {
	bootstrap_stack
	cp "$BIN/CLIProxyAPIPlus" "$BATS_TEST_TMPDIR/old"
	cp "$BIN/CLIProxyAPIPlus.release.json" "$BATS_TEST_TMPDIR/old.json"
	newest v6.9.0-0 "$(newer_binary)"
	sed -i "s/^[0-9a-f]\{64\}/$ZEROS64/" "$RELDIR/download/v6.9.0-0/checksums.txt"
	run --separate-stderr flowgate bootstrap update -y
	assert_failure 1
	assert_output "cliproxyapi_plus:update_available current=v6.8.16-0 latest=v6.9.0-0"
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$(grep -c '^bootstrap update failed: CLIProxyAPIPlus_6\.9\.0-0_.*SHA-256' <<<"$stderr")" 1
	cmp "$BIN/CLIProxyAPIPlus" "$BATS_TEST_TMPDIR/old"
	cmp "$BIN/CLIProxyAPIPlus.release.json" "$BATS_TEST_TMPDIR/old.json"
	assert_equal "$(find "$BIN" -name '*.new*' -o -name '*previous*' -o -name '*fgtmp*' -o -name '.fg-fetch*' | wc -l)" 0
	run jq -r '[.event, .result] | join(" ")' <<<"$(last_event)"
	assert_output "bootstrap_update failure"
}

@test "bootstrap update --require-sha256 refuses a newest release without checksums.txt" {
	bootstrap_stack
	newest v6.9.0-0
	rm "$RELDIR/download/v6.9.0-0/checksums.txt"
	jq '.assets |= map(select(.name != "checksums.txt"))' "$RELEASES/v6.9.0-0/release.json" >"$BATS_TEST_TMPDIR/r.json"
	mv "$BATS_TEST_TMPDIR/r.json" "$RELEASES/v6.9.0-0/release.json"
	run --separate-stderr flowgate bootstrap update -y --require-sha256
	assert_failure 1
	assert_equal "$stderr" "bootstrap update failed: router-for-me/CLIProxyAPIPlus v6.9.0-0: no checksums.txt in the release, and --require-sha256"
	assert_equal "$(manifest_tag "$BIN/CLIProxyAPIPlus.release.json")" v6.8.16-0
}

@test "bootstrap update: the release list unreachable is one line, exit 1, and no token in it" {
	bootstrap_stack
	port=$(closed_port)
	GITHUB_TOKEN=ghp_do-not-print-me FLOWGATE_GITHUB_API=http://127.0.0.1:$port \
		run --separate-stderr flowgate bootstrap update -y
	assert_failure 1
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^bootstrap update failed: http://127\.0\.0\.1:$port/repos/router-for-me/CLIProxyAPIPlus/releases/latest: "
	assert_equal "$(grep -c do-not-print-me "$PROJ/.router/runtime/events.log")" 0
	run jq -r '[.event, .result] | join(" ")' <<<"$(last_event)"
	assert_output "bootstrap_update failure"
}

@test "bootstrap update -y: a binary no manifest vouches for is current=unknown, replaced, and kept without a manifest" {
	bootstrap_stack
	rm "$BIN/CLIProxyAPIPlus.release.json"
	cp "$RELEASES/v6.8.16-0/release.json" "$RELEASES/latest.json"
	run --separate-stderr flowgate bootstrap update -y
	assert_success
	assert_output "cliproxyapi_plus:update_available current=unknown latest=v6.8.16-0
cliproxyapi_plus:updated version=v6.8.16-0"
	assert_equal "$(manifest_tag "$BIN/CLIProxyAPIPlus.release.json")" v6.8.16-0
	assert [ -f "$BIN/CLIProxyAPIPlus.previous" ]
	assert [ ! -e "$BIN/CLIProxyAPIPlus.previous.release.json" ]
}

@test "bootstrap update: nothing installed is one line naming bootstrap download, exit 1" {
	newest v6.9.0-0
	run --separate-stderr flowgate bootstrap update -y
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "bootstrap update failed: no CLIProxyAPIPlus in $BIN to update; run flowgate bootstrap download first"
	assert_equal "$(logged_requests '^GET /repos/')" 0
}

@test "bootstrap update --format json: one document for up_to_date, updated, rolled_back and failed" {
	bootstrap_stack
	cp "$RELEASES/v6.8.16-0/release.json" "$RELEASES/latest.json"
	run --separate-stderr flowgate --format json bootstrap update
	assert_success
	assert_equal "$(jq -c . <<<"$output")" '{"result":"up_to_date","current":"v6.8.16-0","latest":"v6.8.16-0","installed":"v6.8.16-0","previous":null,"restarted_pid":null,"reason":null,"error":null}'
	flowgate service start --wait cliproxyapi_plus >/dev/null
	newest v6.9.0-0
	run --separate-stderr flowgate --format json bootstrap update -y
	assert_success
	assert_equal "$(jq -c . <<<"$output")" "{\"result\":\"updated\",\"current\":\"v6.8.16-0\",\"latest\":\"v6.9.0-0\",\"installed\":\"v6.9.0-0\",\"previous\":\"$BIN/CLIProxyAPIPlus.previous\",\"restarted_pid\":$(proxy_pid),\"reason\":null,\"error\":null}"
	newest v7.0.0-0 /bin/true
	run --separate-stderr flowgate --format json bootstrap update -y
	assert_failure 1
	assert_equal "$(jq -c '[.result, .current, .latest, .installed, .previous, .restarted_pid, .reason, .error]' <<<"$output")" "[\"rolled_back\",\"v6.9.0-0\",\"v7.0.0-0\",\"v6.9.0-0\",null,$(proxy_pid),\"not_ready\",null]"
	FLOWGATE_GITHUB_API=http://127.0.0.1:$(closed_port) run --separate-stderr flowgate --format json bootstrap update -y
	assert_failure 1
	run jq -r '[.result, .current, .latest, (.error | test("releases/latest: "))] | map(tostring) | join(" ")' <<<"$output"
	assert_output "failed v6.9.0-0 null true"
}

@test "bootstrap update: unknown options are usage errors, exit 2, one line" {
	for args in "--bogus" "-y extra" "--cliproxy-version v1"; do
		eval "set -- $args"
		run --separate-stderr flowgate bootstrap update "$@"
		assert_failure 2
		assert_output ''
		assert_equal "${#stderr_lines[@]}" 1
	done
}
