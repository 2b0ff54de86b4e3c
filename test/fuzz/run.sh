#!/bin/sh
# Runs each fuzz target for SECONDS on a copy of its seed corpus (and, read
# only, its regressions), one after another, and prints what each did.
# Usage: sh test/fuzz/run.sh SECONDS TARGET...   (from the project root)
# Exit: 0 when no target found anything, 1 when one did (see its log).
set -eu

seconds=$1
shift
out=build/fuzz
mkdir -p "$out/artifacts"

# The libFuzzer statistic NAME from a target's log, or "?".
stat_of() {
	sed -n "s/^stat::$1: *//p" "$2" | tail -n 1 | grep . || echo '?'
}

run_target() {
	t=$1
	corpus=$out/corpus/$t
	log=$out/$t.log
	mkdir -p "$corpus"
	cp test/fuzz/corpus/"$t"/* "$corpus"/
	set -- "$corpus"
	if [ -d "test/fuzz/regressions/$t" ]; then
		set -- "$@" "test/fuzz/regressions/$t"
	fi
	rc=0
	/usr/bin/time -f '%U %S %e' -o "$out/$t.time" \
		"$out/fuzz_$t" -max_total_time="$seconds" -timeout=5 -print_final_stats=1 \
		-dict=test/fuzz/yaml.dict -artifact_prefix="$out/artifacts/$t-" "$@" \
		>"$log" 2>&1 || rc=$?
	execs=$(stat_of number_of_executed_units "$log")
	cpu=$(tail -n 1 "$out/$t.time" | awk '{ printf "%.1f", $1 + $2 }')
	wall=$(tail -n 1 "$out/$t.time" | awk '{ printf "%.1f", $3 }')
	echo "fuzz: $t: $execs executions, ${cpu}s CPU, ${wall}s wall, corpus $(find "$corpus" -type f | wc -l) inputs"
	if [ "$rc" -ne 0 ]; then
		echo "fuzz: $t: FOUND SOMETHING (exit $rc); log $log:" >&2
		grep -E '^(==[0-9]+==|SUMMARY|fuzz: |.*runtime error|artifact_prefix|Test unit written)' "$log" | head -n 20 >&2
		return 1
	fi
}

failed=0
for t in "$@"; do
	run_target "$t" || failed=1
done
exit "$failed"
