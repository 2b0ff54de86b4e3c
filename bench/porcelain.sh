#!/usr/bin/env bash
# `flowgate profile set balanced` and `flowgate status` on the example config:
# median wall time and the number of programs each starts.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
# shellcheck source=bench/lib.bash
. "$here/lib.bash"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/config" "$work/.router/secrets"
cp "$root/config/examples/flowgate.yaml" "$root/config/examples/cliproxyapi.yaml" "$work/config/"
printf 'sk-bench\n' >"$work/.router/secrets/upstream_cliproxyapi_api_key"
chmod 600 "$work/.router/secrets/upstream_cliproxyapi_api_key"
cd "$work"
fg=$root/bin/flowgate
check_output '^profile=balanced$' "$fg" profile set balanced
check_output '^current_profile=balanced$' "$fg" status
check_output '^oauth_providers=codex,copilot$' "$fg" auth list
check_output '^provider=codex method=oauth_poll ' "$fg" auth status

# The targets, as ratios that hold on any machine: against the programs a
# command starts, and against the exec floor (sh -c true, measured in this
# run). profile set: at most 10 programs and 12x the floor; status: at most
# 6 programs (its ratio is shown); health with nothing running: 20x.
floor=$(exec_floor)
echo "exec_floor_sh_c_true_median_ms=$floor"
missed=0
for cmd in "profile set balanced:10:12" "status:6:" "auth list::" "auth status::"; do
	IFS=: read -r cmd max_starts max_ratio <<<"$cmd"
	# shellcheck disable=SC2086
	ms=$(median_ms 31 "$fg" $cmd)
	# shellcheck disable=SC2086
	n=$(execs "$fg" $cmd)
	key=$(printf '%s' "$cmd" | tr ' ' '_')
	ratio="($(awk -v m="$ms" -v f="$floor" 'BEGIN { printf "%.1f", m / f }')x the floor)"
	starts=
	if [ -n "$max_ratio" ] && ! ratio=$(ratio_target "$ms" "$floor" "$max_ratio"); then
		missed=1
	fi
	if [ -n "$max_starts" ] && ! starts="$(starts_target "$n" "$max_starts") "; then
		missed=1
	fi
	verdict=" $starts$ratio"
	echo "flowgate_${key}_median_ms=$ms processes=$n$verdict"
done

# Nothing runs here: health finds both pidfiles absent and probes both
# readiness URLs (connection refused), so it loads libcurl, and exits 1.
check_output --expect 1 '^litellm:liveness=fail readiness=fail .*readiness_error=connection_refused ' \
	"$fg" health --timeout 1
ms=$(median_ms --expect 1 31 "$fg" health --timeout 1)
verdict=$(ratio_target "$ms" "$floor" 20) || missed=1
echo "flowgate_health_nothing_running_median_ms=$ms processes=$(execs "$fg" health --timeout 1) $verdict"

# What the dispatcher costs: the command through bin/flowgate, against its
# script run directly with the environment the dispatcher would export.
direct_status() {
	FLOWGATE_LIBEXEC=$root/libexec/flowgate PATH=$root/bin:$PATH \
		"$root/libexec/flowgate/flowgate-status"
}
check_output '^current_profile=balanced$' direct_status
via=$(median_ms 51 "$fg" status)
direct=$(median_ms 51 direct_status)
echo "dispatcher_exec_ms=$(awk -v a="$via" -v b="$direct" 'BEGIN { printf "%.1f", a - b }') status_via_dispatcher_ms=$via status_direct_ms=$direct"
[ "$missed" = 0 ]
