#!/usr/bin/env bats
# fg-config: loading, YAML typing, limits, migration, validation, defaults.
# shellcheck disable=SC2154 # bats' run sets $stderr and $stderr_lines; eval sets fg_*

setup_file() {
	load helpers/failalloc
	build_failalloc
}

setup() {
	load helpers/common
	load helpers/failalloc
	load helpers/oneline
}

@test "fg-config: the example config normalizes with absolute paths and _meta" {
	make_project
	run fg-config config/flowgate.yaml
	assert_success
	run jq -r '.paths.runtime_dir, .paths.auth_dir, ._meta.config_path, ._meta.config_dir, .services.litellm.command.cwd' <<<"$output"
	assert_output "$PROJ/.router/runtime
$PROJ/.router/auths
$PROJ/config/flowgate.yaml
$PROJ/config
$PROJ"
}

@test "fg-config: defaults are filled in (version, host, ports, readiness, method, env)" {
	cfg=$(min_config <<'YAML'
auth:
  providers:
    codex: {}
YAML
)
	run fg-config -c "$cfg"
	assert_success
	run jq -c '[.config_version, .services.litellm.host, .services.litellm.port, .services.cliproxyapi_plus.port, .services.litellm.readiness_path, .auth.providers.codex.method, .services.litellm.env, .secret_files, .litellm_base]' <<<"$output"
	assert_output '[2,"127.0.0.1",4000,8317,"/v1/models","oauth_poll",{},[],{}]'
}

@test "fg-config: auth providers get their management API endpoints, auth file type and key file" {
	cfg=$(min_config <<'YAML'
auth:
  providers:
    codex: {}
    copilot: {}
    kimi: {type: kimi-oauth}
    other: {method: headless}
YAML
)
	run fg-config -c "$cfg"
	assert_success
	run jq -c '.auth.providers | [.codex.auth_url_endpoint, .codex.status_endpoint, .codex.type, .copilot.auth_url_endpoint, .copilot.type, .kimi.auth_url_endpoint, .kimi.type, .other]' <<<"$output"
	assert_output '["/v0/management/codex-auth-url","/v0/management/get-auth-status","codex","/v0/management/github-auth-url","github-copilot","/v0/management/kimi-auth-url","kimi-oauth",{"method":"headless"}]'
	run fg-config -c "$cfg"
	assert_equal "$(jq -r .auth.management_key_file <<<"$output")" "$BATS_TEST_TMPDIR/secrets/cliproxy_management_key"
	printf 'auth:\n  management_key_file: keys/mgmt\n' >>"$(min_config </dev/null)"
	run fg-config -c "$BATS_TEST_TMPDIR/min.yaml"
	assert_equal "$(jq -r .auth.management_key_file <<<"$output")" "$BATS_TEST_TMPDIR/keys/mgmt"
}

@test "fg-config: an auth endpoint must be a URL path or an http(s) URL" {
	for bad in 'codex-auth-url' 'ftp://x/y' '"/a b"' '5'; do
		cfg=$(printf 'auth:\n  providers:\n    codex: {auth_url_endpoint: %s}\n' "$bad" | min_config)
		run --separate-stderr fg-config "$cfg"
		assert_failure 2
		assert_equal "${#stderr_lines[@]}" 1
		assert_output ""
		[[ "$stderr" == *"auth.providers.codex.auth_url_endpoint must be a URL path"* ]]
	done
	cfg=$(printf 'auth:\n  providers:\n    codex: {auth_url_endpoint: "http://127.0.0.1:8317/v0/management/codex-auth-url"}\n' | min_config)
	run fg-config "$cfg"
	assert_success
}

@test "fg-config: a provider's defaults are CLIProxyAPIPlus's names: claude is anthropic-auth-url, gemini gemini-cli-auth-url and type gemini" {
	cfg=$(min_config <<'YAML'
auth:
  providers:
    claude: {}
    gemini: {}
    kiro: {}
    mine: {type: claude}
YAML
)
	run fg-config -c "$cfg"
	assert_success
	run jq -c '.auth.providers | map_values([.auth_url_endpoint, .type])' <<<"$output"
	assert_output '{"claude":["/v0/management/anthropic-auth-url","claude"],"gemini":["/v0/management/gemini-cli-auth-url","gemini"],"kiro":["/v0/management/kiro-auth-url","kiro"],"mine":["/v0/management/mine-auth-url","claude"]}'
}

@test "fg-config --sh: providers, the management key file and each service's base URL" {
	cfg=$(min_config <<'YAML'
auth:
  providers:
    copilot: {}
YAML
)
	sed -i 's/^  cliproxyapi_plus:/  cliproxyapi_plus:\n    host: "::1"\n    port: 8400/' "$cfg"
	run fg-config --sh "$cfg"
	assert_success
	assert_line "fg_prov_copilot_method='oauth_poll'"
	assert_line "fg_prov_copilot_type='github-copilot'"
	assert_line "fg_prov_copilot_auth_url_endpoint='/v0/management/github-auth-url'"
	assert_line "fg_prov_copilot_status_endpoint='/v0/management/get-auth-status'"
	assert_line "fg_management_key_file='$BATS_TEST_TMPDIR/secrets/cliproxy_management_key'"
	assert_line "fg_svc_cliproxyapi_plus_base_url='http://[::1]:8400'"
	assert_line "fg_svc_litellm_base_url='http://127.0.0.1:4000'"
}

@test "fg-config: readiness_path falls back to health_path" {
	cfg=$(min_config)
	sed -i 's/^  litellm:/  litellm:\n    health_path: \/healthz/' "$cfg"
	run fg-config -c "$cfg"
	assert_success
	assert_equal "$(jq -r .services.litellm.readiness_path <<<"$output")" /healthz
}

@test "fg-config: reads \$FLOWGATE_CONFIG when no argument is given" {
	cfg=$(min_config)
	FLOWGATE_CONFIG=$cfg run fg-config -c
	assert_success
	assert_equal "$(jq -r ._meta.config_path <<<"$output")" "$cfg"
}

@test "fg-config: defaults to config/flowgate.yaml in the current folder" {
	make_project
	run fg-config -c
	assert_success
	assert_equal "$(jq -r ._meta.config_path <<<"$output")" "$PROJ/config/flowgate.yaml"
}

@test "fg-config: - reads stdin and resolves paths against the current folder" {
	cfg=$(min_config)
	cd "$BATS_TEST_TMPDIR"
	mkdir -p sub
	cd sub
	run fg-config -c - <"$cfg"
	assert_success
	assert_equal "$(jq -r '.paths.runtime_dir, ._meta.config_path' <<<"$output")" "$BATS_TEST_TMPDIR/sub/rt
-"
}

@test "fg-config: accepts JSON input" {
	cfg=$(min_config)
	fg-config -c "$cfg" >"$BATS_TEST_TMPDIR/with-meta.json"
	jq 'del(._meta)' "$BATS_TEST_TMPDIR/with-meta.json" >"$BATS_TEST_TMPDIR/c.json"
	run fg-config -c "$BATS_TEST_TMPDIR/c.json"
	assert_success
	assert_equal "$(jq -r .paths.runtime_dir <<<"$output")" "$BATS_TEST_TMPDIR/rt"
}

@test "fg-config: its own output normalizes to the same document" {
	make_project
	fg-config config/flowgate.yaml >"$BATS_TEST_TMPDIR/once.json"
	run fg-config "$BATS_TEST_TMPDIR/once.json"
	assert_success
	assert_equal "$(jq -S 'del(._meta)' <<<"$output")" "$(jq -S 'del(._meta)' "$BATS_TEST_TMPDIR/once.json")"
}

@test "fg-config: plain scalars are typed as YAML 1.1, quoted ones stay strings" {
	cfg=$(min_config <<'YAML'
litellm_base:
  t: [yes, No, on, OFF, true, False]
  n: [~, null, Null, NULL]
  e:
  i: [42, -7, 0x1F, 0755, 0b101, 1_000, "42", '0755']
  f: [1.5, .5, 1.0e+3, -2.]
  s: [1e5, y, n, 2026-02-19, hello, "yes", !!str 12]
YAML
)
	run fg-config -c "$cfg"
	assert_success
	run jq -c .litellm_base <<<"$output"
	assert_output '{"t":[true,false,true,false,true,false],"n":[null,null,null,null],"e":null,"i":[42,-7,31,493,5,1000,"42","0755"],"f":[1.5,0.5,1000,-2],"s":["1e5","y","n","2026-02-19","hello","yes","12"]}'
}

@test "fg-config: explicit tags must fit their value; unknown tags are refused" {
	run fg-merge -c - <<<'a: !!int "7"'
	assert_success
	run fg-merge -c - <<<'a: !!float 7'
	assert_output '{"a":7}'
	run --separate-stderr fg-merge - <<<'a: !!int seven'
	assert_error 2 "fg-merge: <stdin>:1:4: 'seven' does not match its tag"
	run --separate-stderr fg-merge - <<<'a: .inf'
	assert_error 2 "fg-merge: <stdin>:1:4: '.inf' has no JSON representation"
}

@test "fg-config: only the tags PyYAML's SafeLoader knows are accepted, in either spelling" {
	run fg-merge -c - <<'YAML'
a: !!str 12
b: !<tag:yaml.org,2002:int> "0x10"
c: !!bool yes
d: !!null ~
e: !!timestamp 2001-12-14
f: !!seq [1]
g: !!map {x: 1}
h: ! 12
!!int 7: seven
!!merge <<: {i: 1}
YAML
	assert_success
	assert_output '{"a":"12","b":16,"c":true,"d":null,"e":"2001-12-14","f":[1],"g":{"x":1},"h":"12","7":"seven","i":1}'
	# omap and pairs load as PyYAML's lists of (key, value) tuples.
	run fg-merge -c - <<<'o: !!omap [b: 1, a: {x: [2]}]
p: !!pairs [k: 1, k: 2]'
	assert_success
	assert_output '{"o":[["b",1],["a",{"x":[2]}]],"p":[["k",1],["k",2]]}'
}

@test "fg-config: unknown tags are refused with their position, wherever they are" {
	cfg=$(min_config <<<'litellm_base: !!python/object:os.system {a: 1}')
	run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:15:15: unknown tag 'tag:yaml.org,2002:python/object:os.system'"
	run --separate-stderr fg-merge - <<<'a: !<tag:yaml.org,2002:python/name:os.system> x'
	assert_error 2 "fg-merge: <stdin>:1:4: unknown tag 'tag:yaml.org,2002:python/name:os.system'"
	run --separate-stderr fg-merge - <<<'a: [1, !foo 2]'
	assert_error 2 "fg-merge: <stdin>:1:8: unknown tag '!foo'"
	run --separate-stderr fg-merge - <<<'!!python/str k: v'
	assert_error 2 "fg-merge: <stdin>:1:1: unknown tag 'tag:yaml.org,2002:python/str'"
	run --separate-stderr fg-merge - <<<$'%TAG !e! tag:example.com,2000:\n---\na: !e!x 1'
	assert_error 2 "fg-merge: <stdin>:3:4: unknown tag 'tag:example.com,2000:x'"
}

@test "fg-config: a scalar tag on a collection, or a collection tag on a scalar, is refused" {
	run --separate-stderr fg-merge - <<<$'--- !!str\na: 1'
	assert_error 2 "fg-merge: <stdin>:1:5: tag 'tag:yaml.org,2002:str' is for scalars, not a mapping"
	run --separate-stderr fg-merge - <<<'a: !!int [1]'
	assert_error 2 "fg-merge: <stdin>:1:4: tag 'tag:yaml.org,2002:int' is for scalars, not a sequence"
	run --separate-stderr fg-merge - <<<'a: !!map [1]'
	assert_error 2 "fg-merge: <stdin>:1:4: tag 'tag:yaml.org,2002:map' is for mappings, not a sequence"
	run --separate-stderr fg-merge - <<<'a: !!seq {b: 1}'
	assert_error 2 "fg-merge: <stdin>:1:4: tag 'tag:yaml.org,2002:seq' is for sequences, not a mapping"
	run --separate-stderr fg-merge - <<<'a: !!seq x'
	assert_error 2 "fg-merge: <stdin>:1:4: tag 'tag:yaml.org,2002:seq' is for sequences, not a scalar"
	run --separate-stderr fg-merge - <<<'a: !!merge x'
	assert_error 2 "fg-merge: <stdin>:1:4: tag 'tag:yaml.org,2002:merge' only marks a merge key"
	run --separate-stderr fg-merge - <<<'!!int x: 1'
	assert_error 2 "fg-merge: <stdin>:1:1: 'x' does not match its tag"
	run --separate-stderr fg-merge - <<<'a: !!omap [{b: 1, c: 2}]'
	assert_error 2 "fg-merge: <stdin>:1:4: !!omap needs a list of one-key mappings"
}

@test "fg-config: known tags JSON cannot hold (binary, set) are refused" {
	run --separate-stderr fg-merge - <<<'a: !!binary aGk='
	assert_error 2 "fg-merge: <stdin>:1:4: tag 'tag:yaml.org,2002:binary' has no JSON representation"
	run --separate-stderr fg-merge - <<<'a: !!set {x, y}'
	assert_error 2 "fg-merge: <stdin>:1:4: tag 'tag:yaml.org,2002:set' has no JSON representation"
}

@test "fg-config: a NUL in a YAML string (\\0, \\x00, \\u0000) is refused with its position" {
	cfg=$(min_config)
	sed -i 's/runtime_dir: rt/runtime_dir: "rt\\0x"/' "$cfg"
	run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:2:16: a string contains a NUL byte"
	sed -i 's/"rt\\0x"/rt/; s/args: \[litellm\]/args: ["lite\\x00llm"]/' "$cfg"
	run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:9:14: a string contains a NUL byte"
	cfg=$(min_config <<<'secret_files: ["a\u0000b"]')
	run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:15:16: a string contains a NUL byte"
	cfg=$(min_config <<<'litellm_base: {"k\0": 1}')
	run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:15:16: a mapping key contains a NUL byte"
}

@test "fg-config: a NUL in JSON (\\u0000 or a raw byte), in a key, a value or an env name, is refused" {
	cfg=$(min_config)
	fg-config -c "$cfg" | jq -c 'del(._meta)' >"$BATS_TEST_TMPDIR/base.json"
	for edit in '.services.litellm.env = {"A": "x\u0000y"}' '.services.litellm.env = {"A\u0000B": "x"}' \
		'.services.litellm.command.args = ["a\u0000b"]' '.profiles = {"a\u0000b": {}}'; do
		jq -c "$edit" "$BATS_TEST_TMPDIR/base.json" >"$BATS_TEST_TMPDIR/c.json"
		run --separate-stderr fg-config "$BATS_TEST_TMPDIR/c.json"
		assert_error_match 2 "^fg-config: $BATS_TEST_TMPDIR/c.json:1:[0-9]+: a (string|mapping key) contains a NUL byte$"
	done
	printf '{"a": "x\0y"}' >"$BATS_TEST_TMPDIR/raw.json"
	run --separate-stderr fg-merge "$BATS_TEST_TMPDIR/raw.json"
	assert_error 2 "fg-merge: $BATS_TEST_TMPDIR/raw.json:1:9: the input contains a NUL byte"
	# An escaped backslash before u0000 is text, not a NUL.
	run fg-merge -c - <<<'{"a": "x\\u0000"}'
	assert_success
	assert_output '{"a":"x\\u0000"}'
}

@test "fg-config: empty input, or only blanks and comments, is an error, not null" {
	run --separate-stderr fg-config - </dev/null
	assert_error 2 "fg-config: <stdin>: empty input"
	run --separate-stderr fg-config - <<<$'# nothing\n\n   # here\n'
	assert_error 2 "fg-config: <stdin>: empty input"
	: >"$BATS_TEST_TMPDIR/empty.yaml"
	run --separate-stderr fg-config "$BATS_TEST_TMPDIR/empty.yaml"
	assert_error 2 "fg-config: $BATS_TEST_TMPDIR/empty.yaml: empty input"
	echo old >"$BATS_TEST_TMPDIR/out.json"
	run --separate-stderr fg-config -o "$BATS_TEST_TMPDIR/out.json" - </dev/null
	assert_error 2 "fg-config: <stdin>: empty input"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out.json")" old
}

@test "fg-config: anchors, aliases and merge keys are expanded" {
	cfg=$(min_config <<'YAML'
litellm_base:
  defaults: &d {retries: 1, timeout: 30}
  a: *d
  b:
    <<: *d
    timeout: 60
  c:
    <<: [{x: 1}, {x: 2, y: 2}]
YAML
)
	run fg-config -c "$cfg"
	assert_success
	run jq -c '.litellm_base | [.a, .b, .c]' <<<"$output"
	assert_output '[{"retries":1,"timeout":30},{"retries":1,"timeout":60},{"x":1,"y":2}]'
}

@test "fg-config: a billion-laughs file fails fast with a clear error" {
	{
		echo 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'
		for i in 1 2 3 4 5 6 7 8 9; do
			p=$((i - 1))
			echo "a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"
		done
	} >"$BATS_TEST_TMPDIR/lol.yaml"
	start=$(date +%s%N)
	run fg-config "$BATS_TEST_TMPDIR/lol.yaml"
	elapsed_ms=$((($(date +%s%N) - start) / 1000000))
	assert_failure 2
	assert_output --regexp '^fg-config: .*lol.yaml:[0-9]+:[0-9]+: alias expansion exceeds 1000000 nodes$'
	[ "$elapsed_ms" -lt 5000 ]
}

@test "fg-config: duplicate keys are an error with line and column" {
	cfg=$(min_config <<'YAML'
litellm_base:
  a: 1
  a: 2
YAML
)
	run fg-config "$cfg"
	assert_failure 2
	assert_output "fg-config: $cfg:17:3: duplicate key 'a'"
}

@test "fg-config: a long string aliased many times is refused by its bytes, not its few nodes" {
	{
		printf 'a: &a "%s"\n' "$(head -c 1000000 /dev/zero | tr '\0' x)"
		for i in $(seq 1 100); do echo "b$i: *a"; done
	} >"$BATS_TEST_TMPDIR/long.yaml"
	run fg-config "$BATS_TEST_TMPDIR/long.yaml"
	assert_failure 2
	assert_output "fg-config: $BATS_TEST_TMPDIR/long.yaml:69:6: alias expansion exceeds 67108864 bytes"
}

@test "fg-config: duplicate keys in JSON input are an error too" {
	printf '{"paths": {}, "paths": {}}' >"$BATS_TEST_TMPDIR/d.json"
	run fg-config "$BATS_TEST_TMPDIR/d.json"
	assert_failure 2
	assert_output --partial "duplicate key 'paths'"
}

@test "fg-config: duplicate keys are found in large mappings too (YAML and JSON)" {
	{
		for i in $(seq 1 30); do echo "k$i: $i"; done
		echo "k7: again"
	} >"$BATS_TEST_TMPDIR/big.yaml"
	run fg-config "$BATS_TEST_TMPDIR/big.yaml"
	assert_failure 2
	assert_output "fg-config: $BATS_TEST_TMPDIR/big.yaml:31:1: duplicate key 'k7'"
	seq 1 30 | jq -Rn '[inputs | "\"k\(.)\": 1"] + ["\"k7\": 2"] | "{" + join(",") + "}"' -r >"$BATS_TEST_TMPDIR/big.json"
	run fg-config "$BATS_TEST_TMPDIR/big.json"
	assert_failure 2
	assert_output --partial "duplicate key 'k7'"
}

@test "fg-config: nesting deeper than 64 levels is refused" {
	printf 'a: %s1%s\n' "$(printf '[%.0s' $(seq 70))" "$(printf ']%.0s' $(seq 70))" >"$BATS_TEST_TMPDIR/deep.yaml"
	run fg-config "$BATS_TEST_TMPDIR/deep.yaml"
	assert_failure 2
	assert_output --regexp 'deep.yaml:1:[0-9]+: nesting deeper than 64 levels$'
}

@test "fg-config: input larger than 64 MiB is refused" {
	# 65 MiB of '#': a MiB of it made by tr, then given to cat 65 times
	# ({,,,} is four of the same word), not tr on every byte.
	head -c $((1 << 20)) /dev/zero | tr '\0' '#' >"$BATS_TEST_TMPDIR/1m"
	cat "$BATS_TEST_TMPDIR/1m"{,,,}{,,,}{,,,} "$BATS_TEST_TMPDIR/1m" >"$BATS_TEST_TMPDIR/big.yaml"
	run fg-config "$BATS_TEST_TMPDIR/big.yaml"
	assert_failure 2
	assert_output --regexp 'big.yaml: input larger than [0-9]+ bytes$'
}

@test "fg-config: a YAML syntax error names file, line and column" {
	printf 'paths:\n  runtime_dir: [a, b\n' >"$BATS_TEST_TMPDIR/bad.yaml"
	run fg-config "$BATS_TEST_TMPDIR/bad.yaml"
	assert_failure 2
	assert_output --regexp "^fg-config: $BATS_TEST_TMPDIR/bad.yaml:[0-9]+:[0-9]+: .+"
	assert_equal "${#lines[@]}" 1
}

@test "fg-config: a missing config file is exit 2 with its path" {
	run fg-config "$BATS_TEST_TMPDIR/nope.yaml"
	assert_failure 2
	assert_output "fg-config: $BATS_TEST_TMPDIR/nope.yaml: config file not found"
}

@test "fg-config: command.args must be a non-empty list of strings (file:line:col)" {
	cfg=$(min_config)
	sed -i 's/args: \[litellm\]/args: []/' "$cfg"
	run fg-config "$cfg"
	assert_failure 2
	assert_output "fg-config: $cfg:9:13: services.litellm.command.args must be a non-empty list of strings"
}

@test "fg-config: a missing required path is named with its key path" {
	cfg=$(min_config)
	sed -i '/state_file/d' "$cfg"
	run fg-config "$cfg"
	assert_failure 2
	assert_output "fg-config: $cfg:2:3: paths.state_file is required"
}

@test "fg-config: unknown top-level keys are an error" {
	cfg=$(min_config <<<'extra: 1')
	run fg-config "$cfg"
	assert_failure 2
	assert_output "fg-config: $cfg:15:1: extra is not a known top-level key"
}

@test "fg-config: a required service missing is an error" {
	cfg=$(min_config)
	sed -i 's/cliproxyapi_plus:/other:/' "$cfg"
	run fg-config "$cfg"
	assert_failure 2
	assert_output --partial "services.cliproxyapi_plus is required"
}

@test "fg-config: ports must be integers from 1 to 65535" {
	cfg=$(min_config)
	sed -i 's/^  litellm:/  litellm:\n    port: 70000/' "$cfg"
	run fg-config "$cfg"
	assert_failure 2
	assert_output "fg-config: $cfg:8:11: services.litellm.port must be an integer from 1 to 65535"
}

@test "fg-config: profiles must be a non-empty mapping" {
	cfg=$(min_config)
	sed -i 's/  balanced: {}//; s/^profiles:/profiles: {}/' "$cfg"
	run fg-config "$cfg"
	assert_failure 2
	assert_output --partial "profiles must be a non-empty mapping"
}

@test "fg-config: config_version must be 1 or 2" {
	cfg=$(min_config <<<'config_version: 3')
	run fg-config "$cfg"
	assert_failure 2
	assert_output --partial "config_version must be 1 or 2"
}

@test "fg-config: legacy keys migrate (secrets, services.cliproxyapi, oauth)" {
	cfg=$(min_config <<'YAML'
config_version: 1
secrets: [s/one.json]
oauth:
  codex:
    auth_url_endpoint: http://127.0.0.1:8317/x
YAML
)
	sed -i 's/cliproxyapi_plus:/cliproxyapi:/' "$cfg"
	run fg-config -c "$cfg"
	assert_success
	run jq -c '[.secret_files, (.services | keys), .auth.providers.codex.method, has("oauth"), has("secrets")]' <<<"$output"
	assert_output "[[\"$BATS_TEST_TMPDIR/s/one.json\"],[\"cliproxyapi_plus\",\"litellm\"],\"oauth_poll\",false,false]"
}

@test "fg-config: a legacy key beside its new name is an error" {
	cfg=$(min_config <<'YAML'
secrets: [a]
secret_files: [b]
YAML
)
	run fg-config "$cfg"
	assert_failure 2
	assert_output --partial "secrets (legacy) and secret_files are both set"
}

@test "fg-config: service names must be shell-safe words" {
	cfg=$(min_config)
	sed -i 's/^services:/services:\n  bad-name:\n    command:\n      args: [x]/' "$cfg"
	run fg-config "$cfg"
	assert_failure 2
	assert_output --partial "services.bad-name: a service name must be letters, digits and '_'"
}

@test "fg-config: env values are strings; numbers and booleans are converted" {
	cfg=$(min_config)
	sed -i 's/^  litellm:/  litellm:\n    env: {PORT: 8080, DEBUG: true, NAME: x}/' "$cfg"
	run fg-config -c "$cfg"
	assert_success
	assert_equal "$(jq -c .services.litellm.env <<<"$output")" '{"PORT":"8080","DEBUG":"true","NAME":"x"}'
}

@test "fg-config: --sh prints quoted assignments that sh can eval" {
	cfg=$(min_config <<'YAML'
secret_files: ["it's here/a b.json"]
YAML
)
	run fg-config --sh "$cfg"
	assert_success
	eval "$output"
	eval "set -- $fg_secret_files"
	assert_equal "$1" "$BATS_TEST_TMPDIR/it's here/a b.json"
	assert_equal "$fg_services" "cliproxyapi_plus litellm"
	assert_equal "$fg_svc_litellm_readiness_url" "http://127.0.0.1:4000/v1/models"
}

@test "fg-config: -o writes the file atomically with mode 0600" {
	cfg=$(min_config)
	run fg-config -o "$BATS_TEST_TMPDIR/out.json" "$cfg"
	assert_success
	assert_output ""
	assert_equal "$(file_mode "$BATS_TEST_TMPDIR/out.json")" 600
	jq -e .paths "$BATS_TEST_TMPDIR/out.json" >/dev/null
}

@test "fg-config: on error -o leaves the old file untouched and no temp file" {
	echo old >"$BATS_TEST_TMPDIR/out.json"
	printf 'a: [\n' >"$BATS_TEST_TMPDIR/bad.yaml"
	run fg-config -o "$BATS_TEST_TMPDIR/out.json" "$BATS_TEST_TMPDIR/bad.yaml"
	assert_failure 2
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out.json")" old
	assert_equal "$(find "$BATS_TEST_TMPDIR" -maxdepth 1 -name '.out*' | wc -l)" 0
}

@test "fg-config: nothing on stdout when the config is invalid" {
	cfg=$(min_config <<<'extra: 1')
	run --separate-stderr fg-config "$cfg"
	assert_failure 2
	assert_output ""
}

@test "fg-config: --help and --version" {
	run fg-config --help
	assert_success
	assert_output --partial "usage: fg-config"
	run fg-config --version
	assert_success
	assert_output --regexp '^fg-config [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "fg-config: unknown options are usage errors (exit 2), in one line" {
	run fg-config --bogus
	assert_failure 2
	assert_output "fg-config: unknown option --bogus (see fg-config --help)"
	run fg-config -o
	assert_failure 2
	assert_output "fg-config: option -o needs a value"
	run fg-config --mode 9x -o "$BATS_TEST_TMPDIR/x.json"
	assert_failure 2
	assert_output "fg-config: --mode: '9x' is not an octal mode"
}

@test "fg-config: a value given to an option that takes none names that option" {
	cfg=$(min_config)
	run --separate-stderr fg-config --compact=1 "$cfg"
	assert_failure 2
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "fg-config: option --compact=1: unknown, or takes no value"
	# Followed by -c, whose letter is --compact's: still --compact=1 is named.
	run --separate-stderr fg-config --compact=1 -c "$cfg"
	assert_failure 2
	assert_equal "$stderr" "fg-config: option --compact=1: unknown, or takes no value"
}

@test "fg-config: a bad letter inside a bundle of short options is named alone" {
	cfg=$(min_config)
	run --separate-stderr fg-config --sh -xc "$cfg"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "fg-config: unknown option -x (see fg-config --help)"
	run --separate-stderr fg-config -co
	assert_failure 2
	assert_equal "$stderr" "fg-config: option -o needs a value"
}

@test "fg-config: --sh reports every allocation failure in one line and prints nothing" {
	cfg=$(min_config <<'YAML'
secret_files: [a.json, b.json]
credentials:
  upstream:
    one: {file: k1}
auth:
  providers:
    codex: {}
YAML
)
	sed -i 's/^  litellm:/  litellm:\n    env: {A: "1", B: "two words"}/' "$cfg"
	run fg-config --sh "$cfg"
	assert_success
	eval "$output"
	eval "set -- $fg_svc_litellm_env"
	assert_equal "$#:$1:$2" "2:A=1:B=two words"
	run every_alloc_failure_is_reported "$ROOT/bin/fg-config" --sh "$cfg"
	assert_success
}

@test "fg-config: a config that is a FIFO with no writer times out in one line" {
	mkfifo "$BATS_TEST_TMPDIR/fifo.yaml"
	start=$(date +%s%N)
	FG_READ_TIMEOUT=0.5 run --separate-stderr fg-config "$BATS_TEST_TMPDIR/fifo.yaml"
	assert_error 1 "fg-config: $BATS_TEST_TMPDIR/fifo.yaml: no input within 0.5 s"
	assert [ $((($(date +%s%N) - start) / 1000000)) -lt 5000 ]
	# A writer that comes in time is read.
	cfg=$(min_config)
	{ sleep 0.2; cat "$cfg" >"$BATS_TEST_TMPDIR/fifo.yaml"; } &
	FG_READ_TIMEOUT=10 run fg-config -c "$BATS_TEST_TMPDIR/fifo.yaml"
	wait
	assert_success
	assert_equal "$(jq -r ._meta.config_path <<<"$output")" "$BATS_TEST_TMPDIR/fifo.yaml"
}

@test "fg-config: keys and option values with newlines are escaped, so every error is one line" {
	cfg=$(min_config <<<'"ex\ntra": 1')
	run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:15:1: ex\\ntra is not a known top-level key"
	run --separate-stderr fg-config --mode $'6\n0' -o "$BATS_TEST_TMPDIR/o.json" "$cfg"
	assert_error 2 "fg-config: --mode: '6\\n0' is not an octal mode"
}

@test "fg-config: env names must be [A-Za-z_][A-Za-z0-9_]* (file:line:col)" {
	cfg=$(min_config)
	sed -i 's/^  litellm:/  litellm:\n    env: {OK_1: x, "A=B": y}/' "$cfg"
	run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:8:20: services.litellm.env: 'A=B' is not a variable name (letters, digits and '_', not starting with a digit)"
	for name in '""' '"1A"' '"A B"' '"A-B"' '"é"'; do
		sed -i "s/^    env: .*/    env: {$name: y}/" "$cfg"
		run --separate-stderr fg-config "$cfg"
		assert_error_match 2 "^fg-config: $cfg:8:11: services\.litellm\.env: '.*' is not a variable name "
	done
	sed -i 's/^    env: .*/    env: {_a: "1", B2: x}/' "$cfg"
	run fg-config -c "$cfg"
	assert_success
	assert_equal "$(jq -c .services.litellm.env <<<"$output")" '{"_a":"1","B2":"x"}'
}

@test "fg-config: host must be a hostname, an IPv4 or an IPv6 address" {
	cfg=$(min_config)
	sed -i 's/^  litellm:/  litellm:\n    host: HOST/' "$cfg"
	for host in '"a\nb"' '"a b"' 'h/x' '"127.0.0.1\r"' 999.1.1.1 1.2.3 -a.example a-.example a..b '"[::1"' '":::"' '"x:80"'; do
		sed -i "s|^    host: .*|    host: ${host//\\/\\\\}|" "$cfg"
		run --separate-stderr fg-config "$cfg"
		assert_error 2 "fg-config: $cfg:8:11: services.litellm.host must be a hostname (letters, digits, '-', '.'), an IPv4 or an IPv6 address"
	done
	for host in localhost my-host.example.com. 10.0.0.1 '"::1"' '"[::1]"' '"[fe80::1:2]"'; do
		sed -i "s/^    host: .*/    host: $host/" "$cfg"
		run fg-config -c "$cfg"
		assert_success
	done
}

@test "fg-config: an IPv6 host is kept bare and bracketed in the readiness URL" {
	cfg=$(min_config)
	sed -i 's/^  litellm:/  litellm:\n    host: "[::1]"\n    port: 4100/' "$cfg"
	run fg-config --sh "$cfg"
	assert_success
	eval "$output"
	assert_equal "$fg_svc_litellm_host" "::1"
	assert_equal "$fg_svc_litellm_readiness_url" "http://[::1]:4100/v1/models"
	assert_equal "$fg_svc_cliproxyapi_plus_readiness_url" "http://127.0.0.1:8317/v1/models"
}

@test "fg-config: readiness_path and health_path are URL paths: no spaces, CR, LF or controls" {
	cfg=$(min_config)
	sed -i 's/^  litellm:/  litellm:\n    readiness_path: P/' "$cfg"
	for path in '"/a\r\nX-Injected: y"' '"/a b"' '"/a\tb"' no-slash '"/%zz"' '"/a#frag"' '"/ü"' '"/a\\b"' '""' '[]'; do
		sed -i "s|^    readiness_path: .*|    readiness_path: ${path//\\/\\\\}|" "$cfg"
		run --separate-stderr fg-config "$cfg"
		assert_error 2 "fg-config: $cfg:8:21: services.litellm.readiness_path must be a URL path: '/', then RFC 3986 path and query characters (no spaces or control characters)"
	done
	sed -i 's|^    readiness_path: .*|    health_path: "/h\\nX: y"|' "$cfg"
	run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:8:18: services.litellm.health_path must be a URL path: '/', then RFC 3986 path and query characters (no spaces or control characters)"
	sed -i "s|^    health_path: .*|    readiness_path: \"/health/ready?full=1\&x=%2F~:@!\$'()*+,;=\"|" "$cfg"
	run fg-config -c "$cfg"
	assert_success
	assert_equal "$(jq -r .services.litellm.readiness_path <<<"$output")" "/health/ready?full=1&x=%2F~:@!\$'()*+,;="
}

@test "fg-config: a config folder whose name holds a newline is refused, naming the key" {
	dir=$BATS_TEST_TMPDIR/new$'\n'line
	mkdir "$dir"
	cp "$(min_config)" "$dir/c.yaml"
	run --separate-stderr fg-config "$dir/c.yaml"
	assert_error 2 "fg-config: $BATS_TEST_TMPDIR/new\\nline/c.yaml:2:16: paths.runtime_dir: the absolute path '$BATS_TEST_TMPDIR/new\\nline/rt' holds a control character"
	# Absolute paths everywhere: command.cwd's default (the folder) is still refused.
	sed -i "s|: rt|: /tmp/rt|" "$dir/c.yaml"
	run --separate-stderr fg-config "$dir/c.yaml"
	assert_error 2 "fg-config: $BATS_TEST_TMPDIR/new\\nline/c.yaml:9:7: services.litellm.command.cwd: the absolute path '$BATS_TEST_TMPDIR/new\\nline' holds a control character"
	sed -i 's/^      args: \[\(.*\)\]/      args: [\1]\n      cwd: \/tmp/' "$dir/c.yaml"
	run --separate-stderr fg-config "$dir/c.yaml"
	assert_error 2 "fg-config: $BATS_TEST_TMPDIR/new\\nline/c.yaml: _meta.config_path: the absolute path '$BATS_TEST_TMPDIR/new\\nline/c.yaml' holds a control character"
}

@test "fg-config: a path under a \$HOME holding a control character is refused" {
	cfg=$(min_config)
	sed -i 's|runtime_dir: rt|runtime_dir: ~/rt|' "$cfg"
	HOME=$'/home/a\tb' run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:2:16: paths.runtime_dir: the absolute path '/home/a\\tb/rt' holds a control character"
}

@test "fg-config: profile and provider names may not start with '-'" {
	for name in -o -c --x; do
		cfg=$(min_config <<<"  $name: {}")
		run --separate-stderr fg-config "$cfg"
		assert_error 2 "fg-config: $cfg:15:3: profiles.$name: a profile name must start with a letter, digit or '_', then letters, digits, '_' and '-'"
	done
	cfg=$(min_config <<<$'  _x-1: {}\n  9a: {}\nauth: {providers: {-p: {}}}')
	run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:17:20: auth.providers.-p: a provider name must be letters, digits and '_'"
}

@test "fg-config: -- ends the options, for a config whose name starts with '-'" {
	cp "$(min_config)" "$BATS_TEST_TMPDIR/-c.yaml"
	cd "$BATS_TEST_TMPDIR"
	run fg-config -- -c.yaml
	assert_success
	assert_equal "$(jq -r ._meta.config_path <<<"$output")" "$BATS_TEST_TMPDIR/-c.yaml"
	run --separate-stderr fg-config -c.yaml
	assert_error 2 "fg-config: unknown option -. (see fg-config --help)"
}

@test "fg-config: the man pages and usage texts document the environment and --" {
	for tool in fg-config fg-merge fg-resolve fg-state; do
		run sed -n '/^\.SH ENVIRONMENT/,/^\.SH [^E]/p' "$ROOT/tools/$tool/$tool.1"
		assert_line '.B FG_READ_TIMEOUT'
		assert_line '.B FG_ATOMIC_DELAY_MS'
		run "$tool" --help
		assert_output --partial FG_ATOMIC_DELAY_MS
		assert_output --partial '[--]'
	done
	run sed -n '/^\.SH ENVIRONMENT/,/^\.SH [^E]/p' "$ROOT/tools/fg-spawn/fg-spawn.1"
	assert_line '.B FG_ATOMIC_DELAY_MS'
	for tool in fg-config fg-merge fg-resolve; do
		run "$tool" --help
		assert_output --partial FG_READ_TIMEOUT
	done
}

@test "fg-config: invalid UTF-8 is refused in JSON as in YAML" {
	cfg=$(min_config)
	fg-config -c "$cfg" | jq -c 'del(._meta) | .secret_files = ["PLACEHOLDER"]' |
		sed 's/PLACEHOLDER/\xc3\x28/' >"$BATS_TEST_TMPDIR/c.json"
	run --separate-stderr fg-config "$BATS_TEST_TMPDIR/c.json"
	assert_error_match 2 "^fg-config: $BATS_TEST_TMPDIR/c.json: byte [0-9]+: invalid trailing UTF-8 octet$"
	for bad in '\xed\xa0\x80' '\xc0\x80' '\xf4\x90\x80\x80' '\xff'; do
		run --separate-stderr fg-merge -c - < <(printf '{"a": "%b"}' "$bad")
		assert_error_match 2 '^fg-merge: <stdin>: byte [0-9]+: '
	done
	run fg-merge -c - < <(printf '{"\xc3\xbc": "\xf0\x9f\x98\x80"}')
	assert_success
	assert_output $'{"\xc3\xbc":"\xf0\x9f\x98\x80"}'
}

@test "fg-config: the program, command.args[0], must not be empty" {
	cfg=$(min_config)
	sed -i 's/args: \[litellm\]/args: ["", x]/' "$cfg"
	run --separate-stderr fg-config "$cfg"
	assert_error 2 "fg-config: $cfg:9:14: services.litellm.command.args[0], the program, must not be empty"
	sed -i 's/args: \["", x\]/args: [litellm, ""]/' "$cfg"
	run fg-config -c "$cfg"
	assert_success
	assert_equal "$(jq -c .services.litellm.command.args <<<"$output")" '["litellm",""]'
}

@test "fg-config: bootstrap defaults to the original's repository and tag, and --sh carries both" {
	cfg=$(min_config)
	run fg-config -c "$cfg"
	assert_success
	run jq -c '.bootstrap' <<<"$output"
	assert_output '{"cliproxy_repo":"router-for-me/CLIProxyAPIPlus","cliproxy_version":"v6.8.16-0"}'
	cfg=$(min_config <<'YAML'
bootstrap:
  cliproxy_repo: router-for-me/CLIProxyAPI
  cliproxy_version: latest
YAML
)
	run fg-config --sh "$cfg"
	assert_success
	assert_line "fg_cliproxy_repo='router-for-me/CLIProxyAPI'"
	assert_line "fg_cliproxy_version='latest'"
}

@test "fg-config: bad bootstrap settings are errors naming the key and its line" {
	cfg=$(min_config <<<'bootstrap: {cliproxy_repo: "not a repo"}')
	run fg-config "$cfg"
	assert_failure 2
	assert_output --regexp "^fg-config: $cfg:15:[0-9]+: bootstrap.cliproxy_repo must be a GitHub repository OWNER/NAME"
	cfg=$(min_config <<<'bootstrap: {cliproxy_version: "../../etc"}')
	run fg-config "$cfg"
	assert_failure 2
	assert_output --partial "bootstrap.cliproxy_version must be a release tag"
	cfg=$(min_config <<<'bootstrap: {cliproxy_version: 6.8}')
	run fg-config "$cfg"
	assert_failure 2
	assert_output --partial "bootstrap.cliproxy_version must be a release tag"
	cfg=$(min_config <<<'bootstrap: {cliproxy_tag: v1}')
	run fg-config "$cfg"
	assert_failure 2
	assert_output --partial "bootstrap.cliproxy_tag: unknown key"
	cfg=$(min_config <<<'bootstrap: [1]')
	run fg-config "$cfg"
	assert_failure 2
	assert_output --partial "bootstrap must be a mapping"
}

@test "fg-config: --sh-json is --sh plus fg_config_json, the -c output, from one parse" {
	cfg=$(min_config <<'YAML'
litellm_base:
  model_list:
    - model_name: "it's $(touch pwned) `id` \\ \"q\" ''"
      n: 30.5
YAML
)
	cd "$BATS_TEST_TMPDIR"
	fg-config -c "$cfg" >expected.json
	# shellcheck disable=SC2016 # the sh -c program expands its own variables
	run --separate-stderr sh -c 'eval "$(fg-config --sh-json "$1")" && printf "%s\n" "$fg_config_json" | cmp - expected.json && printf "%s\n" "$fg_runtime_dir"' _ "$cfg"
	assert_success
	assert_output "$BATS_TEST_TMPDIR/rt"
	assert [ ! -e pwned ]
	run diff <(fg-config --sh "$cfg") <(fg-config --sh-json "$cfg" | grep -v '^fg_config_json=')
	assert_success
}

@test "fg-config: a config whose pretty JSON would pass 256 MiB is refused before printing; -c prints it" {
	local min
	min=$(min_config </dev/null)
	# 2.2 million numbers in 60 nested lists: 4 MiB as JSON text, compact,
	# and over 256 MiB pretty, each number on a line indented 120 spaces.
	{
		fg-config -c "$min" | jq -c 'del(._meta, .litellm_base)' | sed 's/}$/,/'
		awk 'BEGIN { printf "\"litellm_base\":{\"x\":"; for (i = 0; i < 60; i++) printf "["; for (i = 0; i < 2200000; i++) printf "%s1", i ? "," : ""; for (i = 0; i < 60; i++) printf "]"; print "}}" }'
	} >"$BATS_TEST_TMPDIR/deep.json"
	run --separate-stderr fg-config "$BATS_TEST_TMPDIR/deep.json"
	assert_failure 2
	assert_output ''
	[[ $stderr =~ ^"fg-config: $BATS_TEST_TMPDIR/deep.json: its JSON would be "([0-9]+)" bytes, more than the 268435456 the next stage reads"$ ]]
	assert [ "${BASH_REMATCH[1]}" -gt $((256 << 20)) ]
	# Every number came through: counted as the 1s of x's compact text (jq's
	# flatten of 60 levels would take half a minute).
	run sh -c 'fg-config -c "$1" | fg-merge -c balanced | jq -c .x | tr -cd 1 | wc -c' _ "$BATS_TEST_TMPDIR/deep.json"
	assert_success
	assert_output 2200000
}

@test "fg-config: plain block YAML (read without libyaml) loads as libyaml's reader loads it" {
	local ex=$ROOT/config/examples/flowgate.yaml
	# An anchor anywhere sends the whole file to libyaml's reader.
	{ cat "$ex"; echo 'zz_only_for_libyaml: &a 1'; } >"$BATS_TEST_TMPDIR/anchored.yaml"
	run fg-merge -c "$ex"
	assert_success
	local fast=$output
	run sh -c 'fg-merge -c "$1" | jq -c "del(.zz_only_for_libyaml)"' _ "$BATS_TEST_TMPDIR/anchored.yaml"
	assert_success
	assert_equal "$fast" "$output"
	# Each form this reader takes, against the same with an anchor added.
	tmpfile plain.yaml <<'YAML' >/dev/null
a: b # comment
c: 'it''s'
d: "q"
e:
f: [x, 'y', 1.5, ~, yes, 0o17, 017, 1:30, 2001-12-14]
g: {k: v w, n: -1}
h:
- 1
- k: 1
  l:
  - m
-
i:
  j:
    k: http://h:80/v1
    l: a#b
YAML
	{ cat "$BATS_TEST_TMPDIR/plain.yaml"; echo 'zz: &z 1'; } >"$BATS_TEST_TMPDIR/plain-anchored.yaml"
	run fg-merge -c "$BATS_TEST_TMPDIR/plain.yaml"
	assert_success
	assert_output "$(cat <<'JSON'
{"a":"b","c":"it's","d":"q","e":null,"f":["x","y",1.5,null,true,"0o17",15,90,"2001-12-14"],"g":{"k":"v w","n":-1},"h":[1,{"k":1,"l":["m"]},null],"i":{"j":{"k":"http://h:80/v1","l":"a#b"}}}
JSON
)"
	fast=$output
	run sh -c 'fg-merge -c "$1" | jq -c "del(.zz)"' _ "$BATS_TEST_TMPDIR/plain-anchored.yaml"
	assert_equal "$output" "$fast"
}

@test "fg-config: an error in a JSON config is placed after the text was loaded in place" {
	tmpfile bad.json <<'JSON' >/dev/null
{"paths": {"runtime_dir": "rt", "active_config": "rt/a.yaml",
  "state_file": "rt/s.json", "log_file": "rt/l.log"},
 "services": {"litellm": {"command": {"args": ["litellm"]}, "port": "4000x"},
              "cliproxyapi_plus": {"command": {"args": ["c"]}}},
 "profiles": {"p": {}}}
JSON
	run fg-config "$BATS_TEST_TMPDIR/bad.json"
	assert_failure 2
	assert_output --regexp "^fg-config: $BATS_TEST_TMPDIR/bad.json:3:[0-9]+: services.litellm.port .*"
}

@test "fg-config: integration defaults: env_key OPENAI_API_KEY, key_file beside the secrets, no models" {
	make_project
	run fg-config config/flowgate.yaml
	assert_success
	run jq -c '.integration' <<<"$output"
	assert_output "{\"env_key\":\"OPENAI_API_KEY\",\"key_file\":\"$PROJ/.router/secrets/litellm_client_key\"}"
	run fg-config --sh config/flowgate.yaml
	assert_success
	assert_line "fg_integration_env_key='OPENAI_API_KEY'"
	assert_line "fg_integration_default_model=''"
	assert_line --partial "$PROJ/.router/secrets/litellm_client_key"
}

@test "fg-config: integration models must be served by the base or a profile's model_list" {
	cfg=$(min_config <<'YAML'
litellm_base:
  model_list:
    - {model_name: big, litellm_params: {model: openai/big}}
integration:
  default_model: big
  fast_model: small
YAML
)
	run fg-config "$cfg"
	assert_failure 2
	assert_output --partial "integration.fast_model: 'small' is not a model_name"
	# A profile's model_list serves it too.
	sed -i 's|^  balanced: {}$|  balanced: {model_list: [{model_name: small, litellm_params: {model: openai/s}}]}|' "$cfg"
	run fg-config "$cfg"
	assert_success
	run jq -r '.integration | .default_model, .fast_model' <<<"$output"
	assert_output "big
small"
}

@test "fg-config: integration keys are checked: unknown key, bad env name, empty model, control bytes" {
	for bad in 'integration: {envkey: X}' 'integration: {env_key: 1BAD}' \
		'integration: {default_model: ""}' 'integration: {default_model: "a\tb"}' \
		'integration: []' 'integration: {key_file: ""}'; do
		cfg=$(min_config <<<"$bad")
		run fg-config "$cfg"
		assert_failure 2
		assert_output --partial "integration"
		assert_equal "${#lines[@]}" 1
	done
}

@test "fg-config: integration models are free when no model_list exists; key_file resolves against the config" {
	cfg=$(min_config <<'YAML'
integration: {default_model: anything, fast_model: "gpt-*", key_file: keys/client}
YAML
)
	run fg-config "$cfg"
	assert_success
	run jq -r '.integration | .default_model, .fast_model, .key_file' <<<"$output"
	assert_output "anything
gpt-*
$BATS_TEST_TMPDIR/keys/client"
}
