# failalloc.bash — out of memory at each allocation a tool makes, through the
# LD_PRELOAD shim build/failalloc.so (test/failalloc/failalloc.c), to prove
# that no failure is silent.
#
#   setup_file() { load helpers/failalloc; build_failalloc; }
#   run every_alloc_failure_is_reported fg-config --sh "$cfg"
#   assert_success

FG_FAILALLOC="${FG_FAILALLOC:-$BATS_TEST_DIRNAME/../build/failalloc.so}"
load helpers/treemake

# Built for the variant bin/ holds (helpers/treemake).
build_failalloc() {
	tree_make build/failalloc.so >&2
}

# The shim goes in front of the sanitizer's allocator too, which ASan allows
# once told not to insist on coming first. Only the tool "$1" names counts,
# not a wrapper that runs it (test/valgrind.sh's).
with_failalloc() {
	FG_FAILALLOC_PROG=${1##*/} LD_PRELOAD=$FG_FAILALLOC \
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$@"
}

# Which allocations fail, of N: every one when N is at most FAILALLOC_WALK
# (300, more than any tool's own code makes on these inputs); past that the
# first and last 100 and some 100 spread evenly between: a tool that links or
# loads libcurl makes thousands, nearly all inside the dynamic loader and the
# libraries' start-up, which end in the same few outcomes. FG_FAILALLOC_ALL=1
# walks them all.
failalloc_points() {
	local n=$1 walk=${FAILALLOC_WALK:-300} step
	if [ "${FG_FAILALLOC_ALL:-}" = 1 ] || [ "$n" -le "$walk" ]; then
		seq 1 "$n"
		return
	fi
	step=$(((n - 200 + 99) / 100))
	{ seq 1 100; seq 101 "$step" $((n - 100)); seq $((n - 99)) "$n"; } | sort -nu
}

# Runs "$@" normally, then once for each allocation its main makes (see
# failalloc_points), with that one failing. Each of those runs must either end as the normal run did (the
# failure was absorbed: same stdout and status, nothing on stderr) or report
# it: status 1, nothing on stdout, one line on stderr starting with the
# tool's name. Prints every run that did neither and returns 1 if there was
# one, or if no allocation was counted (the shim did not load).
every_alloc_failure_is_reported() {
	local tool=${1##*/} dir=$BATS_TEST_TMPDIR/failalloc want want_rc=0 n i out rc err bad=0
	mkdir -p "$dir"
	want=$("$@" 2>"$dir/err") || want_rc=$?
	# FAILALLOC_IGNORE: a sed -E script for what may differ between runs
	# (a process's uptime crosses a second between them).
	[ -z "${FAILALLOC_IGNORE:-}" ] || want=$(sed -E "$FAILALLOC_IGNORE" <<<"$want")
	FG_FAILALLOC_COUNT=$dir/count with_failalloc "$@" >/dev/null 2>&1 || :
	n=$(cat "$dir/count")
	if [ "$n" -eq 0 ]; then
		echo "no allocation counted: $FG_FAILALLOC did not load"
		return 1
	fi
	for i in $(failalloc_points "$n"); do
		rc=0
		out=$(FG_FAILALLOC_AT=$i with_failalloc "$@" 2>"$dir/err") || rc=$?
		[ -z "${FAILALLOC_IGNORE:-}" ] || [ -z "$out" ] || out=$(sed -E "$FAILALLOC_IGNORE" <<<"$out")
		err=$(cat "$dir/err")
		if [ "$rc" = "$want_rc" ] && [ "$out" = "$want" ] && [ -z "$err" ]; then
			continue
		fi
		if [ "$rc" = 1 ] && [ -z "$out" ] && [ "$(wc -l <"$dir/err")" = 1 ] &&
			[[ $err == "$tool: "* ]]; then
			continue
		fi
		out=${out:0:200}
		echo "allocation $i of $n: status $rc, stdout '${out//$'\n'/\\n}', stderr '$err'"
		bad=1
	done
	return "$bad"
}
