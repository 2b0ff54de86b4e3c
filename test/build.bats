#!/usr/bin/env bats
# build: what the Makefile links into each tool. lib/ is a static archive, so
# a tool takes only the lib objects it calls, and only their libraries.

setup() {
	load helpers/common
	VARIANT=$(<"$ROOT/build/variant")
}

# The shared libraries a tool names in its dynamic section.
needed() {
	readelf -d "$ROOT/bin/$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
}

# libcurl is loaded with dlopen when an HTTP request is due: neither it nor
# the libraries it needs (TLS, Kerberos, LDAP...) is loaded at exec.
loads_curl_late() {
	run ldd "$ROOT/bin/$1"
	assert_success
	refute_output --partial libcurl
	refute_output --partial libssl
	run nm -u "$ROOT/bin/$1"
	assert_success
	assert_line --regexp ' U dlopen(@|$)'
	refute_line --regexp ' U curl_'
}

@test "build: fg-spawn needs libcjson and libc, and neither libcurl nor libyaml, even indirectly" {
	run needed fg-spawn
	assert_success
	assert_line --regexp '^libcjson\.so\.'
	assert_line --regexp '^libc\.so\.'
	refute_line --regexp '^libcurl'
	refute_line --regexp '^libyaml'
	loads_curl_late fg-spawn
	run ldd "$ROOT/bin/fg-spawn"
	refute_output --partial libyaml
}

@test "build: the YAML readers need libyaml and not libcurl" {
	for tool in fg-config fg-merge fg-resolve fg-state; do
		run needed "$tool"
		assert_success
		assert_line --regexp '^libyaml-0\.so\.'
		refute_line --regexp '^libcurl'
	done
}

@test "build: fg-oauth needs libyaml and libcrypt, for check-key's YAML and bcrypt; libcurl it loads late" {
	run needed fg-oauth
	assert_success
	assert_line --regexp '^libyaml-0\.so\.'
	assert_line --regexp '^libcrypt\.so\.'
	refute_line --regexp '^libcurl'
	loads_curl_late fg-oauth
}

@test "build: fg-client loads libcurl late too (only check makes a request)" {
	run needed fg-client
	assert_success
	assert_line --regexp '^libyaml-0\.so\.'
	refute_line --regexp '^libcurl'
	loads_curl_late fg-client
}

@test "build: the tools link lib/ from the variant's archive, one object per lib file" {
	run ar t "$ROOT/build/$VARIANT/libfg.a"
	assert_success
	for src in "$ROOT"/lib/*.c; do
		src=${src##*/}
		assert_line "${src%.c}.o"
	done
	assert_equal "${#lines[@]}" "$(find "$ROOT/lib" -name '*.c' | wc -l)"
}

@test "suite: every skip goes through skip_platform or skip_or_fail, and skip_or_fail fails in CI" {
	# (The pattern is split so that this line does not match itself.)
	run grep -nE '(^|[^_])skip'' "' "$ROOT"/test/*.bats
	assert_failure 1
	assert_output ""
	CI=true run skip_or_fail "strace not usable here"
	assert_failure 1
	assert_output --partial "in CI this test must run, but: strace not usable here"
}
