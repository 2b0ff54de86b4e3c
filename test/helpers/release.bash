# release.bash — GitHub releases for fg-fetch's tests, served over loopback by
# the test server from a folder (fg-testserver --release-dir): real tar.gz and
# zip archives (made by tar and zip) holding a stand-in binary, checksums.txt
# and release.json.
#
#   load 'helpers/release'
#   setup()    { start_release_server; }    # sets RELDIR, REQLOG, FLOWGATE_GITHUB_API
#   teardown() { stop_test_server; }
#
#   stand_in_binary "$STAGE/cli-proxy-api-plus"       # an x86_64 ELF over 1 MiB
#   asset_tar v1 CLIProxyAPIPlus_1_linux_amd64.tar.gz "$STAGE" cli-proxy-api-plus
#   asset_checksums v1
#   publish_release owner/name v1 latest
#
# The assets of TAG are the files in RELDIR/download/TAG; publish_release
# lists them all (but the test-made fault files NAME.truncate and NAME.stall)
# in RELDIR/OWNER/NAME/TAG/release.json, with download URLs under
# $RELEASE_URL_BASE (default $TESTSERVER_URL/download).

# Starts the server with a fresh release folder and a request log, and points
# fg-fetch at it.
start_release_server() {
	local portfile=$BATS_TEST_TMPDIR/release.port
	RELDIR=$BATS_TEST_TMPDIR/releases
	REQLOG=$BATS_TEST_TMPDIR/requests.log
	mkdir -p "$RELDIR/download"
	# The lifetime only ends a server a crashed test left behind (teardown
	# stops it): fg-fetch-crash's 100 kill -9 trials can outlast 120 s on a
	# loaded machine or a sanitizer build, and then the last fetch failed.
	launch_test_server "$portfile" --lifetime 600 --release-dir "$RELDIR" --request-log "$REQLOG"
	FLOWGATE_GITHUB_API=$TESTSERVER_URL
	export FLOWGATE_GITHUB_API
}

# stand_in_binary PATH [MACHINE]: a copy of /bin/true padded past 1 MiB, its
# ELF e_machine set to MACHINE (x86_64, the default, or aarch64). On an
# x86_64 machine the default one runs.
stand_in_binary() {
	local out=$1 machine=${2:-x86_64}
	mkdir -p "$(dirname "$out")"
	cp /bin/true "$out"
	truncate -s 1100000 "$out"
	chmod 755 "$out"
	case $machine in
	x86_64) printf '\076\000' | dd of="$out" bs=1 seek=18 conv=notrunc status=none ;;
	aarch64) printf '\267\000' | dd of="$out" bs=1 seek=18 conv=notrunc status=none ;;
	*) echo "stand_in_binary: unknown machine $machine" >&2 && return 1 ;;
	esac
}

asset_dir() {
	mkdir -p "$RELDIR/download/$1"
	printf '%s\n' "$RELDIR/download/$1"
}

# asset_tar TAG NAME DIR [FILE...]: a tar.gz of FILEs (default: all) in DIR.
asset_tar() {
	local tag=$1 name=$2 dir=$3 out
	shift 3
	[ $# -gt 0 ] || set -- .
	out=$(asset_dir "$tag")/$name
	tar -czf "$out" -C "$dir" -- "$@"
}

# asset_tar_renamed TAG NAME DIR MEMBER AS FILE...: the same, with MEMBER
# stored under the name AS as it is (-P: a leading / or ../ is kept), to
# make a hostile archive.
asset_tar_renamed() {
	local tag=$1 name=$2 dir=$3 member=$4 as=$5 out
	shift 5
	out=$(asset_dir "$tag")/$name
	tar -czPf "$out" --transform "s,^$member\$,$as," -C "$dir" -- "$@"
}

# asset_zip TAG NAME DIR [FILE...]: a zip of FILEs (default: all) in DIR,
# symlinks stored as links.
asset_zip() {
	local tag=$1 name=$2 dir=$3 out
	shift 3
	[ $# -gt 0 ] || set -- .
	out=$(asset_dir "$tag")/$name
	(cd "$dir" && zip -qry "$out" -- "$@")
}

# asset_file TAG NAME FILE: FILE as the asset itself (a bare binary).
asset_file() {
	cp "$3" "$(asset_dir "$1")/$2"
}

# asset_checksums TAG [NAME...]: checksums.txt with a line for each NAME
# (default: every asset of TAG).
asset_checksums() {
	local dir
	dir=$(asset_dir "$1")
	shift
	if [ $# -eq 0 ]; then
		set --
		for f in "$dir"/*; do
			case $f in *.truncate | *.stall | */checksums.txt) continue ;; esac
			set -- "$@" "${f##*/}"
		done
	fi
	(cd "$dir" && sha256sum -- "$@") >"$dir/checksums.txt.new"
	mv "$dir/checksums.txt.new" "$dir/checksums.txt"
}

# publish_release OWNER/NAME TAG [latest]: release.json listing TAG's assets
# (and latest.json too when asked).
publish_release() {
	local repo=$1 tag=$2 latest=${3:-} dir f
	local -a list=()
	dir=$(asset_dir "$tag")
	for f in "$dir"/*; do
		[ -e "$f" ] || continue
		case $f in *.truncate | *.stall) continue ;; esac
		list+=("${f##*/}" "$(stat -c %s "$f")")
	done
	mkdir -p "$RELDIR/$repo/$tag"
	# One jq for the whole list: name, size pairs in, assets out.
	jq -n --arg t "$tag" --arg base "${RELEASE_URL_BASE:-$TESTSERVER_URL/download}/$tag" '
		$ARGS.positional as $a
		| {tag_name: $t, name: $t, draft: false,
		   assets: [range(0; $a | length; 2) | {name: $a[.], browser_download_url: "\($base)/\($a[.])",
			size: ($a[. + 1] | tonumber), content_type: "application/octet-stream"}]}' \
		--args "${list[@]}" >"$RELDIR/$repo/$tag/release.json"
	if [ "$latest" = latest ]; then
		cp "$RELDIR/$repo/$tag/release.json" "$RELDIR/$repo/latest.json"
	fi
}

# How many requests the server logged whose line matches the regex.
logged_requests() {
	if [ -f "$REQLOG" ]; then
		grep -cE -- "$1" "$REQLOG" || true
	else
		echo 0
	fi
}
