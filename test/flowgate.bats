#!/usr/bin/env bats
# bin/flowgate, the dispatcher: global options, one script per command in
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines
# libexec/flowgate, and help read from those scripts' headers.

setup() {
	load helpers/common
	make_project
}

# The commands: every libexec/flowgate/flowgate-NAME but the sourced setup.
commands() {
	local f
	for f in "$ROOT"/libexec/flowgate/flowgate-*; do
		[ "${f##*/}" = flowgate-sh-setup ] || printf '%s\n' "${f##*/flowgate-}"
	done
}

@test "flowgate: the dispatcher stays a dispatcher (under 100 lines)" {
	run wc -l <"$ROOT/bin/flowgate"
	assert [ "$output" -lt 100 ]
}

@test "flowgate: with no command, one usage line on stderr and exit 2" {
	run --separate-stderr flowgate
	assert_failure 2
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "flowgate: usage: flowgate [--config PATH] [--format text|json] COMMAND [ARGS] (see flowgate --help)"
}

@test "flowgate: an unknown command is exit 2, one line" {
	run --separate-stderr flowgate frob
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "flowgate: unknown command 'frob' (see flowgate --help)"
}

@test "flowgate: a command name cannot reach outside libexec or the sourced setup" {
	for name in ../../bin/fg-config sh-setup Profile 'a b' -x '' 'pro
file'; do
		run --separate-stderr flowgate "$name"
		assert_failure 2
		assert_equal "${#stderr_lines[@]}" 1
		assert_output ""
	done
}

@test "flowgate: a command name with a newline is quoted on one line" {
	run --separate-stderr flowgate 'pro
file'
	assert_failure 2
	assert_equal "$stderr" "flowgate: unknown command 'pro?file' (see flowgate --help)"
}

@test "flowgate: an unknown global option is exit 2, one line" {
	run --separate-stderr flowgate --frob status
	assert_failure 2
	assert_equal "$stderr" "flowgate: unknown option '--frob' (see flowgate --help)"
	run --separate-stderr flowgate --format
	assert_failure 2
	assert_equal "$stderr" "flowgate: --format needs text or json"
	run --separate-stderr flowgate --format yaml status
	assert_failure 2
	assert_equal "$stderr" "flowgate: --format must be text or json, not 'yaml'"
}

@test "flowgate: --version prints the version" {
	run flowgate --version
	assert_success
	assert_output --regexp '^flowgate [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "flowgate --help: lists every command with the summary from its script" {
	run flowgate --help
	assert_success
	assert_line --index 0 "usage: flowgate [--config PATH] [--format text|json] COMMAND [ARGS]"
	local n=0 c summary
	while read -r c; do
		summary=$(sed -n 's/^# Summary: //p' "$ROOT/libexec/flowgate/flowgate-$c")
		assert [ -n "$summary" ]
		assert_line --regexp "^  $c +$summary\$"
		n=$((n + 1))
	done < <(commands)
	assert [ "$n" -ge 5 ]
	refute_output --partial sh-setup
}

@test "flowgate help COMMAND shows the header's help only: no shellcheck directive, no code" {
	local c
	while read -r c; do
		run flowgate help "$c"
		assert_success
		refute_output --partial shellcheck
		refute_output --partial 'flowgate-sh-setup'
		refute_line --regexp '^\. '
	done < <(commands)
}

@test "flowgate help COMMAND and COMMAND --help print the same usage, from the header" {
	local c
	while read -r c; do
		run flowgate help "$c"
		assert_success
		assert_line --index 0 --regexp "^usage: flowgate $c"
		help=$output
		run flowgate "$c" --help
		assert_success
		assert_equal "$output" "$help"
	done < <(commands)
	run flowgate help profile
	assert_line --index 0 "usage: flowgate profile list"
	assert_line --index 1 "       flowgate profile set NAME"
}

@test "flowgate help: --help anywhere in a command's arguments prints its help" {
	run flowgate service stop --help
	assert_success
	assert_line --index 0 --regexp '^usage: flowgate service start'
	run flowgate profile set --help
	assert_success
	assert_line --index 0 "usage: flowgate profile list"
	run flowgate health --timeout 1 --help
	assert_success
	assert_line --index 0 "usage: flowgate health [--timeout S]"
}

@test "flowgate help: an unknown command is exit 2, one line" {
	run --separate-stderr flowgate help frob
	assert_failure 2
	assert_equal "$stderr" "flowgate: help: unknown command (see flowgate --help)"
}

@test "flowgate: README's command table holds every usage line of every script" {
	# The usage block is the help's lines up to the first empty one; a
	# row's text is searched for in the README read once (a line of it holds
	# the row, or the text holds no newline), with builtins, not a sed and a
	# grep per line.
	local c line readme
	readme=$(<"$ROOT/README.md")
	while read -r c; do
		while IFS= read -r line && [ -n "$line" ]; do
			line=${line#usage: }
			if [[ $line =~ ^\ *flowgate\  ]]; then
				line=${line#"${BASH_REMATCH[0]}"}
			fi
			[[ $readme == *"| \`${line//|/\\|}\` |"* ]] ||
				fail "README.md has no row for: $line"
		done < <(flowgate help "$c")
	done < <(commands)
}

@test "flowgate: --config and --format reach the command as FLOWGATE_CONFIG and FLOWGATE_FORMAT" {
	mv config/flowgate.yaml config/other.yaml
	run flowgate --config config/other.yaml --format json profile list
	assert_success
	assert_equal "$(jq -c . <<<"$output")" '{"profiles":["balanced","cost","reliability"]}'
	run flowgate --config=config/other.yaml --format=text profile list
	assert_line balanced
	FLOWGATE_CONFIG=config/other.yaml FLOWGATE_FORMAT=json run flowgate profile list
	assert_equal "$(jq -r '.profiles[0]' <<<"$output")" balanced
}

@test "flowgate: runs through a symlink, and its commands run on their own" {
	mkdir -p "$BATS_TEST_TMPDIR/links"
	ln -s "$ROOT/bin/flowgate" "$BATS_TEST_TMPDIR/links/fg"
	PATH=/usr/bin:/bin run "$BATS_TEST_TMPDIR/links/fg" profile list
	assert_success
	assert_line cost
	PATH=/usr/bin:/bin run "$ROOT/libexec/flowgate/flowgate-profile" list
	assert_success
	assert_line cost
}

@test "flowgate: runs under dash as well as bash" {
	run dash "$ROOT/bin/flowgate" profile set balanced
	assert_success
	assert_line profile=balanced
	run bash "$ROOT/bin/flowgate" status
	assert_success
	assert_line current_profile=balanced
}

@test "flowgate: every command's --format json is one document jq parses" {
	load helpers/server
	load helpers/spawn
	make_service_project
	local cmd
	for cmd in "profile list" "profile set balanced" status health "service start --wait all" \
		"service restart litellm" health "service stop all" "help"; do
		[ "$cmd" != help ] || continue
		# shellcheck disable=SC2086 # the command's words
		run --separate-stderr flowgate --format json $cmd
		# One jq: how many documents, and the first one's type.
		assert_equal "$(jq -sr '"\(length) \(.[0] | type)"' <<<"$output")" "1 object" || fail "$cmd"
	done
	cleanup_spawned
}
