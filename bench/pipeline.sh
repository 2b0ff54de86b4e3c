#!/usr/bin/env bash
# The documented pipeline, fg-config CONFIG | fg-merge balanced | fg-resolve
# --yaml, on a generated config of 20,000 and 200,000 models given as block
# YAML and as JSON text, against jq doing the same merge on the same data
# (`jq -s '.[0] * .[1]' base.json overlay.json`).
#
# Every form of the pipeline is first checked: each stage exits 0, the
# output has N models and is byte for byte what fg-resolve makes of jq's own
# merge. Only then is anything timed. Times are paired (ours and jq's runs
# alternate, medians of each), since the machine is shared and noisy.
# Timed: compact JSON between stages (-c), as the porcelain runs it; the
# pretty form as written is checked and shown, not held to a target.
#
# Fails (exit 1, naming each) when a target is missed:
#   20k models:  JSON config at most 0.7x jq's time, YAML config at most 1.0x
#   200k models: at most 10x the time of 20k (each kind of config), and each
#                stage's peak RSS at most 5x the size of its input
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- the pipeline ----

# pipe_c CONFIG: compact JSON between the stages.
pipe_c() {
	"$bin/fg-config" -c "$1" | "$bin/fg-merge" -c balanced | "$bin/fg-resolve" --yaml
}

# pipe_pretty CONFIG: as documented, pretty JSON between the stages.
pipe_pretty() {
	"$bin/fg-config" "$1" | "$bin/fg-merge" balanced | "$bin/fg-resolve" --yaml
}

jq_merge() {
	jq -s '.[0] * .[1]' "$1/base.json" "$1/overlay.json"
}

# ---- checks ----

fail() {
	echo "bench: pipeline: $*" >&2
	exit 1
}

# reference DIR: the expected output, fg-resolve's YAML of jq's merge.
reference() {
	jq_merge "$1" | "$bin/fg-resolve" --yaml --cred "bench=$1/secrets/key" >"$1/expected.yaml" ||
		fail "the reference (jq's merge through fg-resolve) failed"
	sha256sum <"$1/expected.yaml" | cut -d' ' -f1
}

# check N DIR FORM CONFIG: one run of FORM on CONFIG must exit 0 in every
# stage, print N models, and match the reference byte for byte.
check() {
	local n=$1 dir=$2 form=$3 config=$4 sum models
	"$form" "$dir/$config" >"$dir/out.yaml" 2>"$dir/err" ||
		fail "$form $config ($n models) failed: $(head -n 1 "$dir/err")"
	models=$(grep -c '^- model_name: ' "$dir/out.yaml" || :)
	[ "$models" = "$n" ] || fail "$form $config printed $models models, not $n"
	sum=$(sha256sum <"$dir/out.yaml" | cut -d' ' -f1)
	[ "$sum" = "$ref_sum" ] || fail "$form $config ($n models): output differs from jq's merge resolved"
}

# ---- timing ----

now_ms() {
	awk -v t="$EPOCHREALTIME" 'BEGIN { printf "%.3f", t * 1000 }'
}

median() {
	printf '%s\n' "$@" | sort -n |
		awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# paired RUNS DIR CONFIG: pipe_c on CONFIG and jq's merge, alternately, RUNS
# times each; sets ours_ms and jq_ms to their medians.
paired() {
	local runs=$1 dir=$2 config=$3 i t0 t1
	local -a ours=() theirs=()
	for ((i = 0; i < runs; i++)); do
		t0=$(now_ms)
		pipe_c "$dir/$config" >/dev/null 2>&1 || fail "pipe_c $config failed while timed"
		t1=$(now_ms)
		ours+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
		t0=$(now_ms)
		jq_merge "$dir" >/dev/null || fail "jq failed while timed"
		t1=$(now_ms)
		theirs+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
	done
	ours_ms=$(median "${ours[@]}")
	jq_ms=$(median "${theirs[@]}")
}

# ---- memory ----

# peak_kb OUT CMD... < IN: runs CMD (stdout to OUT) and prints its peak RSS
# in KiB: GNU time's %M, or else VmHWM read from /proc while it runs.
peak_kb() {
	local out=$1 pid hwm=0 v
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$work/rss" "$@" >"$out" || fail "'$*' failed"
		cat "$work/rss"
		return
	fi
	"$@" >"$out" &
	pid=$!
	while v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) && [ -n "$v" ]; do
		hwm=$v
		sleep 0.005
	done
	wait "$pid" || fail "'$*' failed"
	echo "$hwm"
}

# rss N DIR CONFIG: each stage of pipe_c alone, on the input the stage
# before it printed; its peak RSS against the size of that input.
rss() {
	local n=$1 dir=$2 config=$3 kb size ratio stage
	for stage in config merge resolve; do
		case $stage in
		config) kb=$(peak_kb "$dir/s1" "$bin/fg-config" -c "$dir/$config" </dev/null)
			size=$(stat -c %s "$dir/$config") ;;
		merge) kb=$(peak_kb "$dir/s2" "$bin/fg-merge" -c balanced <"$dir/s1")
			size=$(stat -c %s "$dir/s1") ;;
		resolve) kb=$(peak_kb "$dir/s3" "$bin/fg-resolve" --yaml <"$dir/s2")
			size=$(stat -c %s "$dir/s2") ;;
		esac
		ratio=$(awk -v k="$kb" -v s="$size" 'BEGIN { printf "%.2f", k * 1024 / s }')
		echo "pipeline_rss models=$n config=${config##*.} stage=fg-$stage input_mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }') peak_mb=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }') ratio=$ratio"
		if [ "$n" = 200000 ]; then
			within "fg-$stage at $n models (${config##*.} config): peak RSS ${ratio}x its input (target 5x)" "$ratio" 5
		fi
	done
}

# ---- the run ----

# within WHAT VALUE LIMIT: records WHAT as missed unless VALUE <= LIMIT.
within() {
	awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }' || missed+=("$1")
}

declare -A ms

# run_size N RUNS: generate, check every form, then time and measure.
run_size() {
	local n=$1 runs=$2 dir=$work/$1 kind ratio target
	sh "$here/gen_config.sh" "$n" "$dir"
	ref_sum=$(reference "$dir")
	check "$n" "$dir" pipe_pretty config.yaml
	check "$n" "$dir" pipe_pretty config.json
	check "$n" "$dir" pipe_c config.yaml
	check "$n" "$dir" pipe_c config.json
	echo "pipeline_checked models=$n forms=4 sha256=$ref_sum"
	for kind in json yaml; do
		paired "$runs" "$dir" "config.$kind"
		ms[$kind,$n]=$ours_ms
		ratio=$(awk -v a="$ours_ms" -v b="$jq_ms" 'BEGIN { printf "%.2f", a / b }')
		echo "pipeline models=$n input=$kind input_mb=$(du -m "$dir/config.$kind" | cut -f1) ours_ms=$ours_ms jq_ms=$jq_ms ratio=$ratio"
		if [ "$n" = 20000 ]; then
			target=$([ "$kind" = json ] && echo 0.7 || echo 1.0)
			within "$kind config at $n models: ${ratio}x jq's time (target ${target}x)" "$ratio" "$target"
		fi
	done
	rss "$n" "$dir" config.yaml
	rss "$n" "$dir" config.json
	rm -rf "$dir"
}

missed=()
run_size 20000 9
run_size 200000 5
for kind in json yaml; do
	scale=$(awk -v a="${ms[$kind,20000]}" -v b="${ms[$kind,200000]}" 'BEGIN { printf "%.2f", b / a }')
	echo "pipeline_scaling input=$kind ratio_200k_to_20k=$scale"
	within "$kind config: 10x the models took ${scale}x the time (target 10x)" "$scale" 10
done
if [ "${#missed[@]}" -gt 0 ]; then
	echo "bench: pipeline: missed:" >&2
	printf '  %s\n' "${missed[@]}" >&2
	exit 1
fi
