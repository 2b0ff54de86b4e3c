#!/usr/bin/env bats
# fuzz: every input a fuzz target (make fuzz) once broke, fed to the real
# tools. Builds nothing and needs no clang: the inputs live in
# test/fuzz/regressions/TARGET. Each must end cleanly: exit 0 and a quiet
# stderr, or exit 2 and exactly one line there.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

setup() {
	load helpers/common
	REG=$ROOT/test/fuzz/regressions
	# What the resolve target's harness sets for ${VAR} references.
	export FUZZ_VAR="a value: with 'quotes', # and \"more\"" FUZZ_EMPTY=
}

# Exit 0 with nothing on stderr, or exit 2 with one line on it.
assert_clean_exit() {
	if [ "$status" -eq 0 ]; then
		assert_equal "$stderr" ""
	else
		assert_equal "$status" 2
		assert_equal "${#stderr_lines[@]}" 1
	fi
}

# The regression inputs of a target, one path a line; fails when there are none.
inputs_of() {
	find "$REG/$1" -type f | sort | grep .
}

# Splits a merge input at its first NUL byte into $BATS_TEST_TMPDIR/a and /b.
split_at_nul() {
	head -z -n 1 "$1" | tr -d '\0' >"$BATS_TEST_TMPDIR/a"
	tail -z -n +2 "$1" >"$BATS_TEST_TMPDIR/b"
}

@test "fuzz: yaml_json regressions load cleanly, and JSON printed reads back the same" {
	local f n=0
	for f in $(inputs_of yaml_json); do
		echo "input: $f"
		run --separate-stderr fg-merge -c "$f"
		assert_clean_exit
		if [ "$status" -eq 0 ] && [[ $output == [\{\[]* ]]; then
			printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/once.json"
			run --separate-stderr fg-merge -c "$BATS_TEST_TMPDIR/once.json"
			assert_success
			assert_output "$(<"$BATS_TEST_TMPDIR/once.json")"
		fi
		n=$((n + 1))
	done
	assert [ "$n" -gt 0 ]
}

@test "fuzz: config regressions go through fg-config and fg-config --sh cleanly" {
	local f n=0
	for f in $(inputs_of config); do
		echo "input: $f"
		run --separate-stderr fg-config -c "$f"
		assert_clean_exit
		run --separate-stderr fg-config --sh "$f"
		assert_clean_exit
		n=$((n + 1))
	done
	assert [ "$n" -gt 0 ]
}

@test "fuzz: toml regressions: fg-client apply takes or refuses each (one line), and revert gives it back byte for byte" {
	load helpers/client
	client_project 4000
	local f n=0 t=$BATS_TEST_TMPDIR/config.toml
	for f in $(inputs_of toml); do
		echo "input: $f"
		rm -rf "$BATS_TEST_TMPDIR/rt/integration"
		cp "$f" "$t"
		run --separate-stderr fg-client apply -c --file "$t" codex "$CFGJSON"
		if [ "$status" -ne 0 ]; then
			assert_equal "$status" 1
			assert_equal "${#stderr_lines[@]}" 1
			continue
		fi
		run --separate-stderr fg-client apply -c --file "$t" codex "$CFGJSON"
		assert_equal "$(jq -r .result <<<"$output")" unchanged
		run --separate-stderr fg-client revert -c --file "$t" codex "$CFGJSON"
		assert_success
		run cmp "$t" "$f"
		assert_success
		n=$((n + 1))
	done
	assert [ "$n" -gt 0 ]
}

@test "fuzz: merge regressions, split at the first NUL, merge cleanly with fg-merge" {
	local f n=0
	for f in $(inputs_of merge); do
		echo "input: $f"
		split_at_nul "$f"
		run --separate-stderr fg-merge -c "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
		assert_clean_exit
		n=$((n + 1))
	done
	assert [ "$n" -gt 0 ]
}

@test "fuzz: resolve regressions resolve cleanly, and --yaml reads back as the JSON" {
	local f n=0
	for f in $(inputs_of resolve); do
		echo "input: $f"
		run --separate-stderr fg-resolve -c "$f"
		assert_clean_exit
		printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out.json"
		run --separate-stderr fg-resolve --yaml -o "$BATS_TEST_TMPDIR/out.yaml" "$f"
		assert_clean_exit
		if [ "$status" -eq 0 ]; then
			run --separate-stderr fg-merge -c "$BATS_TEST_TMPDIR/out.yaml"
			assert_success
			assert_output "$(<"$BATS_TEST_TMPDIR/out.json")"
		fi
		n=$((n + 1))
	done
	assert [ "$n" -gt 0 ]
}

@test "fuzz: a newline in a key or a scalar is escaped in the error, which stays one line" {
	run --separate-stderr fg-config "$REG/config/control-char-in-key-error"
	assert_failure 2
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "fg-config: $REG/config/control-char-in-key-error: pas:\n  runtime_dir: rt\n  active_config: rt/active.yaml\n  state_file: rt/state.json\n  log_file:ths is not a known top-level key"
	run --separate-stderr fg-merge - <<<$'a: !!int "1\\n2\\t3\\x01"'
	assert_failure 2
	assert_equal "$stderr" "fg-merge: <stdin>:1:4: '1\n2\t3\x01' does not match its tag"
}

@test "fuzz: a JSON number beyond a double's range is an error, not null" {
	run --separate-stderr fg-merge -c "$REG/yaml_json/json-number-out-of-range"
	assert_failure 2
	assert_equal "$stderr" "fg-merge: $REG/yaml_json/json-number-out-of-range: a number out of range has no JSON representation"
	run --separate-stderr fg-merge -c - <<<'{"a": {"b": [1, -1e400]}}'
	assert_failure 2
	assert_equal "$stderr" "fg-merge: <stdin>: a number out of range has no JSON representation"
	run fg-merge -c - <<<'{"a": [1e308, -2.5e-300]}'
	assert_success
	assert_output '{"a":[1e+308,-2.5e-300]}'
}

@test "fuzz: fg-resolve --yaml refuses a string that is not UTF-8 as bad input, not out of memory" {
	local f
	for f in invalid-utf8-key-yaml surrogate-in-string-yaml; do
		# The loader refuses JSON that is not UTF-8 now, as it does YAML.
		run --separate-stderr fg-resolve --yaml "$REG/resolve/$f"
		assert_failure 2
		assert_output ""
		assert_equal "${#stderr_lines[@]}" 1
		assert_regex "$stderr" "^fg-resolve: $REG/resolve/$f: byte [0-9]+: "
	done
	# What still reaches the YAML writer unchecked: a variable's value.
	# shellcheck disable=SC2016 # the ${...} is for fg-resolve, not for sh
	FG_NOT_UTF8=$'a\xffb' run --separate-stderr fg-resolve --yaml - <<<'{"a": "${FG_NOT_UTF8}"}'
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "fg-resolve: yaml: a string or key is not UTF-8, which YAML cannot hold"
	fg-resolve --yaml - <<<$'{"b": "\\u00e9 \xf0\x9f\x98\x80"}' >"$BATS_TEST_TMPDIR/u.yaml"
	run fg-merge -c "$BATS_TEST_TMPDIR/u.yaml"
	assert_success
	assert_output $'{"b":"\xc3\xa9 \xf0\x9f\x98\x80"}'
}

@test "fuzz: a plain float longer than the typing buffer is a string, and no byte past the buffer is written" {
	run --separate-stderr fg-merge -c "$REG/yaml_json/long-float-exponent-overflow"
	assert_success
	assert_output "{\"a\":\"$(printf '2%.0s' $(seq 126)).e+31\"}"
	run fg-merge -c - <<<"a: $(printf '2%.0s' $(seq 120))1.0e+31"
	assert_success
	assert_output '{"a":2.2222222222222223e+151}'
}

@test "fuzz: a decimal integer past 2^53 reads as the same double in YAML as in JSON" {
	run fg-merge -c - <<<'{"a": 24691357802469134, "b": 12345678901234567890123}'
	assert_success
	assert_output '{"a":24691357802469136,"b":1.2345678901234568e+22}'
	run fg-merge -c - <<<$'a: 24691357802469134\nb: 12_345_678_901_234_567_890_123'
	assert_success
	assert_output '{"a":24691357802469136,"b":1.2345678901234568e+22}'
}

@test "fuzz: an escaped backslash before u0000 keeps JSON on the JSON path, typed as JSON" {
	run fg-merge -c - <<<'{"a": "\\u0000", "b": 1e+31}'
	assert_success
	assert_output '{"a":"\\u0000","b":1e+31}'
	run fg-merge -c "$REG/yaml_json/escaped-backslash-before-u0000"
	assert_success
	assert_output --partial '"a":1e+31'
	refute_output --partial '"a":"1e+31"'
}
