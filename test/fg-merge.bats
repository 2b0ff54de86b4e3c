#!/usr/bin/env bats
# fg-merge: profile overlays and plain documents, deep-merged left to right.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

setup_file() {
	load helpers/failalloc
	build_failalloc
}

setup() {
	load helpers/common
	load helpers/failalloc
}

@test "fg-merge: a profile overlay deep-merges over litellm_base" {
	make_project
	run sh -c 'fg-config config/flowgate.yaml | fg-merge -c balanced'
	assert_success
	run jq -c '[.litellm_settings.num_retries, .litellm_settings.request_timeout, .litellm_settings.cooldown_time, .router_settings.routing_strategy, (.model_list | length)]' <<<"$output"
	assert_output '[2,30,30,"simple-shuffle",2]'
}

@test "fg-merge: _meta carries the profile, the config path and the credential map" {
	make_project
	run sh -c 'fg-config config/flowgate.yaml | fg-merge -c cost'
	assert_success
	run jq -c '._meta | [.profile, .config_path, .credentials.cliproxy_default]' <<<"$output"
	assert_output "[\"cost\",\"$PROJ/config/flowgate.yaml\",\"$PROJ/.router/secrets/upstream_cliproxyapi_api_key\"]"
}

@test "fg-merge: an unknown profile is exit 2 listing the available ones" {
	make_project
	run --separate-stderr sh -c 'fg-config config/flowgate.yaml | fg-merge nope'
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "fg-merge: profiles: unknown profile 'nope' (available: reliability, balanced, cost)"
}

@test "fg-merge: -p NAME reads the normalized config from a file" {
	make_project
	fg-config config/flowgate.yaml >"$BATS_TEST_TMPDIR/n.json"
	run fg-merge -c -p reliability "$BATS_TEST_TMPDIR/n.json"
	assert_success
	assert_equal "$(jq .litellm_settings.num_retries <<<"$output")" 3
}

@test "fg-merge: input that is not a normalized config is a clear error" {
	run fg-merge balanced <<<'{"a": 1}'
	assert_failure 2
	assert_output --partial "not a normalized config"
}

@test "fg-merge: objects merge recursively, keeping the base's key order" {
	a=$(tmpfile a.json <<<'{"x": {"a": 1, "b": {"c": 1, "d": 2}}, "y": 1}')
	b=$(tmpfile b.yaml <<<'x: {b: {d: 3, e: 4}, z: 0}')
	run fg-merge -c "$a" "$b"
	assert_success
	assert_output '{"x":{"a":1,"b":{"c":1,"d":3,"e":4},"z":0},"y":1}'
}

@test "fg-merge: arrays in the overlay replace the base" {
	a=$(tmpfile a.json <<<'{"l": [1, 2, 3]}')
	b=$(tmpfile b.json <<<'{"l": [9]}')
	run fg-merge -c "$a" "$b"
	assert_output '{"l":[9]}'
}

@test "fg-merge: scalars and null in the overlay replace the base" {
	a=$(tmpfile a.json <<<'{"s": "x", "n": {"deep": 1}, "k": 1}')
	b=$(tmpfile b.json <<<'{"s": 2, "n": null}')
	run fg-merge -c "$a" "$b"
	assert_output '{"s":2,"n":null,"k":1}'
}

@test "fg-merge: three documents merge left to right, - is stdin" {
	a=$(tmpfile a.json <<<'{"v": 1, "a": 1}')
	c=$(tmpfile c.json <<<'{"v": 3}')
	run fg-merge -c "$a" - "$c" <<<'{"v": 2, "b": 2}'
	assert_output '{"v":3,"a":1,"b":2}'
}

@test "fg-merge: input files are never modified" {
	a=$(tmpfile a.json <<<'{"x": {"a": 1}}')
	b=$(tmpfile b.json <<<'{"x": {"b": 2}}')
	before=$(sha256sum "$a" "$b")
	fg-merge "$a" "$b" >/dev/null
	assert_equal "$(sha256sum "$a" "$b")" "$before"
}

@test "fg-merge: 100k keys merge correctly (hash lookups, not scans)" {
	seq 0 99999 | jq -Rn '[inputs | {key: "k\(.)", value: 1}] | from_entries' >"$BATS_TEST_TMPDIR/a.json"
	seq 0 2 199999 | jq -Rn '[inputs | {key: "k\(.)", value: 2}] | from_entries' >"$BATS_TEST_TMPDIR/b.json"
	run fg-merge -c "$BATS_TEST_TMPDIR/a.json" "$BATS_TEST_TMPDIR/b.json"
	assert_success
	run jq -c '[length, .k0, .k1, .k99998, .k199998]' <<<"$output"
	assert_output '[150000,2,1,2,2]'
}

@test "fg-merge: a broken overlay names the file and position" {
	a=$(tmpfile a.json <<<'{"x": 1}')
	b=$(tmpfile b.yaml <<<'x: [1,')
	run fg-merge "$a" "$b"
	assert_failure 2
	assert_output --regexp "^fg-merge: $b:[0-9]+:[0-9]+: "
}

@test "fg-merge: -o writes atomically with mode 0600, --mode overrides" {
	a=$(tmpfile a.json <<<'{"x": 1}')
	fg-merge -o "$BATS_TEST_TMPDIR/o1.json" "$a"
	fg-merge -o "$BATS_TEST_TMPDIR/o2.json" --mode 0640 "$a"
	assert_equal "$(file_mode "$BATS_TEST_TMPDIR/o1.json")" 600
	assert_equal "$(file_mode "$BATS_TEST_TMPDIR/o2.json")" 640
	assert_equal "$(jq -c . "$BATS_TEST_TMPDIR/o1.json")" '{"x":1}'
}

@test "fg-merge: no arguments is a usage error in one line, not the whole help" {
	run --separate-stderr fg-merge
	assert_failure 2
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "fg-merge: give a profile NAME or FILEs to merge (see fg-merge --help)"
}

@test "fg-merge: a bad option is exit 2 with one stderr line naming it" {
	run --separate-stderr fg-merge --profile
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "fg-merge: option --profile needs a value"
	run --separate-stderr fg-merge --bogus balanced
	assert_failure 2
	assert_equal "$stderr" "fg-merge: unknown option --bogus (see fg-merge --help)"
}

@test "fg-merge: --help and --version" {
	run fg-merge --help
	assert_success
	assert_output --partial "usage: fg-merge"
	run fg-merge --version
	assert_output --regexp '^fg-merge [0-9.]+$'
}

@test "fg-merge: every allocation failure is reported in one line, nothing on stdout" {
	a=$(tmpfile a.yaml <<<'{x: &d {a: 1, b: [1, 2]}, y: *d, z: {<<: *d, c: 3}, &k k: 1, v: *k}')
	b=$(tmpfile b.json <<<'{"x": {"b": null, "e": "s"}, "w": [1]}')
	run every_alloc_failure_is_reported "$ROOT/bin/fg-merge" -c "$a" "$b"
	assert_success
}
