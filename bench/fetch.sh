#!/usr/bin/env bash
# fg-fetch against `curl -s -o` on the same asset URL, over loopback from the
# test server playing GitHub's release API: a release with a 50 MB tar.gz
# and one with a 200 MB tar.gz, each holding a stand-in ELF whose bulk is
# random bytes (so gzip does not shrink it), with checksums.txt. For each:
# one run checked to install the right binary (its SHA-256), under GNU time
# for the peak RSS; then 5 fg-fetch --force and 5 curl runs, alternated,
# medians compared.
# Targets: fg-fetch within 1.5x of curl on the 200 MB asset; peak RSS under
# 16 MB, flat with size.
# FG_FETCH_BENCH_BIN=PATH times another build of fg-fetch.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
# shellcheck source=bench/lib.bash
. "$here/lib.bash"
fetch=${FG_FETCH_BENCH_BIN:-$root/bin/fg-fetch}
repo=bench/cliproxy
sizes=(50 200)
runs=5
max_ratio=1.5
max_rss_kb=$((16 * 1024))
# What the 200 MB run's peak RSS may exceed the 50 MB one's by and still be flat.
flat_slack_kb=1024
work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

if ! /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	fail "needs GNU time as /usr/bin/time (Debian package time) for the peak RSS"
fi

# Release vMB holds the MB-sized asset.
asset_name() { echo "CLIProxyAPIPlus_${1}_linux_amd64.tar.gz"; }

# make_release MB: release vMB, an x86_64 ELF (/bin/true's header) padded
# with random bytes to MB million bytes, in a tar.gz beside a LICENSE, and
# its checksums.txt; the binary's SHA-256 in $work/MB.sha256. gzip -1:
# random bytes do not shrink at any level.
make_release() {
	local mb=$1 stage=$work/stage/$1 dir=$work/rel/download/v$1 bin head
	bin=$stage/cli-proxy-api-plus
	mkdir -p "$stage"
	cp /bin/true "$bin"
	printf '\076\000' | dd of="$bin" bs=1 seek=18 conv=notrunc status=none
	head=$(stat -c %s "$bin")
	head -c $((mb * 1000000 - head)) /dev/urandom >>"$bin"
	chmod 755 "$bin"
	printf 'MIT\n' >"$stage/LICENSE"
	sha256sum "$bin" | cut -d' ' -f1 >"$work/$mb.sha256"
	mkdir -p "$dir"
	tar -cf - -C "$stage" LICENSE cli-proxy-api-plus | gzip -1 >"$dir/$(asset_name "$mb")"
	(cd "$dir" && sha256sum -- "$(asset_name "$mb")" >checksums.txt)
	rm -rf "$stage"
}

# publish TAG: release.json for the server's port, listing every asset of TAG.
publish() {
	local tag=$1 dir=$work/rel/download/$1 f assets='[]'
	for f in "$dir"/*; do
		assets=$(jq -c --arg n "${f##*/}" --argjson s "$(stat -c %s "$f")" \
			--arg u "http://127.0.0.1:$server_port/download/$tag/${f##*/}" \
			'. + [{name: $n, browser_download_url: $u, size: $s}]' <<<"$assets")
	done
	mkdir -p "$work/rel/$repo/$tag"
	jq -n --arg t "$tag" --argjson a "$assets" '{tag_name: $t, name: $t, draft: false, assets: $a}' \
		>"$work/rel/$repo/$tag/release.json"
}

start_release_server() {
	"$root/build/fg-testserver" --port 0 --port-file "$work/port" --lifetime 300 \
		--release-dir "$work/rel" </dev/null &
	server_pid=$!
	wait_until test -s "$work/port"
	server_port=$(<"$work/port")
}

run_fetch() {
	"$fetch" --repo "$repo" --version "v$1" --dest "$work/dest" --name cli-proxy-api-plus \
		--force -c
}

# checked_run MB: one fetch under GNU time; fails unless the binary it
# installed is the one put in; prints its peak RSS in KB.
checked_run() {
	local mb=$1 want got out
	want=$(<"$work/$mb.sha256")
	out=$(/usr/bin/time -f %M -o "$work/rss" "$fetch" --repo "$repo" --version "v$mb" \
		--dest "$work/dest" --name cli-proxy-api-plus --force -c 2>&1) ||
		fail "${mb}MB: fg-fetch exited $?: ${out%%$'\n'*}"
	got=$(sha256sum "$work/dest/cli-proxy-api-plus" | cut -d' ' -f1)
	if [ "$(jq -r '.result + " " + .sha256' <<<"$out")" != "installed $want" ] || [ "$got" != "$want" ]; then
		fail "${mb}MB: fg-fetch installed a binary with SHA-256 $got, not $want"
	fi
	tail -n 1 "$work/rss"
}

ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
mb_of() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# paired MB: fg-fetch and curl alternated; sets fetch_ms and curl_ms (medians).
paired() {
	local mb=$1 url i t0 t1 out
	local -a f=() c=()
	url=http://127.0.0.1:$server_port/download/v$mb/$(asset_name "$mb")
	for ((i = 0; i < runs; i++)); do
		t0=$EPOCHREALTIME
		out=$(run_fetch "$mb" 2>&1) || fail "${mb}MB: fg-fetch exited $?: ${out%%$'\n'*}"
		t1=$EPOCHREALTIME
		f+=("$(ms "$t0" "$t1")")
		t0=$EPOCHREALTIME
		curl -sf -o "$work/curl.out" "$url" || fail "${mb}MB: curl exited $?"
		t1=$EPOCHREALTIME
		c+=("$(ms "$t0" "$t1")")
	done
	fetch_ms=$(median "${f[@]}")
	curl_ms=$(median "${c[@]}")
}

mkdir -p "$work/dest"
for mb in "${sizes[@]}"; do
	make_release "$mb" &
done
wait
# The assets' own writeback is not to run during the measurements.
sync
start_release_server
for mb in "${sizes[@]}"; do
	publish "v$mb"
done
export FLOWGATE_GITHUB_API=http://127.0.0.1:$server_port FG_FETCH_OS=linux FG_FETCH_ARCH=amd64

first_rss='' missed=''
for mb in "${sizes[@]}"; do
	rss=$(checked_run "$mb")
	paired "$mb"
	ratio=$(awk -v a="$fetch_ms" -v b="$curl_ms" 'BEGIN { printf "%.2f", a / b }')
	line="fetch ${mb}MB: fg-fetch $fetch_ms ms, curl $curl_ms ms (${ratio}x), peak RSS $(mb_of "$rss") MB"
	[ -z "$first_rss" ] || line="$line (${sizes[0]}MB: $(mb_of "$first_rss") MB)"
	echo "$line"
	# The issue's throughput target is the 200 MB asset's; at 50 MB the
	# fixed costs (process start, 45 libraries, the final fsync) weigh more and
	# the ratio is shown, not held to it.
	if [ "$mb" = 200 ] && ! awk -v r="$ratio" -v m="$max_ratio" 'BEGIN { exit !(r <= m) }'; then
		missed=${missed:-"${mb}MB: fg-fetch took ${ratio}x curl's time, more than ${max_ratio}x"}
	elif [ "$rss" -ge "$max_rss_kb" ]; then
		missed=${missed:-"${mb}MB: peak RSS $(mb_of "$rss") MB, not under $((max_rss_kb / 1024)) MB"}
	elif [ -n "$first_rss" ] && [ "$rss" -gt $((first_rss + flat_slack_kb)) ]; then
		missed=${missed:-"${mb}MB: peak RSS $(mb_of "$rss") MB grew with size (${sizes[0]}MB: $(mb_of "$first_rss") MB)"}
	fi
	first_rss=${first_rss:-$rss}
done
[ -z "${missed:-}" ] || fail "$missed"
