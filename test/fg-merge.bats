#!/usr/bin/env bats
# fg-merge: profile overlays and plain documents, deep-merged left to right.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines
# shellcheck disable=SC2016 # sh -c programs are single-quoted on purpose

setup_file() {
	load helpers/failalloc
	build_failalloc
}

setup() {
	load helpers/common
	load helpers/failalloc
	load helpers/oneline
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

# random_pairs DIR N: for each SEED from 1 to N, a base and an overlay
# (DIR/aSEED.json, DIR/bSEED.json) of up to 40 keys a level, three levels
# deep; the overlay takes some of the base's keys (in the base's order or
# shuffled), replaces objects by scalars and back, and adds keys of its own.
# One awk writes them all; srand(SEED) before each pair makes it the pair a
# fresh awk seeded with SEED would write.
random_pairs() {
	awk -v dir="$1" -v n="$2" '
	function val(d,   r) {
		r = rand()
		if (d < 3 && r < 0.3) return obj(d + 1, int(rand() * 40))
		if (r < 0.6) return int(rand() * 1000)
		if (r < 0.8) return "\"s" int(rand() * 99) "\""
		return (r < 0.9) ? "[1,2]" : "null"
	}
	function obj(d, n,   i, t) {
		t = "{"
		for (i = 0; i < n; i++) t = t (i ? "," : "") "\"k" i "\":" val(d)
		return t "}"
	}
	# An overlay of a base object of n keys: a subset, maybe shuffled, plus new keys.
	function over(d, n,   i, j, k, m, keys, t, tmp) {
		m = 0
		for (i = 0; i < n; i++) if (rand() < 0.5) keys[m++] = "k" i
		if (rand() < 0.5) for (i = m - 1; i > 0; i--) { j = int(rand() * (i + 1)); tmp = keys[i]; keys[i] = keys[j]; keys[j] = tmp }
		for (i = 0; i < 3; i++) if (rand() < 0.5) keys[m++] = "new" i
		t = "{"
		for (i = 0; i < m; i++) t = t (i ? "," : "") "\"" keys[i] "\":" (d < 3 && rand() < 0.4 ? over(d + 1, 40) : val(d))
		return t "}"
	}
	BEGIN {
		for (seed = 1; seed <= n; seed++) {
			srand(seed)
			print obj(0, 40) >(dir "/a" seed ".json")
			print over(0, 40) >(dir "/b" seed ".json")
			close(dir "/a" seed ".json")
			close(dir "/b" seed ".json")
		}
	}'
}

@test "fg-merge: random objects merge as jq's * does, key order and all" {
	local dir=$BATS_TEST_TMPDIR seed got
	local -a pairs=() want
	random_pairs "$dir" 40
	for seed in {1..40}; do
		pairs+=("$dir/a$seed.json" "$dir/b$seed.json")
	done
	# jq's merge of each pair, a line each, from one jq (not one per pair).
	jq -cn 'range(40) | input as $a | input as $b | $a * $b' "${pairs[@]}" >"$dir/want"
	mapfile -t want <"$dir/want"
	assert_equal "${#want[@]}" 40
	# fg-merge's stdout and stderr, as run would take them, read back by
	# $(<file), which does not fork.
	for seed in {1..40}; do
		fg-merge -c "$dir/a$seed.json" "$dir/b$seed.json" >"$dir/got" 2>&1 ||
			fail "seed $seed: fg-merge exited $?: $(<"$dir/got")"
		got=$(<"$dir/got")
		assert_equal "$got" "${want[seed - 1]}"
	done
}

@test "fg-merge: 100k keys merge correctly (hash lookups, not scans)" {
	# {"k0": 1, ... "k99999": 1} and {"k0": 2, "k2": 2, ... "k199998": 2},
	# byte for byte as jq's from_entries prints them, from awk at a 50th of
	# jq's CPU.
	awk 'BEGIN { printf "{"; for (i = 0; i < 100000; i++) printf "%s\n  \"k%d\": 1", i ? "," : "", i; print "\n}" }' >"$BATS_TEST_TMPDIR/a.json"
	awk 'BEGIN { printf "{"; for (i = 0; i < 200000; i += 2) printf "%s\n  \"k%d\": 2", i ? "," : "", i; print "\n}" }' >"$BATS_TEST_TMPDIR/b.json"
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

@test "fg-merge: empty input is an error, and -o FILE is left as it was" {
	run --separate-stderr fg-merge balanced </dev/null
	assert_error 2 "fg-merge: <stdin>: empty input"
	a=$(tmpfile a.json <<<'{"x": 1}')
	b=$(tmpfile b.yaml <<<'# only a comment')
	echo old >"$BATS_TEST_TMPDIR/out.json"
	run --separate-stderr fg-merge -o "$BATS_TEST_TMPDIR/out.json" "$a" "$b"
	assert_error 2 "fg-merge: $b: empty input"
	run --separate-stderr fg-merge -o "$BATS_TEST_TMPDIR/out.json" - "$a" <<<'   '
	assert_error 2 "fg-merge: <stdin>: empty input"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out.json")" old
}

@test "fg-merge: a FIFO nobody writes to, or a stdin that stays silent, times out (FG_READ_TIMEOUT)" {
	a=$(tmpfile a.json <<<'{"x": 1}')
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	FG_READ_TIMEOUT=0.5 run --separate-stderr fg-merge "$a" "$BATS_TEST_TMPDIR/fifo"
	assert_error 1 "fg-merge: $BATS_TEST_TMPDIR/fifo: no input within 0.5 s"
	# A writer that holds the FIFO open and says nothing: the read is bounded too.
	exec 5<>"$BATS_TEST_TMPDIR/fifo"
	FG_READ_TIMEOUT=0.3 run --separate-stderr fg-merge -c - <"$BATS_TEST_TMPDIR/fifo"
	exec 5>&-
	assert_error 1 "fg-merge: <stdin>: no input within 0.3 s"
}

@test "fg-merge: a regular file has no read deadline, and one over the limit is refused from its size" {
	# 24 MiB of JSON takes longer than 1 ms to read on any machine: the
	# deadline is for pipes and FIFOs that stay silent, never for a file.
	big=$BATS_TEST_TMPDIR/big.json
	{ printf '{"a": "'; head -c $((24 << 20)) /dev/zero | tr '\0' x; printf '"}'; } >"$big"
	# Its output goes to a file: bats reading 24 MiB into $output cost more
	# CPU than all the rest of the test.
	FG_READ_TIMEOUT=0.001 run --separate-stderr sh -c 'exec fg-merge -c "$1" >"$2"' _ "$big" "$big.out"
	assert_success
	assert_equal "$(stat -c %s "$big.out")" $(((24 << 20) + 9))
	truncate -s 65M "$BATS_TEST_TMPDIR/sparse.json"
	FG_READ_TIMEOUT=0.001 run --separate-stderr fg-merge -c "$BATS_TEST_TMPDIR/sparse.json"
	assert_error 2 "fg-merge: $BATS_TEST_TMPDIR/sparse.json: input larger than 67108864 bytes"
}

@test "fg-merge: pipes and process substitution are read as they come" {
	run fg-merge -c <(echo 'a: 1') - <<<'b: 2'
	assert_success
	assert_output '{"a":1,"b":2}'
	run sh -c '{ sleep 0.2; echo "{\"a\": 1}"; } | FG_READ_TIMEOUT=10 fg-merge -c -'
	assert_success
	assert_output '{"a":1}'
}

@test "fg-merge: FG_READ_TIMEOUT must be a positive number of seconds" {
	for v in x 0 -1 1e9 nan; do
		FG_READ_TIMEOUT=$v run --separate-stderr fg-merge -c - <<<'a: 1'
		assert_error 2 "fg-merge: FG_READ_TIMEOUT: '$v' is not a number of seconds above 0 and at most 86400"
	done
}

@test "fg-merge: names with newlines are escaped, so every error is one line" {
	cfg=$(min_config)
	fg-config -c "$cfg" >"$BATS_TEST_TMPDIR/n.json"
	run --separate-stderr fg-merge -p $'a\nb' "$BATS_TEST_TMPDIR/n.json"
	assert_error 2 "fg-merge: profiles: unknown profile 'a\\nb' (available: balanced)"
	mkdir "$BATS_TEST_TMPDIR/new"$'\n'"line"
	f=$BATS_TEST_TMPDIR/new$'\n'line/x.json
	printf '{"a": [' >"$f"
	run --separate-stderr fg-merge "$f"
	assert_error_match 2 "^fg-merge: $BATS_TEST_TMPDIR/new\\\\nline/x.json:[0-9]+:[0-9]+: "
	run --separate-stderr fg-merge "$f.missing"
	assert_error 2 "fg-merge: $BATS_TEST_TMPDIR/new\\nline/x.json.missing: No such file or directory"
	run --separate-stderr fg-merge $'--bo\ngus' "$f"
	assert_error 2 "fg-merge: unknown option --bo\\ngus (see fg-merge --help)"
}

@test "fg-merge: -- ends the options: a profile or a file whose name starts with '-'" {
	cfg=$(min_config)
	fg-config -c "$cfg" | jq -c '.profiles["-o"] = {"x": 1}' >"$BATS_TEST_TMPDIR/n.json"
	run fg-merge -c -- -o <"$BATS_TEST_TMPDIR/n.json"
	assert_success
	assert_equal "$(jq -c '[.x, ._meta.profile]' <<<"$output")" '[1,"-o"]'
	cd "$BATS_TEST_TMPDIR"
	echo '{"a": 1}' >-x.json
	run fg-merge -c -- -x.json
	assert_success
	assert_output '{"a":1}'
	run --separate-stderr fg-merge -o <"$BATS_TEST_TMPDIR/n.json"
	assert_error 2 "fg-merge: option -o needs a value"
}

# A config of N models in block YAML, as bench/gen_config.sh writes it.
models_config() {
	awk -v n="$1" 'BEGIN {
		print "paths: {runtime_dir: rt, active_config: rt/a.yaml, state_file: rt/s.json, log_file: rt/l.log}"
		print "services:\n  litellm:\n    command:\n      args: [litellm]\n  cliproxyapi_plus:\n    command:\n      args: [cliproxy]"
		print "credentials:\n  upstream:\n    bench:\n      file: key"
		print "litellm_base:\n  model_list:"
		for (i = 0; i < n; i++) {
			printf "    - model_name: model-%d\n      litellm_params:\n", i
			printf "        model: openai/upstream-%d\n        api_base: http://127.0.0.1:%d/v1\n", i, 8000 + i % 1000
			printf "        api_key_ref: bench\n        rpm: %d\n      model_info:\n        id: id-%d\n        tier: fast\n", 100 + i % 50, i
		}
		print "profiles:\n  balanced:\n    litellm_settings: {num_retries: 2}"
	}'
}

@test "fg-merge: the pretty JSON of a config near fg-config's 64 MiB limit passes fg-merge and fg-resolve" {
	local dir=$BATS_TEST_TMPDIR size pretty
	models_config 280000 >"$dir/big.yaml"
	printf 'sk-big\n' >"$dir/key"
	chmod 600 "$dir/key"
	size=$(stat -c %s "$dir/big.yaml")
	# Within 5% of the limit, and its pretty JSON past the 64 MiB that
	# fg-merge read before: what the limit of JSON is for.
	assert [ "$size" -le $((64 << 20)) ]
	assert [ "$size" -ge $((61 << 20)) ]
	run sh -c 'fg-config "$1" >"$2/pretty.json" && fg-merge balanced <"$2/pretty.json" >"$2/merged.json" && fg-resolve --yaml <"$2/merged.json" >"$2/out.yaml"' _ "$dir/big.yaml" "$dir"
	assert_success
	pretty=$(stat -c %s "$dir/pretty.json")
	assert [ "$pretty" -gt $((64 << 20)) ]
	assert [ "$pretty" -le $((256 << 20)) ]
	assert [ "$(stat -c %s "$dir/merged.json")" -gt $((64 << 20)) ]
	run grep -c '^- model_name: ' "$dir/out.yaml"
	assert_output 280000
	run grep -c '^    api_key: sk-big$' "$dir/out.yaml"
	assert_output 280000
	run tail -n 2 "$dir/out.yaml"
	assert_line 'litellm_settings:'
}

@test "fg-merge: JSON over 256 MiB and YAML over 64 MiB are refused, whatever comes after" {
	# The long runs of a and b: a MiB of each, made once, and cat given it
	# 257 or 65 times ({,,,} is four of the same word), not tr on every byte.
	local a=$BATS_TEST_TMPDIR/a1m b=$BATS_TEST_TMPDIR/b1m
	head -c $((1 << 20)) /dev/zero | tr '\0' a >"$a"
	head -c $((1 << 20)) /dev/zero | tr '\0' b >"$b"
	run --separate-stderr sh -c '{ printf "[\""; cat "$@"; printf "\"]"; } | fg-merge -c -' _ "$a"{,,,}{,,,}{,,,}{,,,} "$a"
	assert_failure 2
	assert_equal "$stderr" "fg-merge: <stdin>: input larger than 268435456 bytes"
	assert_output ''
	run --separate-stderr sh -c '{ printf "a: "; cat "$@"; } | fg-merge -c -' _ "$b"{,,,}{,,,}{,,,} "$b"
	assert_failure 2
	assert_equal "$stderr" "fg-merge: <stdin>: input larger than 67108864 bytes"
	# A flow mapping that is not JSON goes to the YAML reader, within its limit.
	run --separate-stderr sh -c '{ printf "{\"a\": \""; cat "$@"; printf "\", b: 1}"; } | fg-merge -c -' _ "$b"{,,,}{,,,}{,,,} "$b"
	assert_failure 2
	assert_equal "$stderr" "fg-merge: <stdin>:1:$((65 * 1048576 + 11)): not JSON, and larger than the 67108864 bytes YAML may have"
}

@test "fg-merge: JSON is read as it arrives: split anywhere, it loads the same" {
	local doc='{"a": [1, -2.5e-3, true, null, "x\u00e9\"y"], "bé": {"c": "http://h:1/v1", "d": {}}, "e": []}' want at
	want=$(fg-merge -c - <<<"$doc")
	assert_equal "$want" '{"a":[1,-0.0025,true,null,"xé\"y"],"bé":{"c":"http://h:1/v1","d":{}},"e":[]}'
	for at in 1 3 7 12 20 33 41 47 52 60 75 90; do
		run sh -c '{ printf "%s" "$1" | head -c "$2"; sleep 0.05; printf "%s\n" "$1" | tail -c +"$(($2 + 1))"; } | fg-merge -c -' _ "$doc" "$at"
		assert_success
		assert_output "$want"
	done
}

@test "fg-merge: a merged document whose JSON would pass 256 MiB is refused before anything is printed" {
	# 64 nested lists around 2.2 million numbers: 4 MiB of JSON, compact, and
	# about 280 MiB pretty, where each number has a line of its own.
	awk 'BEGIN { for (i = 0; i < 63; i++) printf "["; for (i = 0; i < 2200000; i++) printf "%s1", i ? "," : ""; for (i = 0; i < 63; i++) printf "]"; print "" }' >"$BATS_TEST_TMPDIR/deep.json"
	run --separate-stderr fg-merge "$BATS_TEST_TMPDIR/deep.json"
	assert_failure 2
	assert_output ''
	[[ $stderr =~ ^"fg-merge: the merged document: its JSON would be "([0-9]+)" bytes, more than the 268435456 the next stage reads"$ ]]
	assert [ "${BASH_REMATCH[1]}" -gt $((256 << 20)) ]
	run --separate-stderr sh -c 'fg-merge -c "$1" | wc -c' _ "$BATS_TEST_TMPDIR/deep.json"
	assert_success
	assert_output $((2 * 2200000 - 1 + 126 + 1))
}
