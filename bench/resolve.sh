#!/usr/bin/env bash
# fg-resolve alone on fg-merge's output for a generated config of 20,000 and
# 200,000 models: --yaml by its own writer and by libyaml's emitter
# (FG_YAML_EMITTER=libyaml, which must write the same bytes), and -c.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../bin
# shellcheck source=bench/lib.bash
. "$here/lib.bash"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_size() {
	local n=$1 dir=$work/$1 mb yaml libyaml json
	sh "$here/gen_config.sh" "$n" "$dir"
	"$bin/fg-config" -c "$dir/config.yaml" | "$bin/fg-merge" -c balanced >"$dir/merged.json"
	mb=$(du -m "$dir/merged.json" | cut -f1)
	check_output '^    api_key: sk-bench-secret$' "$bin/fg-resolve" --yaml "$dir/merged.json"
	"$bin/fg-resolve" --yaml "$dir/merged.json" >"$dir/block.yaml"
	FG_YAML_EMITTER=libyaml "$bin/fg-resolve" --yaml "$dir/merged.json" >"$dir/libyaml.yaml"
	cmp -s "$dir/block.yaml" "$dir/libyaml.yaml" || {
		echo "bench: fg-resolve --yaml and libyaml's emitter wrote different YAML" >&2
		return 1
	}
	yaml=$(median_ms 5 "$bin/fg-resolve" --yaml "$dir/merged.json")
	libyaml=$(median_ms 5 env FG_YAML_EMITTER=libyaml "$bin/fg-resolve" --yaml "$dir/merged.json")
	json=$(median_ms 5 "$bin/fg-resolve" -c "$dir/merged.json")
	echo "resolve_models=$n json_mb=$mb resolve_yaml_ms=$yaml resolve_yaml_libyaml_ms=$libyaml resolve_json_ms=$json"
}

run_size 20000
run_size 200000
