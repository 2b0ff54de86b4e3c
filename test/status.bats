#!/usr/bin/env bats
# flowgate status: current profile, running services, secret file modes.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

setup() {
	load helpers/common
	make_project
}

teardown() {
	[ -z "${BG_PID:-}" ] || kill "$BG_PID" 2>/dev/null || :
}

@test "flowgate status: before any profile set, the profile is unknown" {
	run flowgate status
	assert_success
	assert_output "current_profile=unknown
updated_at=unknown
cliproxyapi_plus_running=no
litellm_running=no
secret_permission_issues=0"
}

@test "flowgate status: shows the profile set last" {
	flowgate profile set cost >/dev/null
	run flowgate status
	assert_success
	assert_line current_profile=cost
	assert_line --regexp '^updated_at=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$'
}

@test "flowgate status: a live process in the pidfile with its start time is running" {
	sleep 60 &
	BG_PID=$!
	mkdir -p .router/runtime/pids
	start=$(sed 's/.*) //' "/proc/$BG_PID/stat" | cut -d' ' -f20)
	printf '%s\n%s\n' "$BG_PID" "$start" >.router/runtime/pids/litellm.pid
	run flowgate status
	assert_line litellm_running=yes
	assert_line cliproxyapi_plus_running=no
}

@test "flowgate status: a pidfile whose start time differs (recycled pid) is not running" {
	sleep 60 &
	BG_PID=$!
	mkdir -p .router/runtime/pids
	printf '%s\n%s\n' "$BG_PID" 1 >.router/runtime/pids/litellm.pid
	run flowgate status
	assert_line litellm_running=no
}

@test "flowgate status: a pidfile of a dead process is not running" {
	mkdir -p .router/runtime/pids
	printf '999999999\n1\n' >.router/runtime/pids/cliproxyapi_plus.pid
	run flowgate status
	assert_line cliproxyapi_plus_running=no
}

@test "flowgate status: counts secret files that are not mode 0600, each once" {
	mkdir -p .router/auths
	echo '{}' >.router/auths/codex.json      # in secret_files and in the auth dir
	echo '{}' >.router/auths/extra.json      # only in the auth dir
	echo '{}' >.router/auths/copilot.json
	chmod 644 .router/auths/codex.json .router/auths/extra.json
	chmod 600 .router/auths/copilot.json
	chmod 640 .router/secrets/upstream_cliproxyapi_api_key
	run flowgate status
	assert_line secret_permission_issues=3
	chmod 600 .router/auths/*.json .router/secrets/upstream_cliproxyapi_api_key
	run flowgate status
	assert_line secret_permission_issues=0
}

@test "flowgate status: --format json prints one document" {
	flowgate profile set balanced >/dev/null
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	run flowgate --format json status
	assert_success
	assert_equal "$(jq -c 'del(.updated_at)' <<<"$output")" '{"current_profile":"balanced","services":{"cliproxyapi_plus":{"running":false,"supervisor":"flowgate"},"litellm":{"running":false,"supervisor":"flowgate"}},"secret_permission_issues":1}'
}

@test "flowgate status: a corrupt state file is a one-line error" {
	mkdir -p .router/runtime
	echo '[' >.router/runtime/state.json
	run --separate-stderr flowgate status
	assert_failure 2
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
}

@test "flowgate status: takes no arguments" {
	run flowgate status extra
	assert_failure 2
}
