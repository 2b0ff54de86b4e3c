#!/usr/bin/env bats
# fg-resolve: credential references, ${VAR}, YAML output, and secret hygiene.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

setup_file() {
	load helpers/failalloc
	build_failalloc
}

setup() {
	load helpers/common
	load helpers/failalloc
	load helpers/oneline
	make_project
}

# Builds the property check test/props/NAME.c in bin/'s variant (a sanitized
# bin/ gets a sanitized check) and prints its path.
build_prop() {
	local variant
	variant=$(cat "$ROOT/build/variant")
	tree_make "build/$variant/props/$1" >&2
	printf '%s\n' "$ROOT/build/$variant/props/$1"
}

# The balanced profile merged; a failure anywhere in the pipe fails it.
merged() (
	set -o pipefail
	fg-config config/flowgate.yaml | fg-merge balanced
)

# Runs the pipeline, capturing stdout, stderr and the exit code separately.
resolve_pipeline() {
	merged >"$BATS_TEST_TMPDIR/merged.json"
	run --separate-stderr fg-resolve "$@" "$BATS_TEST_TMPDIR/merged.json"
}

@test "fg-resolve: api_key_ref becomes api_key with the file's content, stripped" {
	printf '  %s \n\n' "$SECRET" >.router/secrets/upstream_cliproxyapi_api_key
	resolve_pipeline -c
	assert_success
	run jq -c '.model_list[0].litellm_params | [.api_key, has("api_key_ref")]' <<<"$output"
	assert_output "[\"$SECRET\",false]"
}

@test "fg-resolve: api_key keeps the place api_key_ref had" {
	resolve_pipeline -c
	assert_equal "$(jq -c '.model_list[0].litellm_params | keys_unsorted' <<<"$output")" '["model","api_base","api_key"]'
}

# shellcheck disable=SC2016 # the ${...} are for fg-resolve, not for sh
@test "fg-resolve: an api_key beside api_key_ref, before or after it, is replaced unread" {
	key=$BATS_TEST_TMPDIR/key
	printf 'sk-file\n' >"$key"
	chmod 600 "$key"
	for doc in '{"p": {"api_key": "${FG_UNSET_VAR}", "model": "m", "api_key_ref": "c", "n": "${FG_T}"}}' \
		'{"p": {"model": "m", "api_key_ref": "c", "api_key": "${FG_UNSET_VAR}", "n": "${FG_T}"}}'; do
		run --separate-stderr env FG_T=v1 fg-resolve -c --cred "c=$key" <<<"$doc"
		assert_success
		assert_output '{"p":{"model":"m","api_key":"sk-file","n":"v1"}}'
	done
	# Alone, the same api_key is read, and fails.
	run --separate-stderr fg-resolve -c <<<'{"p": {"model": "m", "api_key": "${FG_UNSET_VAR}"}}'
	assert_failure 2
	assert_equal "$stderr" "fg-resolve: p.api_key: environment variable FG_UNSET_VAR is not set"
}

@test "fg-resolve: os.environ/VAR is left for LiteLLM" {
	resolve_pipeline -c
	assert_equal "$(jq -r '.model_list[1].litellm_params.api_key' <<<"$output")" "os.environ/CUSTOM_API_KEY"
}

@test "fg-resolve: _meta is stripped from the output" {
	resolve_pipeline -c
	assert_equal "$(jq 'has("_meta")' <<<"$output")" false
}

# shellcheck disable=SC2016 # the ${...} are for fg-resolve, not for sh
@test "fg-resolve: a string that is exactly \${VAR} becomes the variable's value" {
	run sh -c 'echo "{\"a\": \"\${FG_T}\", \"b\": \"x\${FG_T}\", \"c\": [\"\${FG_T}\"]}" | FG_T=v1 fg-resolve -c'
	assert_success
	assert_output '{"a":"v1","b":"x${FG_T}","c":["v1"]}'
}

@test "fg-resolve: an unset variable is exit 2 naming it and the path" {
	# shellcheck disable=SC2016 # the ${...} is for fg-resolve, not for sh
	run --separate-stderr sh -c 'echo "{\"m\": [{\"k\": \"\${FG_UNSET_VAR}\"}]}" | fg-resolve'
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "fg-resolve: m[0].k: environment variable FG_UNSET_VAR is not set"
}

@test "fg-resolve: an unknown reference is exit 2 naming the reference and path" {
	sed -i 's/api_key_ref: cliproxy_default/api_key_ref: nosuch/' config/flowgate.yaml
	resolve_pipeline
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "fg-resolve: model_list[0].litellm_params.api_key_ref: unknown credential reference 'nosuch' (not in credentials.upstream)"
}

@test "fg-resolve: a missing credential file is exit 1 naming the file, not a value" {
	rm .router/secrets/upstream_cliproxyapi_api_key
	resolve_pipeline
	assert_failure 1
	assert_equal "$stderr" "fg-resolve: model_list[0].litellm_params.api_key_ref: credential 'cliproxy_default': $PROJ/.router/secrets/upstream_cliproxyapi_api_key: file not found"
}

@test "fg-resolve: an empty credential file is an error" {
	printf ' \n' >.router/secrets/upstream_cliproxyapi_api_key
	resolve_pipeline
	assert_failure 1
	assert_equal "$stderr" "fg-resolve: model_list[0].litellm_params.api_key_ref: credential 'cliproxy_default': $PROJ/.router/secrets/upstream_cliproxyapi_api_key: file is empty"
}

@test "fg-resolve: a credential file larger than 16 KiB is refused" {
	head -c 20000 /dev/zero | tr '\0' k >.router/secrets/upstream_cliproxyapi_api_key
	resolve_pipeline
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "fg-resolve: model_list[0].litellm_params.api_key_ref: credential 'cliproxy_default': $PROJ/.router/secrets/upstream_cliproxyapi_api_key: input larger than 16384 bytes"
}

@test "fg-resolve: an unreadable credential file is an error without its content" {
	[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null || skip_or_fail "needs root and setpriv to drop privileges"
	chmod 000 .router/secrets/upstream_cliproxyapi_api_key
	merged >"$BATS_TEST_TMPDIR/merged.json"
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups "$ROOT/bin/fg-resolve" <"$BATS_TEST_TMPDIR/merged.json"
	assert_failure 1
	assert_equal "$stderr" "fg-resolve: model_list[0].litellm_params.api_key_ref: credential 'cliproxy_default': $PROJ/.router/secrets/upstream_cliproxyapi_api_key: file unreadable"
	refute [ "$(printf '%s' "$stderr" | grep -c "$SECRET")" -ne 0 ]
}

@test "fg-resolve: a credential file not mode 0600 gets a warning, and still resolves" {
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	resolve_pipeline -c
	assert_success
	assert_equal "$stderr" "fg-resolve: warning: credential 'cliproxy_default': $PROJ/.router/secrets/upstream_cliproxyapi_api_key has mode 0644, expected 0600"
}

@test "fg-resolve: the secret never appears on stderr in any failure" {
	# Wrong reference, unset variable, bad mode, broken input: none may leak it.
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	merged >"$BATS_TEST_TMPDIR/ok.json"
	jq '.model_list[1].litellm_params.api_key = "${FG_NOT_SET}"' "$BATS_TEST_TMPDIR/ok.json" >"$BATS_TEST_TMPDIR/unset.json"
	jq '.model_list[1].litellm_params.api_key_ref = "missing"' "$BATS_TEST_TMPDIR/ok.json" >"$BATS_TEST_TMPDIR/badref.json"
	for input in unset badref ok; do
		fg-resolve "$BATS_TEST_TMPDIR/$input.json" >/dev/null 2>>"$BATS_TEST_TMPDIR/stderr" || :
	done
	printf '{"x": %s' "\"$SECRET\"" | fg-resolve >/dev/null 2>>"$BATS_TEST_TMPDIR/stderr" || :
	[ -s "$BATS_TEST_TMPDIR/stderr" ]
	run grep -c -- "$SECRET" "$BATS_TEST_TMPDIR/stderr"
	assert_output 0
}

@test "fg-resolve: each credential file is read once however often it is referenced" {
	merged >"$BATS_TEST_TMPDIR/merged.json"
	jq '.model_list = [range(0; 500) as $i | .model_list[0] | .model_name = "m\($i)"]' \
		"$BATS_TEST_TMPDIR/merged.json" >"$BATS_TEST_TMPDIR/many.json"
	# LeakSanitizer (make SANITIZE=1) cannot run under strace: it ptraces too.
	run env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -qq -e trace=openat -o "$BATS_TEST_TMPDIR/trace" fg-resolve -c "$BATS_TEST_TMPDIR/many.json"
	assert_success
	assert_equal "$(grep -c upstream_cliproxyapi_api_key "$BATS_TEST_TMPDIR/trace")" 1
	assert_equal "$(jq '[.model_list[].litellm_params.api_key] | unique | length' <<<"$output")" 1
}

# opens_tmpfile CMD...: CMD (stdin from the caller) under strace; true when
# it opened an unnamed temp file (O_TMPFILE), where output is staged.
opens_tmpfile() {
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -qq -e trace=openat -o "$BATS_TEST_TMPDIR/trace" "$@" >"$BATS_TEST_TMPDIR/out" ||
		return 2
	grep -q O_TMPFILE "$BATS_TEST_TMPDIR/trace"
}

@test "fg-resolve --yaml: its own writer streams to stdout; libyaml's, which can fail halfway, is staged" {
	printf '{"a": {"b": [1, "x y", true]}}' >"$BATS_TEST_TMPDIR/plain.json"
	run opens_tmpfile fg-resolve --yaml "$BATS_TEST_TMPDIR/plain.json"
	assert_failure 1
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" "a:
  b:
  - 1
  - x y
  - true"
	# A line break in a string goes to libyaml's emitter: staged, same text
	# as the same tree through libyaml alone.
	printf '{"a": "two\\nlines"}' >"$BATS_TEST_TMPDIR/multi.json"
	run opens_tmpfile fg-resolve --yaml "$BATS_TEST_TMPDIR/multi.json"
	assert_success
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" "$(FG_YAML_EMITTER=libyaml fg-resolve --yaml "$BATS_TEST_TMPDIR/multi.json")"
	# -o FILE is written atomically either way: nothing staged in a temp file.
	run opens_tmpfile fg-resolve --yaml -o "$BATS_TEST_TMPDIR/o.yaml" "$BATS_TEST_TMPDIR/plain.json"
	assert_failure 1
	assert_equal "$(cat "$BATS_TEST_TMPDIR/o.yaml")" "$(fg-resolve --yaml "$BATS_TEST_TMPDIR/plain.json")"
}

@test "fg-resolve: --cred NAME=FILE adds a credential for standalone use" {
	f=$(tmpfile key <<<'k-123')
	chmod 600 "$f"
	run fg-resolve -c --cred "mine=$f" <<<'{"p": {"api_key_ref": "mine"}}'
	assert_success
	assert_output '{"p":{"api_key":"k-123"}}'
}

@test "fg-resolve: --yaml writes block-style YAML that reads back the same" {
	resolve_pipeline --yaml
	assert_success
	assert_line "model_list:"
	assert_line "- model_name: router-default"
	assert_line "    api_key: $SECRET"
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out.yaml"
	fg-resolve -c "$BATS_TEST_TMPDIR/merged.json" >"$BATS_TEST_TMPDIR/out.json"
	assert_equal "$(fg-merge -c "$BATS_TEST_TMPDIR/out.yaml")" "$(cat "$BATS_TEST_TMPDIR/out.json")"
}

@test "fg-resolve: --yaml quotes strings that YAML would read as other types" {
	run fg-resolve --yaml <<<'{"a": "yes", "b": "123", "c": "null", "d": "", "e": "1e5", "f": "2026-01-01", "g": "plain", "yes": 1, "h": 0.000001, "i": true}'
	assert_success
	assert_output 'a: "yes"
b: "123"
c: "null"
d: ""
e: "1e5"
f: "2026-01-01"
g: plain
"yes": 1
h: 1.0e-06
i: true'
}

@test "fg-resolve: --yaml writes what libyaml's emitter writes, byte for byte, on every two tricky pieces joined in every place and 5,000 random trees" {
	local prop
	prop=$(build_prop yaml_writers)
	run "$prop" 5000
	assert_success
	assert_output --regexp '^yaml_writers: [0-9]+ trees \([0-9]+ bytes of YAML\), the same from both: [1-9][0-9]* by the block writer, [1-9][0-9]* by libyaml, [1-9][0-9]* refused as not UTF-8$'
}

@test "fg-resolve: --yaml is the same with FG_YAML_EMITTER=libyaml (the test hook), on the pipeline's output and on strings that need quotes" {
	merged >"$BATS_TEST_TMPDIR/merged.json"
	jq '.model_list[0].litellm_params += {"k": "a: b", "l": " lead", "m": "#x", "n": "x #y", "o": "- z",
		"p": "it'"'"'s", "q": "\t\u0001", "r": "\u00e9\u4e2d", "s": "\ud83d\ude00", "t": "\ufeff", "u": "0755",
		"v": "~", "w": "", "x": [], "y": {}, "z": [[1, [2.5, {"a": []}]], {"b": null}]}' \
		"$BATS_TEST_TMPDIR/merged.json" >"$BATS_TEST_TMPDIR/tricky.json"
	for input in merged tricky; do
		fg-resolve --yaml "$BATS_TEST_TMPDIR/$input.json" >"$BATS_TEST_TMPDIR/block.yaml"
		FG_YAML_EMITTER=libyaml fg-resolve --yaml "$BATS_TEST_TMPDIR/$input.json" >"$BATS_TEST_TMPDIR/libyaml.yaml"
		cmp "$BATS_TEST_TMPDIR/block.yaml" "$BATS_TEST_TMPDIR/libyaml.yaml"
	done
	run fg-merge -c "$BATS_TEST_TMPDIR/block.yaml"
	assert_success
	assert_output "$(fg-resolve -c "$BATS_TEST_TMPDIR/tricky.json")"
}

# Whether fg-resolve --yaml (input on stdin) called into libyaml's emitter:
# glibc's loader reports each symbol the first time a call needs it.
calls_libyaml_emitter() {
	LD_DEBUG=bindings fg-resolve --yaml 2>&1 >/dev/null |
		grep -q "fg-resolve \[0\] to .*normal symbol \`yaml_emitter_initialize'"
}

@test "fg-resolve: --yaml calls libyaml's emitter only for a tree that needs it, or with FG_YAML_EMITTER=libyaml" {
	LD_DEBUG=bindings env true 2>&1 | grep -q binding || skip_platform "no LD_DEBUG=bindings here (not glibc)"
	run calls_libyaml_emitter <<<'{"a": [1, {"b": "c: d"}]}'
	assert_failure
	FG_YAML_EMITTER=libyaml run calls_libyaml_emitter <<<'{"a": [1, {"b": "c: d"}]}'
	assert_success
	run calls_libyaml_emitter <<<'{"a": "two\nlines"}'
	assert_success
}

@test "fg-resolve: --yaml hands a tree with a line break in a string, or a key over 128 bytes, to libyaml" {
	run fg-resolve --yaml <<<'{"a": "line1\nline2", "b": [1, {"c d": " x"}], "e": "it'"'"'s: here"}'
	assert_success
	assert_output "a: 'line1

  line2'
b:
- 1
- c d: ' x'
e: 'it''s: here'"
	run fg-resolve --yaml <<<"{\"$(printf 'k%.0s' $(seq 1 129))\": [1]}"
	assert_success
	assert_output "? $(printf 'k%.0s' $(seq 1 129))
: - 1"
}

@test "fg-resolve: --yaml -o writes the file atomically with mode 0600" {
	merged >"$BATS_TEST_TMPDIR/merged.json"
	run fg-resolve --yaml -o "$BATS_TEST_TMPDIR/active.yaml" "$BATS_TEST_TMPDIR/merged.json"
	assert_success
	assert_output ""
	assert_equal "$(file_mode "$BATS_TEST_TMPDIR/active.yaml")" 600
	grep -q "api_key: $SECRET" "$BATS_TEST_TMPDIR/active.yaml"
}

@test "fg-resolve: on failure -o keeps the old file and leaves no temp file" {
	echo old >"$BATS_TEST_TMPDIR/active.yaml"
	rm .router/secrets/upstream_cliproxyapi_api_key
	merged >"$BATS_TEST_TMPDIR/merged.json"
	run fg-resolve --yaml -o "$BATS_TEST_TMPDIR/active.yaml" "$BATS_TEST_TMPDIR/merged.json"
	assert_failure 1
	assert_equal "$(cat "$BATS_TEST_TMPDIR/active.yaml")" old
	assert_equal "$(find "$BATS_TEST_TMPDIR" -maxdepth 1 -name '.active*' | wc -l)" 0
}

@test "fg-resolve: -o into a missing folder fails with exit 1 and a one-line error" {
	run fg-resolve -o "$BATS_TEST_TMPDIR/no/such/dir/x.json" <<<'{}'
	assert_failure 1
	assert_output "fg-resolve: $BATS_TEST_TMPDIR/no/such/dir/x.json: No such file or directory"
}

@test "fg-resolve: a bad option is exit 2 with one stderr line naming it" {
	run --separate-stderr fg-resolve --yaml=1 <<<'{}'
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "fg-resolve: option --yaml=1: unknown, or takes no value"
	run --separate-stderr fg-resolve --cred
	assert_failure 2
	assert_equal "$stderr" "fg-resolve: option --cred needs a value"
}

@test "fg-resolve: --help and --version" {
	run fg-resolve --help
	assert_success
	assert_output --partial "usage: fg-resolve"
	run fg-resolve --version
	assert_output --regexp '^fg-resolve [0-9.]+$'
}

@test "fg-resolve: every allocation failure is reported in one line, nothing on stdout" {
	merged >"$BATS_TEST_TMPDIR/merged.json"
	run every_alloc_failure_is_reported "$ROOT/bin/fg-resolve" --yaml "$BATS_TEST_TMPDIR/merged.json"
	assert_success
	run every_alloc_failure_is_reported "$ROOT/bin/fg-resolve" -c "$BATS_TEST_TMPDIR/merged.json"
	assert_success
}

@test "fg-resolve: empty input is an error; -o FILE is not overwritten with null" {
	echo "old: config" >"$BATS_TEST_TMPDIR/active.yaml"
	run --separate-stderr fg-resolve --yaml -o "$BATS_TEST_TMPDIR/active.yaml" </dev/null
	assert_error 2 "fg-resolve: <stdin>: empty input"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/active.yaml")" "old: config"
	run --separate-stderr fg-resolve - <<<$'# comments\n\n# only'
	assert_error 2 "fg-resolve: <stdin>: empty input"
	assert_equal "$(find "$BATS_TEST_TMPDIR" -name '*fgtmp*' | wc -l)" 0
}

@test "fg-resolve: -o killed before its rename keeps the old file; the key's temp file goes next time" {
	merged >"$BATS_TEST_TMPDIR/merged.json"
	echo "old: config" >"$BATS_TEST_TMPDIR/active.yaml"
	FG_ATOMIC_DELAY_MS=2000 fg-resolve --yaml -o "$BATS_TEST_TMPDIR/active.yaml" "$BATS_TEST_TMPDIR/merged.json" 3>&- &
	writer=$!
	for _ in $(seq 1 200); do
		grep -qs "$SECRET" "$BATS_TEST_TMPDIR"/.active.yaml.fgtmp.* && break
		sleep 0.02
	done
	kill -9 "$writer"
	wait "$writer" || :
	assert_equal "$(cat "$BATS_TEST_TMPDIR/active.yaml")" "old: config"
	run find "$BATS_TEST_TMPDIR" -maxdepth 1 -name '.active.yaml.fgtmp.*' -perm 0600
	assert_output --regexp '/\.active\.yaml\.fgtmp\.[A-Za-z0-9]{6}$'
	run fg-resolve --yaml -o "$BATS_TEST_TMPDIR/active.yaml" "$BATS_TEST_TMPDIR/merged.json"
	assert_success
	assert_equal "$(find "$BATS_TEST_TMPDIR" -maxdepth 1 -name '.active.yaml.fgtmp.*' | wc -l)" 0
	grep -q "api_key: $SECRET" "$BATS_TEST_TMPDIR/active.yaml"
}

@test "fg-resolve: a credential file that is a folder, a device or a FIFO is one line: not a regular file" {
	doc=$(tmpfile doc.json <<<'{"p": {"api_key_ref": "k"}}')
	mkdir -p "$BATS_TEST_TMPDIR/dir.key"
	mkfifo "$BATS_TEST_TMPDIR/fifo.key"
	ln -s "$BATS_TEST_TMPDIR/dir.key" "$BATS_TEST_TMPDIR/link.key"
	for f in "$BATS_TEST_TMPDIR/dir.key" /dev/null /dev/zero "$BATS_TEST_TMPDIR/fifo.key" "$BATS_TEST_TMPDIR/link.key"; do
		run --separate-stderr timeout 10 fg-resolve --cred "k=$f" "$doc"
		assert_error 1 "fg-resolve: p.api_key_ref: credential 'k': $f: not a regular file"
	done
}

@test "fg-resolve: a credential file holding a NUL byte is refused without its content" {
	printf '%s\0tail\n' "$SECRET" >.router/secrets/upstream_cliproxyapi_api_key
	resolve_pipeline -o "$BATS_TEST_TMPDIR/active.yaml"
	assert_error 1 "fg-resolve: model_list[0].litellm_params.api_key_ref: credential 'cliproxy_default': $PROJ/.router/secrets/upstream_cliproxyapi_api_key: file contains a NUL byte"
	assert [ ! -e "$BATS_TEST_TMPDIR/active.yaml" ]
}

@test "fg-resolve: the mode warning comes only when the whole job succeeds" {
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	merged >"$BATS_TEST_TMPDIR/merged.json"
	# The first reference reads a file with a bad mode, the second fails.
	jq '.model_list[1].litellm_params.api_key_ref = "missing" | ._meta.credentials.missing = "/nonexistent/k"' \
		"$BATS_TEST_TMPDIR/merged.json" >"$BATS_TEST_TMPDIR/two.json"
	run --separate-stderr fg-resolve "$BATS_TEST_TMPDIR/two.json"
	assert_error 1 "fg-resolve: model_list[1].litellm_params.api_key_ref: credential 'missing': /nonexistent/k: file not found"
}

@test "fg-resolve: -- ends the options, for an INPUT whose name starts with '-'" {
	cd "$BATS_TEST_TMPDIR"
	echo '{"a": "b"}' >-c.json
	run fg-resolve -c -- -c.json
	assert_success
	assert_output '{"a":"b"}'
	run fg-resolve -c -- - <<<'{"x": 1}'
	assert_success
	assert_output '{"x":1}'
}

@test "fg-resolve: numbers print as they always did: every short decimal of 4 digits, 20,000 generated doubles of each kind and their neighbours" {
	local prop
	prop=$(build_prop fmt_number)
	run "$prop" 20000 4
	assert_success
	assert_output --regexp '^fmt_number: [0-9]+ doubles printed as before, [0-9]+ of them short decimals$'
	run fg-resolve -c <<<'[30.5, -0.25, 0.0001, 0.00012, 0.00001, 123456789012.345, 0.30000000000000004, 1e300, 3, 2.5e-300]'
	assert_success
	assert_output '[30.5,-0.25,0.0001,0.00012,1e-05,123456789012.345,0.30000000000000004,1e+300,3,2.5e-300]'
}
