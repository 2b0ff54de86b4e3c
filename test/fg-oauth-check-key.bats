#!/usr/bin/env bats
# fg-oauth check-key: the management key checked against CLIProxyAPIPlus's
# config with real bcrypt hashes, its cache, and every allocation failure
# (helpers/oauth).
# shellcheck disable=SC2154 # bats' run --separate-stderr sets $stderr and $stderr_lines

setup_file() {
	load helpers/server
	load helpers/failalloc
	build_test_server
	build_failalloc
}

setup() {
	load helpers/oauth
	oauth_setup
}

teardown() {
	oauth_teardown
}

# ---- check-key ----

# Fixtures made once with libxcrypt (python3's crypt module), at cost 4 to keep
# the tests fast: CK_HASH and CK_HASH_2Y are bcrypt hashes of CK_KEY,
# CK_HASH_OTHER of another key. GO_HASH is Go's own: the known vector of
# golang.org/x/crypto/bcrypt's tests (TestBcryptingIsCorrect), the library
# and the $2a$ prefix CLIProxyAPIPlus hashes its secret-key with.
CK_KEY=fg-check-key-fixture-7Qx2
# shellcheck disable=SC2016 # the $ of a bcrypt hash, literally
{
	CK_HASH='$2b$04$5huJOQ22FqKnQi9ng4rEc.qrmxCyo3C4Xtgawo0y1HCjnqgYf0cyO'
	CK_HASH_2Y='$2y$04$kPkjmthZ9NsZNUf6mTyVJOGVVEROcS7/xz1Tc.5EJd6scdtmdDWfW'
	CK_HASH_OTHER='$2b$04$9X5jn6SNMGXeBwkv7hwhUOIyIfDfUpkC2Re3nj3b6OQ807d7VvTbe'
	GO_HASH='$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga'
}
GO_KEY=allmine

# cpa_config [TEXT]: CLIProxyAPIPlus's config from the tracked example at
# $CPA, its secret-key line replaced by "secret-key: TEXT" (YAML), or by none
# with no argument.
cpa_config() {
	sed '/^  secret-key:/d' "$ROOT/config/examples/cliproxyapi.yaml" >"$CPA"
	[ $# -eq 0 ] || printf '  secret-key: %s\n' "$1" >>"$CPA"
}

# ck_keyfile KEY: the key file check-key reads, $CKFILE, mode 0600.
ck_keyfile() {
	printf '%s\n' "$1" >"$CKFILE"
	chmod 600 "$CKFILE"
}

# check_key [options...]: check-key -c of $CPA with $CKFILE.
check_key() {
	run --separate-stderr fg-oauth check-key -c --cliproxy-config "$CPA" --key-file "$CKFILE" "$@"
}

@test "fg-oauth check-key: the example config's plaintext secret-key and the same key match, exit 0" {
	cp "$ROOT/config/examples/cliproxyapi.yaml" "$CPA"
	ck_keyfile change-me-management-key
	check_key
	assert_success
	assert_output "{\"result\":\"match\",\"cliproxy_config\":\"$CPA\",\"hashed\":false,\"cached\":false,\"error\":null}"
	assert_equal "$stderr" ""
}

@test "fg-oauth check-key: a plaintext secret-key that differs is mismatch, exit 1, nothing on stderr" {
	cpa_config "'$CK_KEY-not'"
	ck_keyfile "$CK_KEY"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "[$CK_RESULT,$CK_HASHED,$CK_ERROR]" '["mismatch",false,null]'
	assert_equal "$stderr" ""
}

@test "fg-oauth check-key: a bcrypt \$2b\$ hash of the key matches; one of another key does not" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	check_key
	assert_success
	ck_fields
	assert_equal "[$CK_RESULT,$CK_HASHED,$CK_CACHED]" '["match",true,false]'
	cpa_config "'$CK_HASH_OTHER'"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "[$CK_RESULT,$CK_HASHED]" '["mismatch",true]'
	assert_equal "$stderr" ""
}

@test "fg-oauth check-key: Go's \$2a\$ (cost 10) and a \$2y\$ hash are checked with bcrypt too" {
	cpa_config "\"$GO_HASH\""
	ck_keyfile "$GO_KEY"
	check_key
	assert_success
	ck_fields
	assert_equal "$CK_RESULT" '"match"'
	ck_keyfile "${GO_KEY}2"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "$CK_RESULT" '"mismatch"'
	cpa_config "'$CK_HASH_2Y'"
	ck_keyfile "$CK_KEY"
	check_key
	assert_success
	ck_fields
	assert_equal "[$CK_RESULT,$CK_HASHED]" '["match",true]'
}

@test "fg-oauth check-key: a value with another \$2?\$ prefix is a plaintext, as the proxy takes it" {
	plain="\$2x${CK_HASH:3}"
	cpa_config "'$plain'"
	ck_keyfile "$plain"
	check_key
	assert_success
	ck_fields
	assert_equal "[$CK_RESULT,$CK_HASHED]" '["match",false]'
	ck_keyfile "$CK_KEY"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "[$CK_RESULT,$CK_HASHED]" '["mismatch",false]'
}

@test "fg-oauth check-key: \$CLIPROXY_MANAGEMENT_KEY wins over the key file, whitespace stripped" {
	cpa_config "'$CK_HASH'"
	ck_keyfile wrong-key
	CLIPROXY_MANAGEMENT_KEY=" $CK_KEY
" check_key
	assert_success
	ck_fields
	assert_equal "$CK_RESULT" '"match"'
	ck_keyfile "$CK_KEY"
	CLIPROXY_MANAGEMENT_KEY=wrong-key check_key
	assert_failure 1
	ck_fields
	assert_equal "$CK_RESULT" '"mismatch"'
}

@test "fg-oauth check-key: a key file not mode 0600 is key_mode, exit 1, never compared" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	chmod 644 "$CKFILE"
	check_key
	assert_failure 1
	msg="$CKFILE: mode 0644, not 0600: whoever can read it can manage CLIProxyAPIPlus (chmod 600 $CKFILE)"
	assert_output "{\"result\":\"key_mode\",\"cliproxy_config\":\"$CPA\",\"hashed\":null,\"cached\":false,\"error\":\"$msg\"}"
	assert_equal "$stderr" "fg-oauth: $msg"
}

@test "fg-oauth check-key: no key, a missing key file and an empty one are key_missing, exit 1" {
	cpa_config "'$CK_HASH'"
	run --separate-stderr fg-oauth check-key -c --cliproxy-config "$CPA"
	assert_failure 1
	ck_fields
	assert_equal "$CK_RESULT" '"key_missing"'
	assert_equal "$stderr" "fg-oauth: check-key: no management key: set CLIPROXY_MANAGEMENT_KEY or pass --key-file F (mode 0600, holding the same key as remote-management.secret-key in cliproxyapi.yaml)"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "$CK_RESULT" '"key_missing"'
	assert_equal "$CK_ERROR" "\"$CKFILE: management key file not found (create it, mode 0600, holding the same key as remote-management.secret-key in cliproxyapi.yaml; or set CLIPROXY_MANAGEMENT_KEY)\""
	assert_equal "$stderr" "fg-oauth: ${CK_ERROR:1:-1}"
	ck_keyfile ""
	check_key
	assert_failure 1
	ck_fields
	assert_equal "$CK_RESULT" '"key_missing"'
	assert_regex "$stderr" "^fg-oauth: $CKFILE: management key file is empty "
}

@test "fg-oauth check-key: a folder as key file is key_unreadable; a key with a space is key_invalid" {
	cpa_config "'$CK_HASH'"
	mkdir "$CKFILE"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "$CK_RESULT" '"key_unreadable"'
	assert_equal "$stderr" "fg-oauth: $CKFILE: management key file is not a regular file"
	rmdir "$CKFILE"
	ck_keyfile "two words"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "$CK_RESULT" '"key_invalid"'
	assert_equal "$stderr" "fg-oauth: $CKFILE: the management key holds a space or a control character"
}

@test "fg-oauth check-key: a missing config is config_missing, exit 1" {
	ck_keyfile "$CK_KEY"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "[$CK_RESULT,$CK_HASHED,$CK_ERROR]" "[\"config_missing\",null,\"$CPA: CLIProxyAPIPlus config not found\"]"
	assert_equal "$stderr" "fg-oauth: $CPA: CLIProxyAPIPlus config not found"
}

@test "fg-oauth check-key: no secret-key, an empty or a null one, or no remote-management is no_secret, exit 1" {
	ck_keyfile "$CK_KEY"
	for text in "" "''" '""' '~' none; do
		if [ "$text" = none ]; then
			cpa_config
			sed -i '/^remote-management:/,$d' "$CPA"
		elif [ -z "$text" ]; then
			cpa_config
		else
			cpa_config "$text"
		fi
		check_key
		assert_failure 1
		ck_fields
		assert_equal "[$CK_RESULT,$CK_HASHED,$CK_ERROR]" '["no_secret",false,null]'
		assert_equal "$stderr" ""
	done
}

@test "fg-oauth check-key: a config that is not a mapping, not YAML or holds a number as secret-key is config_invalid" {
	ck_keyfile "$CK_KEY"
	printf -- '- remote-management\n- secret-key\n' >"$CPA"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "$CK_RESULT" '"config_invalid"'
	assert_equal "$stderr" "fg-oauth: $CPA:1:1: not a YAML mapping (CLIProxyAPIPlus could not load it)"
	cpa_config 12345
	check_key
	assert_failure 1
	ck_fields
	assert_equal "$CK_RESULT" '"config_invalid"'
	assert_regex "$stderr" "^fg-oauth: $CPA:[0-9]+:[0-9]+: remote-management.secret-key: not a string \(quote it\)$"
	cpa_config
	printf 'remote-management: [a, b]\n' >"$CPA"
	check_key
	assert_failure 1
	assert_equal "$stderr" "fg-oauth: $CPA:1:20: remote-management: not a mapping"
	printf 'remote-management:\n  secret-key: "%s\n' "$CK_KEY" >"$CPA"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "$CK_RESULT" '"config_invalid"'
	assert_regex "$stderr" "^fg-oauth: $CPA:[0-9]+:[0-9]+: "
}

@test "fg-oauth check-key: a \$2b\$ value bcrypt cannot use is config_invalid, not a mismatch" {
	cpa_config "'\$2b\$04\$short'"
	ck_keyfile "$CK_KEY"
	check_key
	assert_failure 1
	ck_fields
	assert_equal "[$CK_RESULT,$CK_HASHED]" '["config_invalid",true]'
	assert_equal "$stderr" "fg-oauth: $CPA: remote-management.secret-key: a bcrypt hash bcrypt cannot use, so no key matches it (write the plaintext key there; CLIProxyAPIPlus hashes it at start)"
}

@test "fg-oauth check-key: --sh prints the result, hashed, cached and error as sh words" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	run --separate-stderr fg-oauth check-key --sh --cliproxy-config "$CPA" --key-file "$CKFILE"
	assert_success
	assert_output "fg_key_result=match
fg_key_hashed=yes
fg_key_cached=no
fg_key_error=''"
	chmod 640 "$CKFILE"
	run --separate-stderr fg-oauth check-key -c --sh --cliproxy-config "$CPA" --key-file "$CKFILE"
	assert_failure 1
	eval "$output"
	assert_equal "$fg_key_result" key_mode
	assert_equal "$fg_key_hashed" ""
	assert_equal "$fg_key_cached" no
	assert_equal "$fg_key_error" "$CKFILE: mode 0640, not 0600: whoever can read it can manage CLIProxyAPIPlus (chmod 600 $CKFILE)"
	cpa_config
	chmod 600 "$CKFILE"
	run --separate-stderr fg-oauth check-key --sh --cliproxy-config "$CPA" --key-file "$CKFILE"
	assert_failure 1
	assert_line --index 0 fg_key_result=no_secret
	assert_line --index 1 fg_key_hashed=no
}

@test "fg-oauth check-key: the key and the secret-key never appear on stdout or stderr" {
	ck_keyfile "$CK_KEY"
	for text in "'$CK_KEY'" "'$CK_KEY-x'" "'$CK_HASH'" "'$CK_HASH_OTHER'" "'\$2b\$04\$$CK_KEY'" \
		"\"$CK_KEY" "[$CK_KEY]"; do
		cpa_config "$text"
		for fmt in -c --sh; do
			run fg-oauth check-key "$fmt" --cliproxy-config "$CPA" --key-file "$CKFILE" --cache "$BATS_TEST_TMPDIR/c"
			refute_output --partial "$CK_KEY"
			refute_output --partial "${CK_HASH:7}"
			refute_output --partial "${CK_HASH_OTHER:7}"
			assert_regex "$output" "result"
		done
	done
	chmod 644 "$CKFILE"
	run fg-oauth check-key --cliproxy-config "$CPA" --key-file "$CKFILE"
	assert_failure 1
	refute_output --partial "$CK_KEY"
	run grep -rF "$CK_KEY" "$BATS_TEST_TMPDIR/c"
	assert_failure 1
}

@test "fg-oauth check-key: usage errors exit 2 with one line and nothing on stdout" {
	run --separate-stderr fg-oauth check-key --key-file "$KEYFILE"
	assert_error 2 "fg-oauth: check-key: --cliproxy-config FILE is required"
	run --separate-stderr fg-oauth check-key --cliproxy-config x.yaml extra
	assert_error 2 "fg-oauth: check-key: unexpected argument 'extra'"
	run --separate-stderr fg-oauth check-key --cliproxy-config x.yaml --cache ''
	assert_error 2 "fg-oauth: check-key: --key-file and --cache need a file name"
	run --separate-stderr fg-oauth check-key --frob
	assert_error 2 "fg-oauth: check-key: unknown option --frob (see fg-oauth check-key --help)"
}

# ---- check-key --cache ----

@test "fg-oauth check-key: --cache records a bcrypt match (mode 0600, no key) and the next check uses it" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	cache=$BATS_TEST_TMPDIR/run/key.verified
	mkdir -p "${cache%/*}"
	check_key --cache "$cache"
	assert_success
	ck_fields
	assert_equal "[$CK_RESULT,$CK_CACHED]" '["match",false]'
	assert_equal "$(file_mode "$cache")" 600
	assert_equal "$(sed -n 2p "$cache")" "hash $CK_HASH"
	assert_equal "$(sed -n 3p "$cache")" "key-file dev=$(stat -c %d "$CKFILE") ino=$(stat -c %i "$CKFILE") size=$(stat -c %s "$CKFILE") mtime=$(stat -c %.9Y "$CKFILE") ctime=$(stat -c %.9Z "$CKFILE")"
	run grep -cF "$CK_KEY" "$cache"
	assert_output 0
	check_key --cache "$cache"
	assert_success
	ck_fields
	assert_equal "[$CK_RESULT,$CK_CACHED]" '["match",true]'
	assert_equal "$stderr" ""
}

@test "fg-oauth check-key: a key file rewritten to the same size with its mtime set back is checked again" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	cache=$BATS_TEST_TMPDIR/key.verified
	check_key --cache "$cache"
	assert_success
	mtime=$(stat -c %.9Y "$CKFILE")
	# Another key of the same length, and the old mtime: only the ctime tells.
	printf '%s\n' "${CK_KEY%?}X" >"$CKFILE"
	touch -m -d "@$mtime" "$CKFILE"
	assert_equal "$(stat -c %.9Y "$CKFILE")" "$mtime"
	check_key --cache "$cache"
	assert_failure 1
	ck_fields
	assert_equal "[$CK_RESULT,$CK_CACHED]" '["mismatch",false]'
}

@test "fg-oauth check-key: another hash in the config is checked again, and a mismatch is never recorded" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	cache=$BATS_TEST_TMPDIR/key.verified
	check_key --cache "$cache"
	assert_success
	before=$(cat "$cache")
	cpa_config "'$CK_HASH_OTHER'"
	check_key --cache "$cache"
	assert_failure 1
	ck_fields
	assert_equal "[$CK_RESULT,$CK_CACHED]" '["mismatch",false]'
	assert_equal "$(cat "$cache")" "$before"
	rm "$cache"
	check_key --cache "$cache"
	assert_failure 1
	[ ! -e "$cache" ]
}

@test "fg-oauth check-key: with \$CLIPROXY_MANAGEMENT_KEY the cache is neither read nor written" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	cache=$BATS_TEST_TMPDIR/key.verified
	CLIPROXY_MANAGEMENT_KEY=$CK_KEY check_key --cache "$cache"
	assert_success
	ck_fields
	assert_equal "[$CK_RESULT,$CK_CACHED]" '["match",false]'
	[ ! -e "$cache" ]
	check_key --cache "$cache"
	assert_success
	[ -e "$cache" ]
	CLIPROXY_MANAGEMENT_KEY=$CK_KEY check_key --cache "$cache"
	assert_success
	ck_fields
	assert_equal "[$CK_RESULT,$CK_CACHED]" '["match",false]'
}

@test "fg-oauth check-key: a corrupt, foreign or stale cache is ignored and rewritten" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	cache=$BATS_TEST_TMPDIR/key.verified
	check_key --cache "$cache"
	good=$(cat "$cache")
	# A record of another key file (another inode): not this one's.
	sed -i "3s/ino=[0-9]*/ino=1/" "$cache"
	check_key --cache "$cache"
	assert_success
	ck_fields
	assert_equal "$CK_CACHED" false
	assert_equal "$(cat "$cache")" "$good"
	printf 'garbage\n' >"$cache"
	check_key --cache "$cache"
	ck_fields
	assert_equal "$CK_CACHED" false
	assert_equal "$(cat "$cache")" "$good"
	# A right record others could have written (mode 0644) is not trusted.
	chmod 644 "$cache"
	check_key --cache "$cache"
	ck_fields
	assert_equal "$CK_CACHED" false
	assert_equal "$(file_mode "$cache")" 600
	check_key --cache "$cache"
	ck_fields
	assert_equal "$CK_CACHED" true
}

@test "fg-oauth check-key: a cache that cannot be written is one warning; the answer stands" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	cache=$BATS_TEST_TMPDIR/none/key.verified
	check_key --cache "$cache"
	assert_success
	ck_fields
	assert_equal "$CK_RESULT" '"match"'
	assert_equal "$stderr" "fg-oauth: warning: check-key: --cache $cache: No such file or directory (the next check runs bcrypt again)"
}

@test "fg-oauth check-key: every allocation failure is reported in one line" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	run every_alloc_failure_is_reported fg-oauth check-key -c --cliproxy-config "$CPA" --key-file "$CKFILE"
	assert_success
	# That walk failed each allocation of the whole example config's parse
	# (some 60 of its 115); the next two walk what differs (the cache, --sh,
	# a plaintext secret-key, the text output) on a config of that one
	# setting, not through the same parse again (45 allocations, not 102).
	printf 'remote-management:\n  secret-key: %s\n' "'$CK_HASH'" >"$CPA"
	cache=$BATS_TEST_TMPDIR/key.verified
	fg-oauth check-key -c --cliproxy-config "$CPA" --key-file "$CKFILE" --cache "$cache" >/dev/null
	run every_alloc_failure_is_reported fg-oauth check-key --sh --cliproxy-config "$CPA" --key-file "$CKFILE" --cache "$cache"
	assert_success
	printf 'remote-management:\n  secret-key: %s\n' "'$CK_KEY-x'" >"$CPA"
	run every_alloc_failure_is_reported fg-oauth check-key --cliproxy-config "$CPA" --key-file "$CKFILE"
	assert_success
}

@test "fg-oauth: check-key and providers never load libcurl; a login does" {
	cpa_config "'$CK_HASH'"
	ck_keyfile "$CK_KEY"
	run ! loads_libcurl fg-oauth check-key -c --cliproxy-config "$CPA" --key-file "$CKFILE"
	run ! loads_libcurl fg-oauth providers
	run loads_libcurl fg-oauth login --base "http://127.0.0.1:$(closed_port)" --key-file "$CKFILE" --provider codex --timeout 1
	assert_success
	# One that cannot load: exit 1, one line naming the command, nothing else.
	lib=$(broken_libcurl empty)
	LD_LIBRARY_PATH=$lib run --separate-stderr fg-oauth login --base http://127.0.0.1:9 --key-file "$CKFILE" --provider codex
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "fg-oauth: login: cannot load libcurl: $lib/libcurl.so.4: file too short"
	LD_LIBRARY_PATH=$lib run --separate-stderr fg-oauth files list --base http://127.0.0.1:9 --key-file "$CKFILE"
	assert_failure 1
	assert_equal "$stderr" "fg-oauth: files: cannot load libcurl: $lib/libcurl.so.4: file too short"
	LD_LIBRARY_PATH=$lib run --separate-stderr fg-oauth check-key -c --cliproxy-config "$CPA" --key-file "$CKFILE"
	assert_success
}
