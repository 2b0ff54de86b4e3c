#!/usr/bin/env bats
# Hostile input against every tool and the porcelain: wrong types at every
# key, malformed and binary documents, NUL and invalid UTF-8, huge and deep
# input, alias bombs, unknown tags, odd names and paths, FIFOs, symlinks,
# folders, unreadable files, and HTTP servers that lie. Every case is held
# to the contract by helpers/hostile.bash (exit code, one stderr line,
# nothing on stdout, no secret, no temp file, no hang).
# shellcheck disable=SC2016 # jq programs and sh snippets are single-quoted on purpose

# The last test counts the cases the others ran: this file's tests run one
# after another, while other files run beside it.
setup_file() {
	export BATS_NO_PARALLELIZE_WITHIN_FILE=true
}

setup() {
	load helpers/common
	load helpers/hostile
	make_project
	export HOSTILE_DIR=$PROJ HOSTILE_LOGS=$PROJ/.router/runtime
	export FG_READ_TIMEOUT=0.5
	H=$BATS_TEST_TMPDIR/h
	mkdir -p "$H"
	mkfifo "$H/open"
	# The minimal config as JSON, for jq to break one key at a time.
	BASE=$H/base.json
	fg-config -c "$(min_config </dev/null)" | jq -c 'del(._meta)' >"$BASE"
}

# sh -c "$STAY_OPEN" _ FIFO CMD...: CMD reads a stdin whose writer stays
# open and silent (a sleep holding FIFO), and the writer ends with CMD. (A
# pipe from `sleep 5` made the shell wait out the sleep: 5 s a case.)
STAY_OPEN='f=$1; shift; sleep 30 >"$f" & w=$!; "$@" <"$f"; rc=$?; kill "$w"; exit "$rc"'

# broken NAME JQ_PROGRAM: the minimal config changed by JQ_PROGRAM, as a file.
broken() {
	jq -c "$2" "$BASE" >"$H/$1.json"
	printf '%s\n' "$H/$1.json"
}

# wrong PATH VALUE...: every VALUE (JSON) at PATH (a jq path) is refused.
# The cases gather in the test's WRONG, for hostile_jq to run: one jq makes
# all their files.
wrong() {
	local path=$1 v
	shift
	for v in "$@"; do
		WRONG+=("$path = $v")
	done
}

@test "hostile fg-config: a wrong type or value at every key" {
	local -a WRONG=()
	wrong .config_version '"2"' 3 0 '[]' '{}' true 1.5 null
	wrong .paths '[]' '"x"' 1 null
	for k in runtime_dir active_config state_file log_file; do
		wrong ".paths.$k" 1 '[]' '{}' null true '""'
	done
	wrong .services '[]' '"x"' '{}'
	wrong .services.litellm '"x"' '[]' 1 null
	wrong .services.litellm.command '"x"' '[]' null
	wrong .services.litellm.command.args '[]' '"litellm"' '[1]' '[[]]' '[{}]' '[null]' '{}' '[""]'
	wrong .services.litellm.command.cwd 1 '[]' '{}'
	wrong .services.litellm.env '[]' '"x"' '{"A":[]}' '{"A":{}}' '{"A=B":"x"}' '{"":"x"}' '{"1A":"x"}' '{"A B":"x"}'
	wrong .services.litellm.host 1 '[]' '"a\nb"' '""' '"a b"' '"h/x"'
	wrong .services.litellm.port 0 65536 -1 '"x"' 1.5 '[]' '"4000x"'
	wrong .services.litellm.readiness_path 1 '"no-slash"' '"/a\r\nX: y"' '"/a b"' '[]'
	wrong .profiles '{}' '[]' '"x"' '{"a":1}' '{"a":[]}' '{"-o":{}}' '{"-c":{}}' '{"a b":{}}' '{"a\nb":{}}' '{"a;rm":{}}'
	wrong .litellm_base '[]' '"x"' 1
	wrong .auth '[]' '"x"'
	wrong .auth.providers '[]' '"x"' '{"codex":"x"}' '{"codex":{"method":1}}'
	wrong .credentials '[]' '"x"'
	wrong .credentials.upstream '[]' '"x"' '{"k":"x"}' '{"k":{"file":1}}' '{"k":{"file":[]}}'
	wrong .secret_files '"x"' '{}' '[1]' '[[]]'
	wrong .bogus_top_level_key 1
	hostile_jq 2 "$BASE" "$H" fg-config "${WRONG[@]}"
	hostile 2 "fg-config: no services.litellm" fg-config "$(broken nolitellm 'del(.services.litellm)')"
	hostile 2 "fg-config: no paths.runtime_dir" fg-config "$(broken noruntime 'del(.paths.runtime_dir)')"
	hostile_done
}

@test "hostile fg-config: malformed, truncated and binary documents" {
	local cfg=$ROOT/config/examples/flowgate.yaml size off
	size=$(wc -c <"$cfg")
	for off in 1 7 31 64 100 250 400 555 700 900 1200 1500 1800 2100 2400; do
		[ "$off" -lt "$size" ] || continue
		head -c "$off" "$cfg" >"$H/trunc$off.yaml"
		hostile '0|2' "fg-config: the example cut at byte $off" fg-config "$H/trunc$off.yaml"
	done
	fg-config -c "$(min_config </dev/null)" >"$H/min.json"
	for off in 1 10 50 200 400; do
		head -c "$off" "$H/min.json" >"$H/trunc$off.json"
		hostile 2 "fg-config: JSON cut at byte $off" fg-config "$H/trunc$off.json"
	done
	# One awk writes the six files, srand(seed) before each, as six did.
	awk -v dir="$H" 'BEGIN { for (s = 1; s <= 6; s++) { srand(s); f = dir "/bin" s; for (i = 0; i < 3000; i++) printf "%c", int(rand() * 256) >f; close(f) } }'
	for seed in 1 2 3 4 5 6; do
		hostile 2 "fg-config: 3000 random bytes (seed $seed)" fg-config "$H/bin$seed"
	done
	printf '' >"$H/empty.yaml"
	hostile 2 "fg-config: an empty file" fg-config "$H/empty.yaml"
	printf '\n\n   \n' >"$H/blank.yaml"
	hostile 2 "fg-config: whitespace only" fg-config "$H/blank.yaml"
	printf '# just a comment\n' >"$H/comment.yaml"
	hostile 2 "fg-config: comments only" fg-config "$H/comment.yaml"
	printf -- '--- 42\n' >"$H/scalar.yaml"
	hostile 2 "fg-config: a scalar document" fg-config "$H/scalar.yaml"
	printf -- '- a\n- b\n' >"$H/list.yaml"
	hostile 2 "fg-config: a list document" fg-config "$H/list.yaml"
	printf 'paths: {runtime_dir: a\n' >"$H/unclosed.yaml"
	hostile 2 "fg-config: an unclosed flow mapping" fg-config "$H/unclosed.yaml"
	printf 'a: b\n\tc: d\n' >"$H/tab.yaml"
	hostile 2 "fg-config: a tab as indentation" fg-config "$H/tab.yaml"
	printf -- '--- {}\n--- {}\n' >"$H/two.yaml"
	hostile 2 "fg-config: two documents" fg-config "$H/two.yaml"
	hostile_done
}

@test "hostile fg-config: NUL, invalid UTF-8, unknown tags, huge, deep, alias bombs" {
	local min
	min=$(min_config </dev/null)
	sed 's/runtime_dir: rt/runtime_dir: "rt\\0x"/' "$min" >"$H/nul-escape.yaml"
	hostile 2 "fg-config: a \\0 escape in a path" fg-config "$H/nul-escape.yaml"
	jq -c '.paths.runtime_dir = "rt\u0000x"' "$BASE" >"$H/nul-json.json"
	hostile 2 "fg-config: a \\u0000 escape in JSON" fg-config "$H/nul-json.json"
	jq -c '.services.litellm.command.args = ["a\u0000b"]' "$BASE" >"$H/nul-arg.json"
	hostile 2 "fg-config: a NUL in an arg" fg-config "$H/nul-arg.json"
	jq -c '.services.litellm.env = {"A": "x\u0000y"}' "$BASE" >"$H/nul-env.json"
	hostile 2 "fg-config: a NUL in an env value" fg-config "$H/nul-env.json"
	{ cat "$min"; printf 'secret_files: ["a\x00b"]\n'; } >"$H/raw-nul.yaml"
	hostile 2 "fg-config: a raw NUL byte" fg-config "$H/raw-nul.yaml"
	{ cat "$min"; printf 'secret_files: ["\xff\xfe"]\n'; } >"$H/bad-utf8.yaml"
	hostile 2 "fg-config: invalid UTF-8 in YAML" fg-config "$H/bad-utf8.yaml"
	{ jq -c '.secret_files = ["PLACEHOLDER"]' "$BASE" | sed 's/PLACEHOLDER/\xc3\x28/'; } >"$H/bad-utf8.json"
	hostile 2 "fg-config: invalid UTF-8 in JSON" fg-config "$H/bad-utf8.json"
	for tag in '!!python/object:os.system' '!<tag:yaml.org,2002:python/name:x>' '!foo' '!!binaryish' '!!int'; do
		{ cat "$min"; printf 'litellm_base: %s {a: 1}\n' "$tag"; } >"$H/tag.yaml"
		hostile 2 "fg-config: the tag $tag on a mapping" fg-config "$H/tag.yaml"
	done
	printf -- '--- !!str\n%s\n' "$(sed 's/^/ /' "$min" | sed '1s/^ //')" >"$H/str-doc.yaml"
	printf -- '--- !!str\na: 1\n' >"$H/str-doc.yaml"
	hostile 2 "fg-config: --- !!str on a mapping" fg-config "$H/str-doc.yaml"
	# A MiB of spaces given to cat 65 times ({,,,} is four of the same word).
	head -c $((1 << 20)) /dev/zero | tr '\0' ' ' >"$H/1m"
	cat "$H/1m"{,,,}{,,,}{,,,} "$H/1m" >"$H/huge.yaml"
	hostile 2 "fg-config: 65 MiB of spaces" fg-config "$H/huge.yaml"
	{ cat "$min"; printf 'litellm_base: '; printf '[%.0s' $(seq 1 200); printf ']%.0s' $(seq 1 200); echo; } >"$H/deep.yaml"
	hostile 2 "fg-config: 200 nested lists" fg-config "$H/deep.yaml"
	{ cat "$min"; printf 'litellm_base:\n'; for i in $(seq 1 100); do printf '%*sk:\n' "$((i * 2))" ''; done; } >"$H/deep-map.yaml"
	hostile 2 "fg-config: 100 nested mappings" fg-config "$H/deep-map.yaml"
	{
		cat "$min"
		echo 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'
		for i in $(seq 1 9); do echo "x$i: &a$i [*a$((i - 1)), *a$((i - 1)), *a$((i - 1)), *a$((i - 1)), *a$((i - 1)), *a$((i - 1)), *a$((i - 1)), *a$((i - 1)), *a$((i - 1))]"; done
	} >"$H/laughs.yaml"
	hostile 2 "fg-config: a billion laughs" fg-config "$H/laughs.yaml"
	{ cat "$min"; echo 'litellm_base: &x {a: *x}'; } >"$H/self-alias.yaml"
	hostile 2 "fg-config: an alias to itself" fg-config "$H/self-alias.yaml"
	{ cat "$min"; echo 'litellm_base: *nope'; } >"$H/undefined-alias.yaml"
	hostile 2 "fg-config: an undefined alias" fg-config "$H/undefined-alias.yaml"
	{ cat "$min"; echo 'litellm_base: {a: 1, a: 2}'; } >"$H/dup.yaml"
	hostile 2 "fg-config: a duplicate key" fg-config "$H/dup.yaml"
	hostile_done
}

@test "hostile fg-config: FIFOs, folders, symlinks, unreadable and special files" {
	mkfifo "$H/fifo.yaml"
	hostile 1 "fg-config: a FIFO with no writer" fg-config "$H/fifo.yaml"
	hostile 2 "fg-config: a folder" fg-config "$H"
	ln -s "$H/nowhere.yaml" "$H/dangling.yaml"
	hostile 2 "fg-config: a dangling symlink" fg-config "$H/dangling.yaml"
	ln -s "$H/loop.yaml" "$H/loop.yaml"
	hostile 2 "fg-config: a symlink loop" fg-config "$H/loop.yaml"
	hostile 2 "fg-config: /dev/null" fg-config /dev/null
	hostile 2 "fg-config: a missing file" fg-config "$H/missing.yaml"
	hostile 1 "fg-config: stdin that stays open" sh -c "$STAY_OPEN" _ "$H/open" fg-config -
	hostile 2 "fg-config: empty stdin" fg-config - </dev/null
	if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
		local dir
		dir=$(mktemp -d /tmp/fg-hostile.XXXXXX)
		cp "$(min_config </dev/null)" "$dir/c.yaml"
		chmod 755 "$dir"
		chmod 600 "$dir/c.yaml"
		hostile 1 "fg-config: an unreadable file" setpriv --reuid=65534 --regid=65534 --clear-groups "$ROOT/bin/fg-config" "$dir/c.yaml"
		rm -rf "$dir"
	fi
	hostile_done
}

@test "hostile fg-config: config paths with spaces, dashes, metacharacters and newlines" {
	local min name
	min=$(min_config </dev/null)
	for name in 'a b.yaml' '-o.yaml' '$(touch pwned).yaml' '`id`.yaml' 'a;b.yaml' "it's.yaml" '*.yaml' 'ünï.yaml'; do
		mkdir -p "$H/d"
		cp "$min" "$H/d/$name"
		hostile 0 "fg-config: a config named $name" fg-config -- "$H/d/$name"
		rm -f "$H/d/$name"
	done
	assert [ ! -e pwned ]
	mkdir -p "$H/new
line"
	cp "$min" "$H/new
line/c.yaml"
	hostile 2 "fg-config: a config in a folder whose name holds a newline" fg-config "$H/new
line/c.yaml"
	hostile_done
}

@test "hostile fg-merge: bad overlays, names and inputs" {
	local min
	min=$(min_config </dev/null)
	printf '{"a": [1, 2' >"$H/trunc.json"
	hostile 2 "fg-merge: a truncated overlay" fg-merge "$BASE" "$H/trunc.json"
	printf '' >"$H/empty.json"
	hostile 2 "fg-merge: an empty overlay" fg-merge "$BASE" "$H/empty.json"
	awk 'BEGIN { srand(9); for (i = 0; i < 2000; i++) printf "%c", int(rand() * 256) }' >"$H/bin"
	hostile 2 "fg-merge: binary garbage" fg-merge "$BASE" "$H/bin"
	mkfifo "$H/fifo"
	hostile 1 "fg-merge: a FIFO with no writer" fg-merge "$BASE" "$H/fifo"
	hostile 2 "fg-merge: a folder" fg-merge "$BASE" "$H"
	hostile 2 "fg-merge: a missing file" fg-merge "$BASE" "$H/missing.json"
	hostile 2 "fg-merge: empty stdin" fg-merge balanced </dev/null
	hostile 1 "fg-merge: stdin that stays open" sh -c "$STAY_OPEN" _ "$H/open" fg-merge balanced
	for name in nope 'a b' 'a
b' '-o' '$(id)' '' 'balanced '; do
		hostile 2 "fg-merge: the profile name '$name'" sh -c 'fg-config -c "$1" | fg-merge -- "$2"' _ "$min" "$name"
	done
	printf '[1, 2]' >"$H/list.json"
	hostile '0|2' "fg-merge: a list over a mapping" fg-merge "$BASE" "$H/list.json"
	jq -c '.paths.runtime_dir = "rt\u0000x"' "$BASE" >"$H/nul.json"
	hostile 2 "fg-merge: a NUL in a string" fg-merge "$BASE" "$H/nul.json"
	hostile 2 "fg-merge: an unknown option" fg-merge --frob "$BASE"
	hostile_done
}

@test "hostile fg-resolve: credential files that are missing, empty, special or binary" {
	local doc=$H/doc.json out=$H/active.yaml
	printf '{"api_key_ref": "k"}' >"$doc"
	echo "old: config" >"$out"
	chmod 600 "$out"
	local -a cred=(fg-resolve -o "$out" "$doc" --cred)
	hostile 1 "fg-resolve: a missing credential file" "${cred[@]}" "k=$H/missing.key"
	: >"$H/empty.key"
	chmod 600 "$H/empty.key"
	hostile 1 "fg-resolve: an empty credential file" "${cred[@]}" "k=$H/empty.key"
	printf '  \n\t\n' >"$H/blank.key"
	chmod 600 "$H/blank.key"
	hostile 1 "fg-resolve: a whitespace-only credential file" "${cred[@]}" "k=$H/blank.key"
	mkdir -p "$H/dir.key"
	hostile 1 "fg-resolve: a folder as the credential file" "${cred[@]}" "k=$H/dir.key"
	hostile 1 "fg-resolve: /dev/null as the credential file" "${cred[@]}" "k=/dev/null"
	hostile 1 "fg-resolve: /dev/zero as the credential file" "${cred[@]}" "k=/dev/zero"
	mkfifo "$H/fifo.key"
	hostile 1 "fg-resolve: a FIFO as the credential file" "${cred[@]}" "k=$H/fifo.key"
	printf 'sk-a\0b\n' >"$H/nul.key"
	chmod 600 "$H/nul.key"
	hostile 1 "fg-resolve: a NUL byte in the key" "${cred[@]}" "k=$H/nul.key"
	head -c 20000 /dev/zero | tr '\0' k >"$H/big.key"
	chmod 600 "$H/big.key"
	hostile 1 "fg-resolve: a 20 kB key file" "${cred[@]}" "k=$H/big.key"
	ln -s "$H/dir.key" "$H/link.key"
	hostile 1 "fg-resolve: a symlink to a folder" "${cred[@]}" "k=$H/link.key"
	printf '{"api_key_ref": "nope"}' >"$H/unknown.json"
	hostile 2 "fg-resolve: an unknown reference" fg-resolve -o "$out" "$H/unknown.json"
	printf '{"api_key_ref": 5}' >"$H/num.json"
	hostile 2 "fg-resolve: a reference that is a number" fg-resolve -o "$out" "$H/num.json"
	printf '{"k": "${FG_HOSTILE_UNSET}"}' >"$H/var.json"
	hostile 2 "fg-resolve: an unset variable" env -u FG_HOSTILE_UNSET fg-resolve -o "$out" "$H/var.json"
	hostile 2 "fg-resolve: empty stdin" fg-resolve -o "$out" - </dev/null
	hostile 1 "fg-resolve: stdin that stays open" sh -c "$STAY_OPEN" _ "$H/open" fg-resolve -o "$out" -
	printf '{"a": ' >"$H/trunc.json"
	hostile 2 "fg-resolve: a truncated document" fg-resolve -o "$out" "$H/trunc.json"
	hostile 2 "fg-resolve: --cred without =" fg-resolve --cred k -o "$out" "$doc"
	hostile 1 "fg-resolve: -o into a missing folder" fg-resolve --cred "k=$H/missing.key" -o "$H/no/such/dir/a.yaml" "$doc"
	assert_equal "$(cat "$out")" "old: config"
	hostile_done
}

@test "hostile fg-state: state files and event logs that are not what they should be" {
	local st=$H/state.json log=$H/events.log
	printf '[' >"$st"
	hostile 2 "fg-state: a truncated state file" fg-state show "$st"
	printf '[1]' >"$st"
	hostile 2 "fg-state: a state file holding a list" fg-state show "$st"
	printf '{"current_profile": "a\\u0000b"}' >"$st"
	hostile 2 "fg-state: a \\u0000 in the state file" fg-state show "$st"
	printf '{"current_profile": "a\0b"}' >"$st"
	hostile 2 "fg-state: a raw NUL in the state file" fg-state show "$st"
	mkfifo "$H/fifo.json"
	hostile 2 "fg-state: a FIFO as the state file" fg-state show "$H/fifo.json"
	hostile 2 "fg-state: a folder as the state file" fg-state show "$H"
	mkfifo "$H/fifo.log"
	hostile 1 "fg-state: a FIFO with no reader as the events log" fg-state event --log "$H/fifo.log" profile_switch
	hostile 1 "fg-state: a folder as the events log" fg-state event --log "$H" profile_switch
	hostile 2 "fg-state: an unknown event" fg-state event --log "$log" frobbed
	hostile 2 "fg-state: a detail over 4 kB" fg-state event --log "$log" --detail "$(head -c 5000 /dev/zero | tr '\0' x)" profile_switch
	hostile 2 "fg-state: set with an empty profile" fg-state set "$st" ''
	hostile 1 "fg-state: set into a missing folder" fg-state set "$H/no/such/state.json" balanced
	hostile 2 "fg-state: no command" fg-state
	hostile 2 "fg-state: an unknown command" fg-state frob
	hostile_done
}

@test "hostile fg-state: invalid UTF-8 in an event still makes a line jq parses" {
	local log=$H/events.log
	run fg-state event --log "$log" --detail $'bad \xff\xfe utf-8 \xc3' --profile $'\xe2\x82' profile_switch
	assert_success
	run jq -c '[.event, (.detail | type)]' "$log"
	assert_success
	assert_output '["profile_switch","string"]'
	printf '%s\n' "fg-state: invalid UTF-8 in an event" >>"$BATS_FILE_TMPDIR/hostile-cases"
}

@test "hostile fg-spawn: pidfiles, options and URLs" {
	local pf=$H/s.pid
	printf 'garbage\n' >"$pf"
	hostile 1 "fg-spawn: a garbage pidfile" fg-spawn status --pidfile "$pf"
	printf '99999999999999999999\n1\n' >"$pf"
	hostile 1 "fg-spawn: a pid too large" fg-spawn status --pidfile "$pf"
	printf -- '-1\n1\n' >"$pf"
	hostile 1 "fg-spawn: a negative pid" fg-spawn stop --pidfile "$pf"
	printf '0\n1\n' >"$pf"
	hostile 1 "fg-spawn: pid 0" fg-spawn stop --pidfile "$pf"
	mkfifo "$H/fifo.pid"
	hostile 1 "fg-spawn: a FIFO as the pidfile" fg-spawn status --pidfile "$H/fifo.pid"
	hostile 1 "fg-spawn: a folder as the pidfile" fg-spawn status --pidfile "$H"
	hostile 2 "fg-spawn: --env without =" fg-spawn start --pidfile "$pf.2" --log "$H/l" --env NOEQ -- true
	hostile 2 "fg-spawn: a port that is not a number" fg-spawn start --pidfile "$pf.2" --log "$H/l" --port 127.0.0.1:x -- true
	hostile 2 "fg-spawn: no program" fg-spawn start --pidfile "$pf.2" --log "$H/l"
	hostile 1 "fg-spawn: a program that does not exist" fg-spawn start --pidfile "$pf.2" --log "$H/l" -- "$H/nope"
	hostile 2 "fg-spawn: a probe timeout of garbage" fg-spawn probe --timeout x http://127.0.0.1:1/
	hostile 2 "fg-spawn: no command" fg-spawn
	hostile 2 "fg-spawn: an unknown command" fg-spawn frob
	hostile_done
}

# probe_case NAME SECONDS URL FILE: one probe case, counted as the others are;
# fg-spawn probe -c's report (stdout and stderr) to FILE; exit 0 or 1 only.
probe_case() {
	printf '%s\n' "fg-spawn probe: $1" >>"$BATS_FILE_TMPDIR/hostile-cases"
	timeout 10 fg-spawn probe -c --timeout "$2" "$3" >"$4" 2>&1 || assert [ "$?" -le 1 ]
}

@test "hostile fg-spawn probe: servers that lie are reported, never followed, never hang" {
	load helpers/server
	start_test_server 60
	local i
	local -a lies=(endless truncated garbage html wrong-type bad-status drop redirect-loop redirect-file redirect-ok) urls files=() got
	# Each probe's report (stdout and stderr, as run took them) to a file, and
	# one jq reads them all, a line each, not a run and a jq per probe.
	for i in "${!lies[@]}"; do
		files[i]=$H/lie$i.json
		probe_case "a server that answers /lie/${lies[i]}" 2 "$TESTSERVER_URL/lie/${lies[i]}" "${files[i]}"
	done
	run jq -r '.[0] | "\(.ok) \(.reason)"' "${files[@]}"
	assert_success
	mapfile -t got <<<"$output"
	assert_equal "${#got[@]}" "${#lies[@]}"
	for i in "${!lies[@]}"; do
		case ${lies[i]} in
		garbage | html | wrong-type) assert_equal "${got[i]}" "true none" ;; # readiness reads no body
		redirect-*) assert_equal "${got[i]}" "false http_302" ;;              # never followed
		endless) assert_regex "${got[i]}" '^(true none|false (timeout|error))$' ;;
		*) assert_regex "${got[i]}" '^false [a-z_0-9]+$' ;;
		esac
	done
	urls=("file:///etc/passwd" "gopher://127.0.0.1/" "ftp://127.0.0.1/" "not a url" "http://"
		"http://127.0.0.1:99999/" "http://[::1/" "$TESTSERVER_URL/$(head -c 3000 /dev/zero | tr '\0' a)")
	files=()
	for i in "${!urls[@]}"; do
		files[i]=$H/url$i.json
		probe_case "the URL ${urls[i]:0:40}" 1 "${urls[i]}" "${files[i]}"
	done
	run jq -r '.[0].reason | test("^[a-z_0-9]+$")' "${files[@]}"
	assert_success
	assert_output "$(printf 'true\n%.0s' "${urls[@]}")"
	stop_test_server
}

@test "hostile flowgate: the porcelain's arguments and configs" {
	local min
	min=$(min_config </dev/null)
	hostile 2 "flowgate: no command" flowgate
	hostile 2 "flowgate: an unknown command" flowgate frob
	hostile 2 "flowgate: a command with a newline" flowgate 'pro
file'
	hostile 2 "flowgate: a command with a slash" flowgate ../bin/fg-config
	hostile 2 "flowgate: an unknown option" flowgate --frob
	hostile 2 "flowgate: --format garbage" flowgate --format 'x
y' status
	hostile 2 "flowgate: --config with no value" flowgate --config
	hostile 2 "flowgate: --config a missing file" flowgate --config "$H/missing.yaml" status
	hostile 2 "flowgate: --config a folder" flowgate --config "$H" status
	mkfifo "$H/fifo.yaml"
	hostile 1 "flowgate: --config a FIFO" flowgate --config "$H/fifo.yaml" status
	printf 'garbage: [\n' >"$H/bad.yaml"
	hostile 2 "flowgate: --config garbage" flowgate --config "$H/bad.yaml" profile list
	for name in 'balanced cost' '-o' '-c' '' 'a
b' '$(touch pwned)' '../balanced' 'balanced;id'; do
		hostile 2 "flowgate: profile set '$name'" flowgate profile set "$name"
	done
	assert [ ! -e pwned ]
	hostile 2 "flowgate: profile with no subcommand" flowgate profile
	hostile 2 "flowgate: profile frob" flowgate profile frob
	hostile 2 "flowgate: profile list with an argument" flowgate profile list x
	hostile 2 "flowgate: status with an argument" flowgate status x
	hostile 2 "flowgate: service with no action" flowgate service
	hostile 2 "flowgate: service frob" flowgate service frob
	hostile 2 "flowgate: service start with an unknown service" flowgate service start 'no
such'
	hostile 2 "flowgate: service stop --timeout with no value" flowgate service stop --timeout
	hostile 2 "flowgate: health --timeout garbage" flowgate health --timeout x
	hostile 2 "flowgate: health with an unknown argument" flowgate health --frob
	hostile 2 "flowgate: help for an unknown command" flowgate help frob
	mkdir -p .router
	: >.router/runtime
	hostile 1 "flowgate: runtime_dir that is a file" flowgate profile set balanced
	rm .router/runtime
	hostile 2 "flowgate: doctor with an argument" flowgate doctor x
	hostile 2 "flowgate: bootstrap with no action" flowgate bootstrap
	hostile 2 "flowgate: bootstrap frob" flowgate bootstrap frob
	hostile 2 "flowgate: bootstrap download --frob" flowgate bootstrap download --frob
	for v in '' '../../x' 'v1
v2' '$(touch pwned)' 'v1?x=1' '.hidden' 'v1 v2' "$(printf 'v\001')"; do
		hostile 2 "flowgate: bootstrap --cliproxy-version '$v'" flowgate bootstrap download --cliproxy-version "$v"
	done
	for r in '' 'owner' 'a/b/c' '../etc/passwd' '-o/x' 'o/$(touch pwned)' 'o
x/y'; do
		hostile 2 "flowgate: bootstrap --cliproxy-repo '$r'" flowgate bootstrap download --cliproxy-repo "$r"
	done
	load helpers/server
	FLOWGATE_GITHUB_API=http://127.0.0.1:$(closed_port) \
		hostile 1 "flowgate: bootstrap with the release API not answering" flowgate bootstrap download
	assert [ ! -e pwned ]
	hostile_done
}

@test "hostile: at least 200 cases ran" {
	run wc -l <"$BATS_FILE_TMPDIR/hostile-cases"
	assert [ "$output" -ge 200 ]
}
