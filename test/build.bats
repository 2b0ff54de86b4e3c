#!/usr/bin/env bats
# build: what the Makefile links into each tool. lib/ is a static archive, so
# a tool takes only the lib objects it calls, and only their libraries.

setup() {
	load helpers/common
	VARIANT=$(cat "$ROOT/build/variant")
}

# The shared libraries a tool names in its dynamic section.
needed() {
	readelf -d "$ROOT/bin/$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
}

@test "build: fg-spawn needs libcurl and libcjson, not libyaml, even indirectly" {
	run needed fg-spawn
	assert_success
	assert_line --regexp '^libcurl\.so\.'
	assert_line --regexp '^libcjson\.so\.'
	refute_line --regexp '^libyaml'
	run ldd "$ROOT/bin/fg-spawn"
	assert_success
	refute_output --partial libyaml
}

@test "build: no tool but fg-spawn needs libcurl; the YAML readers need libyaml" {
	for tool in fg-config fg-merge fg-resolve fg-state; do
		run needed "$tool"
		assert_success
		assert_line --regexp '^libyaml-0\.so\.'
		refute_line --regexp '^libcurl'
	done
}

@test "build: fg-oauth needs libyaml and libcrypt, for check-key's YAML and bcrypt" {
	run needed fg-oauth
	assert_success
	assert_line --regexp '^libyaml-0\.so\.'
	assert_line --regexp '^libcrypt\.so\.'
	assert_line --regexp '^libcurl\.so\.'
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
