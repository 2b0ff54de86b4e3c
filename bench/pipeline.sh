#!/usr/bin/env bash
# The config pipeline on a generated config with many models, against jq doing
# the same merge on the same data, at 20,000 and 200,000 models.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../bin
# shellcheck source=bench/lib.bash
. "$here/lib.bash"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pipeline() {
	"$bin/fg-config" "$1/config.yaml" | "$bin/fg-merge" balanced | "$bin/fg-resolve" "${@:2}"
}

run_size() {
	local n=$1 dir=$work/$1 mb ours ours_yaml jq_ms
	sh "$here/gen_config.sh" "$n" "$dir"
	mb=$(du -m "$dir/config.yaml" | cut -f1)
	ours=$(median_ms 5 pipeline "$dir")
	ours_yaml=$(median_ms 5 pipeline "$dir" --yaml)
	jq_ms=$(median_ms 5 jq -s '.[0] * .[1]' "$dir/base.json" "$dir/overlay.json")
	echo "pipeline_models=$n yaml_mb=$mb pipeline_json_ms=$ours pipeline_yaml_ms=$ours_yaml jq_merge_ms=$jq_ms"
	eval "ms_$n=$ours"
}

run_size 20000
run_size 200000
# shellcheck disable=SC2154
echo "pipeline_scaling_10x=$(awk -v a="$ms_20000" -v b="$ms_200000" 'BEGIN { printf "%.2f", b / a }')"
