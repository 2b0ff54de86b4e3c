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
# failalloc_points), with that one failing. Each of those runs must either
# end as the normal run did (the failure was absorbed: same stdout and
# status, nothing on stderr) or report it: status 1, nothing on stdout, one
# line on stderr starting with the tool's name. Prints every run that did
# neither and returns 1 if there was one, or if no allocation was counted
# (the shim did not load).
#
# The walk makes hundreds of runs, so it runs in a subshell without bats'
# DEBUG trap (which records a stack trace at every command, some 0.5 ms
# each: more than the tool's own run of a small tool); what it finds it
# prints itself. Each run's stdout and stderr go to files, read back by
# builtins: no command substitution's fork, cat or wc per run.
every_alloc_failure_is_reported() (
	trap - DEBUG
	local tool=${1##*/} dir=$BATS_TEST_TMPDIR/failalloc want want_rc=0 n i out rc err lines bad=0
	mkdir -p "$dir"
	"$@" >"$dir/out" 2>"$dir/err" || want_rc=$?
	failalloc_read want "$dir/out"
	# FAILALLOC_IGNORE: a sed -E script for what may differ between runs
	# (a process's uptime crosses a second between them).
	[ -z "${FAILALLOC_IGNORE:-}" ] || want=$(sed -E "$FAILALLOC_IGNORE" <<<"$want")
	FG_FAILALLOC_COUNT=$dir/count with_failalloc "$@" >/dev/null 2>&1 || :
	n=0
	[ ! -f "$dir/count" ] || read -r n <"$dir/count"
	if [ "$n" -eq 0 ]; then
		echo "no allocation counted: $FG_FAILALLOC did not load"
		return 1
	fi
	for i in $(failalloc_points "$n"); do
		rc=0
		FG_FAILALLOC_AT=$i with_failalloc "$@" >"$dir/out" 2>"$dir/err" || rc=$?
		failalloc_read out "$dir/out"
		[ -z "${FAILALLOC_IGNORE:-}" ] || [ -z "$out" ] || out=$(sed -E "$FAILALLOC_IGNORE" <<<"$out")
		failalloc_read err "$dir/err" lines
		if [ "$rc" = "$want_rc" ] && [ "$out" = "$want" ] && [ -z "$err" ]; then
			continue
		fi
		if [ "$rc" = 1 ] && [ -z "$out" ] && [ "$lines" = 1 ] && [[ $err == "$tool: "* ]]; then
			continue
		fi
		out=${out:0:200}
		echo "allocation $i of $n: status $rc, stdout '${out//$'\n'/\\n}', stderr '$err'"
		bad=1
	done
	return "$bad"
)

# failalloc_read VAR FILE [LINES_VAR]: FILE's text into VAR as a command
# substitution would give it (NUL bytes and trailing newlines dropped), by
# builtins; LINES_VAR gets its count of newlines, as wc -l counts lines.
failalloc_read() {
	local -n _text=$1
	local _raw _nl _lf=$'\n'
	local -a _parts
	mapfile -t -d '' _parts <"$2"
	printf -v _raw '%s' "${_parts[@]}"
	if [ $# -gt 2 ]; then
		local -n _lines=$3
		_nl=${_raw//[!$_lf]/}
		_lines=${#_nl}
	fi
	while [[ $_raw == *"$_lf" ]]; do
		_raw=${_raw%"$_lf"}
	done
	_text=$_raw
}
