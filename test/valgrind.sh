#!/bin/sh
# valgrind.sh — the whole test suite with every tool under valgrind memcheck.
#
#   make valgrind
#   make VALGRIND=1 all build/fg-testserver && VALGRIND=1 sh test/valgrind.sh test/fg-merge.bats
#
# builds the vg variant (-O1 -g -DFG_NO_ARENA: cJSON allocates with malloc,
# so what is never freed shows) and runs this script, which:
#   - moves each bin/fg-NAME to build/vg/real/ and puts in its place a
#     wrapper that execs it under memcheck, one log per process in
#     build/vg/logs/PID.log; without --error-exitcode, so every tool's own
#     exit code, which the tests check, is unchanged. A service fg-spawn
#     execs is not traced (--trace-children=no); the forked child that execs
#     it logs nothing, since memcheck reports at exit and exec is no exit;
#   - runs `bats --tap test` (the whole suite, or the bats files and
#     options given as arguments; TAP in build/vg/tap.log);
#   - counts the processes run under valgrind and the logs with anything in
#     them: each is a finding (a memory error, or a definite or indirect
#     leak), printed whole;
#   - restores bin/ by removing the wrappers: bin/fg-* are then missing, so
#     the next `make` links the release variant again.
# Exits 1 on any finding, or on a failed test not listed below as expected;
# 2 when bin/ does not hold the vg variant (run it through `make valgrind`).
set -eu

# Tests that may fail here for a reason that is not the code's memory use; a
# failure of one of them is reported apart and does not fail the run.
# Timing: they bound a wall-clock or CPU time, and memcheck runs a tool 20-50
# times slower, with about 0.5 s of CPU just to start. fg-oauth's deadlines
# (under 1.5 s, under 0.7 s) and its idle wait (under 0.2 s of CPU) are
# measured around one run; twenty profile switches queue on the lock, which
# waits at most 30 s; the allocation-failure runs of status compare a whole
# second of uptime, which moves across them.
TIMING_TESTS='fg-oauth login: a status request that never answers still ends at the deadline (--timeout 1)
fg-oauth login: it sleeps while it waits (a 1.5 s wait costs little CPU)
fg-oauth login: the speed goal, ok on the third poll at --interval 0.2, under 0.7 s
fg-spawn: every allocation failure in status and stop is reported in one line
flowgate profile set: 20 concurrent switches leave the state naming the profile the active config holds'
# Wrapper: they read bin/fg-* as ELF files (readelf, ldd), and here those are
# the wrapper scripts.
WRAPPER_TESTS='build: fg-spawn needs libcjson and libc, and neither libcurl nor libyaml, even indirectly
build: the YAML readers need libyaml and not libcurl
build: fg-oauth needs libyaml and libcrypt, for check-key'\''s YAML and bcrypt'

root=$(cd "$(dirname "$0")/.." && pwd)
vg=$root/build/vg
real=$vg/real
logs=$vg/logs
tap=$vg/tap.log
runs=$logs/runs

die() {
	echo "valgrind.sh: $*" >&2
	exit 2
}

check_variant() {
	case $root in *"'"*) die "cannot quote $root in a wrapper" ;; esac
	[ "$(cat "$root/build/variant" 2>/dev/null)" = vg ] ||
		die "bin/ is not the vg variant; run: make valgrind"
	command -v valgrind >/dev/null || die "valgrind not found; run: make valgrind"
	command -v bats >/dev/null || die "bats not found; run: make deps"
}

# The wrapper for bin/$1: counts the run, then execs memcheck on the real tool.
# Memcheck takes over libc's malloc only (somalloc=nouserintercepts), not the
# tests' allocation-failure shim's, which then fails a call as it does natively.
write_wrapper() {
	cat >"$root/bin/$1" <<EOF
#!/bin/sh
# fg-NAME under valgrind memcheck (test/valgrind.sh); removed when it ends.
printf '%s\n' '$1' >>'$runs'
exec valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \\
	--errors-for-leak-kinds=definite,indirect --track-fds=no \\
	--soname-synonyms=somalloc=nouserintercepts \\
	--log-file='$logs/%p.log' '$real/$1' "\$@"
EOF
	chmod 755 "$root/bin/$1"
}

install_wrappers() {
	rm -rf "$real" "$logs"
	mkdir -p "$real" "$logs"
	: >"$runs"
	# Some tests run a tool as another user (setpriv): it logs here too. Not
	# sticky, where protected_regular would refuse it the shared count file.
	chmod 777 "$logs"
	chmod 666 "$runs"
	for bin in "$root"/bin/fg-*; do
		[ -f "$bin" ] || die "no tools in bin/; run: make valgrind"
		[ "$(head -c 4 "$bin" | od -An -c | tr -d ' ')" = '177ELF' ] ||
			die "$bin is not a binary; run: make valgrind"
		name=${bin##*/}
		mv "$bin" "$real/$name"
		write_wrapper "$name"
	done
}

# Removes the wrappers: with bin/fg-* gone, make relinks whichever variant it
# builds next, even though build/variant may already name it.
remove_wrappers() {
	for bin in "$real"/fg-*; do
		if [ -f "$bin" ]; then
			rm -f "$root/bin/${bin##*/}"
		fi
	done
}

# True when the test named $1 is in the list $2.
is_listed() {
	printf '%s\n' "$2" | grep -qxF -- "$1"
}

# Prints each failed test's name, one per line, from the TAP log.
failed_tests() {
	sed -n 's/^not ok [0-9]* //p' "$tap"
}

# A log without the warning valgrind 3.19 gives for pidfd_open (syscall
# 434), which it does not know: it fails the call with ENOSYS, fg-spawn stop
# falls back to polling, and the warning is valgrind's, not a finding.
log_findings() {
	sed '/WARNING: unhandled amd64-linux syscall: 434$/,+4d' "$1"
}

# Prints every log with a finding, and how many there are.
report_findings() {
	n=0
	for log in "$logs"/*.log; do
		if [ ! -s "$log" ] || [ -z "$(log_findings "$log")" ]; then
			continue
		fi
		n=$((n + 1))
		echo "--- finding: $log" >&2
		log_findings "$log" >&2
	done
	findings=$n
}

summarize() {
	processes=$(find "$logs" -name '*.log' | wc -l)
	invocations=$(wc -l <"$runs")
	passed=$(grep -cE '^ok ' "$tap" || :)
	failed=$(grep -cE '^not ok ' "$tap" || :)
	timing_failed=0
	wrapper_failed=0
	other_failed=0
	tests=$(failed_tests)
	if [ -n "$tests" ]; then
		while IFS= read -r t; do
			if is_listed "$t" "$TIMING_TESTS"; then
				timing_failed=$((timing_failed + 1))
				echo "expected under valgrind (timing-sensitive): $t"
			elif is_listed "$t" "$WRAPPER_TESTS"; then
				wrapper_failed=$((wrapper_failed + 1))
				echo "expected under valgrind (reads bin/ as ELF): $t"
			else
				other_failed=$((other_failed + 1))
				echo "test failed: $t"
			fi
		done <<EOF
$tests
EOF
	fi
	echo "valgrind: $invocations tool runs, $processes processes under memcheck (forks included), $findings with findings"
	echo "tests under valgrind: $passed passed, $failed failed ($timing_failed timing-sensitive, $wrapper_failed reading bin/ as ELF, $other_failed other)"
}

check_variant
trap remove_wrappers EXIT
trap 'exit 130' INT TERM
install_wrappers
cd "$root"
[ "$#" -gt 0 ] || set -- test
bats --tap "$@" 2>&1 | tee "$tap" || :
report_findings
summarize
[ "$findings" -eq 0 ] && [ "$other_failed" -eq 0 ]
