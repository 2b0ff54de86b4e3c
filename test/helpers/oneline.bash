# oneline.bash — the error contract of every tool, in one assertion.
#
#   run --separate-stderr fg-config "$cfg"
#   assert_error 2 "fg-config: $cfg:3:5: paths.state_file is required"
#
# assert_error STATUS LINE: the command failed with STATUS, printed nothing on
# stdout, and exactly LINE (one line) on stderr.
# shellcheck disable=SC2154 # bats' run --separate-stderr sets $stderr and $stderr_lines

assert_error() {
	assert_failure "$1"
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "$2"
}

# assert_error_match STATUS REGEX: the same, with the line matched by REGEX.
assert_error_match() {
	assert_failure "$1"
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "$2"
}
