#!/usr/bin/env bats
# scripts/security_check.sh: tracked secrets, secret file modes and ignore
# rules of a FlowGate checkout (a throwaway git repository per test).
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

# The checkout is made once for the file (make_project, make_repo: a git
# init and commit, some 0.1 CPU-s) and each test works on a copy of its own.
# SECRET, the upstream key in it, is the file's.
setup_file() {
	BATS_TEST_TMPDIR=$BATS_FILE_TMPDIR
	load helpers/common
	git_env
	make_project
	make_repo
	export SECRET
}

setup() {
	load helpers/common
	SCRIPT=$ROOT/scripts/security_check.sh
	git_env
	PROJ=$BATS_TEST_TMPDIR/proj
	cp -a "$BATS_FILE_TMPDIR/proj" "$PROJ"
	cd "$PROJ" || return
	REAL=$(pwd -P)
}

# Only this repository's git config counts (no user or system file).
git_env() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
	export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM
}

# Turns the project into a git checkout: the ignore rules the check asks
# for, the templates and a README committed; the local configs and the
# upstream key file (0600) stay untracked. REAL is its physical path (the
# one git prints).
make_repo() {
	git init -q
	git config user.name "FlowGate Test"
	git config user.email test@example.invalid
	ignore_rules >.gitignore
	mkdir -p config/examples
	cp "$ROOT/config/examples/flowgate.yaml" "$ROOT/config/examples/cliproxyapi.yaml" config/examples/
	echo "SECRET_KEY=" >.env.example
	echo "a FlowGate checkout" >README.md
	git add .gitignore .env.example README.md config/examples
	git commit -q -m init
	REAL=$(pwd -P)
}

ignore_rules() {
	printf '%s\n' .router/ config/flowgate.yaml config/cliproxyapi.yaml .env '.env.*' \
		'!.env.example' '*.pem' '*.key' '*.p12' '*.pfx'
}

# The hint line's text (after "hint ") of a check.
hint_of() {
	printf '%s\n' "$output" | sed -n "s/^security:$1:hint //p"
}

@test "security_check: a clean checkout passes all three checks, exit 0" {
	run --separate-stderr "$SCRIPT"
	assert_success
	assert_output "security:tracked_sensitive=pass
security:secret_permissions=pass
security:gitignore=pass"
	assert_equal "$stderr" ""
}

@test "security_check: a tracked file under .router/ fails with its item and hint" {
	mkdir -p .router/runtime
	echo '{}' >.router/runtime/state.json
	git add -f .router/runtime/state.json
	run "$SCRIPT"
	assert_failure 1
	assert_line --regexp '^security:tracked_sensitive=fail count=[0-9]+$'
	assert_line 'security:tracked_sensitive:item path=.router/runtime/state.json'
	assert_line --regexp '^security:tracked_sensitive:hint .*git rm --cached -- PATH.*\.gitignore'
	assert_line security:secret_permissions=pass
	assert_line security:gitignore=pass
}

@test "security_check: a tracked config/flowgate.yaml fails; the tracked templates do not" {
	git add -f config/flowgate.yaml
	run "$SCRIPT"
	assert_failure 1
	assert_line --regexp '^security:tracked_sensitive=fail count=[0-9]+$'
	assert_line 'security:tracked_sensitive:item path=config/flowgate.yaml'
	refute_line --partial config/examples
	assert_equal "$(grep -c '^security:tracked_sensitive:item ' <<<"$output")" 1
	assert_equal "$(grep -c '^security:tracked_sensitive:hint ' <<<"$output")" 1
}

@test "security_check: a tracked .pem fails, in any folder and any case; .env.example is fine" {
	mkdir -p certs
	echo key >certs/server.pem
	echo key >CLIENT.PEM
	git add -f certs/server.pem CLIENT.PEM
	run "$SCRIPT"
	assert_failure 1
	assert_line 'security:tracked_sensitive:item path=certs/server.pem'
	assert_line 'security:tracked_sensitive:item path=CLIENT.PEM'
	refute_line --partial .env.example
}

@test "security_check: .env, auth files, key files and a management key are tracked secrets" {
	mkdir -p deploy/auths keys
	for f in .env deploy/.env.prod deploy/auths/codex.json keys/upstream_api_key keys/my_management_key.txt; do
		echo x >"$f"
		git add -f "$f"
	done
	run "$SCRIPT"
	assert_failure 1
	for f in .env deploy/.env.prod deploy/auths/codex.json keys/upstream_api_key keys/my_management_key.txt; do
		assert_line "security:tracked_sensitive:item path=$f"
	done
}

@test "security_check: a tracked runtime file at a path only the config names fails" {
	sed -i 's|\.\./\.router/runtime|../var/run|' config/flowgate.yaml
	mkdir -p var/run
	echo '{}' >var/run/state.json
	git add var/run/state.json
	run "$SCRIPT"
	assert_failure 1
	assert_line 'security:tracked_sensitive:item path=var/run/state.json'
}

@test "security_check: a 0644 secret file fails with its mode and a chmod hint that fixes it" {
	key=$REAL/.router/secrets/upstream_cliproxyapi_api_key
	chmod 644 "$key"
	run "$SCRIPT"
	assert_failure 1
	assert_line security:tracked_sensitive=pass
	assert_line --regexp '^security:secret_permissions=fail count=[0-9]+$'
	assert_line "security:secret_permissions:item path=$key mode=644"
	assert_line "security:secret_permissions:hint chmod 600 -- $key"
	assert_line security:gitignore=pass
	eval "$(hint_of secret_permissions)"
	assert_equal "$(file_mode "$key")" 600
	run "$SCRIPT"
	assert_success
}

@test "security_check: a 0644 auth json in the auth dir fails, and each file is named once" {
	mkdir -p .router/auths
	echo '{}' >.router/auths/codex.json # in secret_files and in the auth dir
	echo '{}' >.router/auths/extra.json # only in the auth dir
	chmod 644 .router/auths/codex.json .router/auths/extra.json
	run "$SCRIPT"
	assert_failure 1
	assert_line --regexp '^security:secret_permissions=fail count=[0-9]+$'
	assert_line "security:secret_permissions:item path=$REAL/.router/auths/codex.json mode=644"
	assert_line "security:secret_permissions:item path=$REAL/.router/auths/extra.json mode=644"
	assert_equal "$(grep -c '^security:secret_permissions:item ' <<<"$output")" 2
	assert_equal "$(grep -c '^security:secret_permissions:hint chmod 600 -- ' <<<"$output")" 1
}

@test "security_check: the management key file is a secret file too, wherever the config puts it" {
	sed -i 's|management_key_file: .*|management_key_file: ../private/cliproxy_management_key|' config/flowgate.yaml
	mkdir private
	echo key >private/cliproxy_management_key
	chmod 640 private/cliproxy_management_key
	run "$SCRIPT"
	assert_failure 1
	assert_line "security:secret_permissions:item path=$REAL/private/cliproxy_management_key mode=640"
}

@test "security_check: an odd file name stays one item line, and its hint is one sh word" {
	mkdir -p .router/auths
	name=".router/auths/it's a
b.json"
	echo '{}' >"$name"
	chmod 644 "$name"
	run "$SCRIPT"
	assert_failure 1
	assert_line "security:secret_permissions:item path=$REAL/.router/auths/it's a?b.json mode=644"
	assert_line "security:secret_permissions:hint chmod 600 -- '$REAL/.router/auths/it'\\''s a?b.json'"
}

@test "security_check: without config/flowgate.yaml the default layout is still checked" {
	rm config/flowgate.yaml
	run "$SCRIPT"
	assert_success
	mkdir -p .router/auths
	echo '{}' >.router/auths/copilot.json
	chmod 604 .router/auths/copilot.json
	run "$SCRIPT"
	assert_failure 1
	assert_line "security:secret_permissions:item path=$REAL/.router/auths/copilot.json mode=604"
}

@test "security_check: a config that does not load fails in one line and a hint, no shell error" {
	printf 'paths: {}\n' >config/broken.yaml
	run --separate-stderr "$SCRIPT" config/broken.yaml
	assert_failure 1
	assert_line --regexp '^security:secret_permissions=fail count=[0-9]+$'
	assert_line "security:secret_permissions:item path=config/broken.yaml config=not-loaded"
	assert_line --regexp '^security:secret_permissions:hint fix the config'
	assert_line security:tracked_sensitive=pass
	assert_line security:gitignore=pass
	assert_equal "$stderr" "fg-config: config/broken.yaml:1:8: paths.runtime_dir is required"
}

@test "security_check: a CONFIG that does not exist is named, exit 1" {
	run --separate-stderr "$SCRIPT" config/nope.yaml
	assert_failure 1
	assert_line "security:secret_permissions:item path=config/nope.yaml config=not-loaded"
	assert_equal "${#stderr_lines[@]}" 1
}

@test "security_check: the runtime folder's rule missing fails with its pattern and a hint" {
	ignore_rules | grep -vxF '.router/' >.gitignore
	run "$SCRIPT"
	assert_failure 1
	assert_line security:tracked_sensitive=pass
	assert_line security:secret_permissions=pass
	assert_line 'security:gitignore=fail count=1'
	assert_line 'security:gitignore:item pattern=.router/'
	assert_equal "$(grep -c '^security:gitignore:item ' <<<"$output")" 1
	assert_line --regexp '^security:gitignore:hint add each item as a line of .*/\.gitignore$'
	refute_line --partial 'security:gitignore:recommend'
}

@test "security_check: the original's .gitignore (.router/ alone) passes; the other rules are recommended" {
	printf '.router/\n' >.gitignore
	run "$SCRIPT"
	assert_success
	assert_line security:gitignore=pass
	for p in config/flowgate.yaml config/cliproxyapi.yaml .env '.env.*' '*.pem' '*.key' '*.p12' '*.pfx'; do
		assert_line "security:gitignore:recommend pattern=$p"
	done
	assert_equal "$(grep -c '^security:gitignore:recommend ' <<<"$output")" 8
	# A rule that happens to match a probe's name does not stand in for .router/.
	printf 'x\nprobe\n' >.gitignore
	run "$SCRIPT"
	assert_failure 1
	assert_line 'security:gitignore:item pattern=.router/'
}

@test "security_check: without any .gitignore the runtime folder is the item, the rest recommended" {
	rm .gitignore
	run "$SCRIPT"
	assert_failure 1
	assert_line 'security:gitignore=fail count=1'
	assert_line 'security:gitignore:item pattern=.router/'
	for p in config/flowgate.yaml config/cliproxyapi.yaml .env '.env.*' '*.pem' '*.key' '*.p12' '*.pfx'; do
		assert_line "security:gitignore:recommend pattern=$p"
	done
}

@test "security_check: any rule form counts (/.router, **/*.pem, a subfolder's .gitignore)" {
	printf '%s\n' /.router '**/*.pem' '*.key' '*.p12' '*.pfx' .env '.env.*' >.gitignore
	printf '%s\n' flowgate.yaml cliproxyapi.yaml >config/.gitignore
	run "$SCRIPT"
	assert_success
	assert_line security:gitignore=pass
}

@test "security_check: a rule only in the user's global excludes file does not count" {
	ignore_rules | grep -vxF '.router/' >.gitignore
	echo '.router/' >"$BATS_TEST_TMPDIR/global-ignore"
	git config core.excludesFile "$BATS_TEST_TMPDIR/global-ignore"
	run "$SCRIPT"
	assert_failure 1
	assert_line 'security:gitignore:item pattern=.router/'
}

@test "security_check: outside a git repository, one line on stderr and exit 2" {
	mkdir "$BATS_TEST_TMPDIR/plain"
	cd "$BATS_TEST_TMPDIR/plain"
	GIT_CEILING_DIRECTORIES=$BATS_TEST_TMPDIR run --separate-stderr "$SCRIPT"
	assert_failure 2
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "security_check: not inside a git repository (run it from your FlowGate checkout)"
}

@test "security_check: without git on PATH, one line on stderr and exit 2" {
	mkdir "$BATS_TEST_TMPDIR/nobin"
	run --separate-stderr env PATH="$BATS_TEST_TMPDIR/nobin" /bin/sh "$SCRIPT"
	assert_failure 2
	assert_output ""
	assert_equal "$stderr" "security_check: git not found (install git; this checks a git checkout)"
}

@test "security_check: run from a subfolder it checks the whole checkout" {
	mkdir -p docs/deep
	echo key >server.key
	git add -f server.key
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	cd docs/deep
	run "$SCRIPT"
	assert_failure 1
	assert_line 'security:tracked_sensitive:item path=server.key'
	assert_line "security:secret_permissions:item path=$REAL/.router/secrets/upstream_cliproxyapi_api_key mode=644"
	git rm -q --cached "$REAL/server.key"
	chmod 600 "$REAL/.router/secrets/upstream_cliproxyapi_api_key"
	run "$SCRIPT"
	assert_success
}

@test "security_check: a relative CONFIG is taken from the current folder" {
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	cd config
	run "$SCRIPT" flowgate.yaml
	assert_failure 1
	assert_line "security:secret_permissions:item path=$REAL/.router/secrets/upstream_cliproxyapi_api_key mode=644"
}

@test "security_check: a secret's content never appears in the output" {
	printf '%s\n' "$SECRET" >leaked.pem
	printf '%s\n' "$SECRET" >.env
	git add -f leaked.pem .env
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	mkdir -p .router/auths
	printf '{"access_token": "%s"}\n' "$SECRET" >.router/auths/codex.json
	chmod 644 .router/auths/codex.json
	run --separate-stderr "$SCRIPT"
	assert_failure 1
	assert_line 'security:tracked_sensitive:item path=leaked.pem'
	assert_line --partial "security:secret_permissions:item path=$REAL/.router/auths/codex.json"
	assert_line 'security:tracked_sensitive:item path=.env'
	refute_output --partial "$SECRET"
	assert_equal "$stderr" ""
	# A config holding the value where a key is not allowed: fg-config's
	# error names the key, never the value.
	printf 'stray_key: %s\n' "$SECRET" >>config/flowgate.yaml
	run --separate-stderr "$SCRIPT"
	assert_failure 1
	assert_line "security:secret_permissions:item path=$REAL/config/flowgate.yaml config=not-loaded"
	assert_equal "${#stderr_lines[@]}" 1
	refute_output --partial "$SECRET"
	refute [ "${stderr#*"$SECRET"}" != "$stderr" ]
}

@test "security_check: dash and bash print the same lines" {
	echo x >a.pem
	git add -f a.pem
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	ignore_rules | grep -vxF .router/ >.gitignore
	run dash "$SCRIPT"
	assert_failure 1
	dash_output=$output
	run bash "$SCRIPT"
	assert_failure 1
	assert_equal "$output" "$dash_output"
	assert_equal "$(grep -c '=fail count=1$' <<<"$output")" 3
}

@test "security_check: finds fg-config in the tree's bin/ when PATH lacks it" {
	chmod 644 .router/secrets/upstream_cliproxyapi_api_key
	run env PATH=/usr/bin:/bin "$SCRIPT"
	assert_failure 1
	assert_line "security:secret_permissions:item path=$REAL/.router/secrets/upstream_cliproxyapi_api_key mode=644"
}

@test "security_check: usage errors are exit 2 in one line; --help prints the usage" {
	run --separate-stderr "$SCRIPT" a.yaml b.yaml
	assert_failure 2
	assert_equal "$stderr" "security_check: too many arguments (usage: security_check.sh [CONFIG])"
	run --separate-stderr "$SCRIPT" --frob
	assert_failure 2
	assert_equal "${#stderr_lines[@]}" 1
	run "$SCRIPT" --help
	assert_success
	assert_line --index 0 "Usage: ./scripts/security_check.sh [CONFIG]"
	assert_line --partial "security:gitignore=fail count=N"
}
