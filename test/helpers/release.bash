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
# x86_64 machine the default one runs. An existing PATH is written over in
# place (its inode kept, as cp does). The stand-in is made once per test file
# (in BATS_FILE_TMPDIR) and copied: its six processes cost some 80 ms a time.
stand_in_binary() {
	local out=$1 machine=${2:-x86_64} dir tmpl existed=
	case $machine in x86_64 | aarch64) ;; *)
		echo "stand_in_binary: unknown machine $machine" >&2 && return 1
		;;
	esac
	case $out in */*) dir=${out%/*} ;; *) dir=. ;; esac
	[ -d "$dir" ] || mkdir -p "$dir"
	tmpl=${BATS_FILE_TMPDIR:-$BATS_TEST_TMPDIR}/stand-in.$machine
	[ -f "$tmpl" ] || make_stand_in "$tmpl" "$machine" || return
	[ ! -e "$out" ] || existed=1
	cp "$tmpl" "$out" || return
	# A new file has the template's 0755 (less the umask); an old one keeps
	# its mode, so it is set as before. (The umask is asked once a test.)
	: "${_stand_in_umask:=$(umask)}"
	if [ -n "$existed" ] || [ $((_stand_in_umask & 0755)) != 0 ]; then
		chmod 755 "$out"
	fi
}

# make_stand_in PATH MACHINE: the stand-in itself, made under a temporary
# name and renamed (tests of one file may run side by side).
make_stand_in() {
	local out=$1 tmp=$1.$$.$BASHPID
	cp /bin/true "$tmp"
	truncate -s 1100000 "$tmp"
	chmod 755 "$tmp"
	case $2 in
	x86_64) printf '\076\000' | dd of="$tmp" bs=1 seek=18 conv=notrunc status=none ;;
	aarch64) printf '\267\000' | dd of="$tmp" bs=1 seek=18 conv=notrunc status=none ;;
	esac
	mv -f "$tmp" "$out"
}

# asset_dir TAG: the folder of TAG's assets (made if missing), printed.
asset_dir() {
	asset_dir_of "$1"
	printf '%s\n' "$ASSET_DIR"
}

# asset_dir_of TAG: the same in ASSET_DIR, without a subshell.
asset_dir_of() {
	ASSET_DIR=$RELDIR/download/$1
	[ -d "$ASSET_DIR" ] || mkdir -p "$ASSET_DIR"
}

# asset_tar TAG NAME DIR [FILE...]: a tar.gz of FILEs (default: all) in DIR.
asset_tar() {
	local tag=$1 name=$2 dir=$3
	shift 3
	[ $# -gt 0 ] || set -- .
	asset_dir_of "$tag"
	tar -czf "$ASSET_DIR/$name" -C "$dir" -- "$@"
}

# asset_tar_renamed TAG NAME DIR MEMBER AS FILE...: the same, with MEMBER
# stored under the name AS as it is (-P: a leading / or ../ is kept), to
# make a hostile archive.
asset_tar_renamed() {
	local tag=$1 name=$2 dir=$3 member=$4 as=$5
	shift 5
	asset_dir_of "$tag"
	tar -czPf "$ASSET_DIR/$name" --transform "s,^$member\$,$as," -C "$dir" -- "$@"
}

# asset_zip TAG NAME DIR [FILE...]: a zip of FILEs (default: all) in DIR,
# symlinks stored as links.
asset_zip() {
	local tag=$1 name=$2 dir=$3
	shift 3
	[ $# -gt 0 ] || set -- .
	asset_dir_of "$tag"
	(cd "$dir" && exec zip -qry "$ASSET_DIR/$name" -- "$@")
}

# asset_file TAG NAME FILE: FILE as the asset itself (a bare binary).
asset_file() {
	asset_dir_of "$1"
	cp "$3" "$ASSET_DIR/$2"
}

# asset_checksums TAG [NAME...]: checksums.txt with a line for each NAME
# (default: every asset of TAG).
asset_checksums() {
	local dir f
	asset_dir_of "$1"
	dir=$ASSET_DIR
	shift
	if [ $# -eq 0 ]; then
		for f in "$dir"/*; do
			case $f in *.truncate | *.stall | */checksums.txt) continue ;; esac
			set -- "$@" "${f##*/}"
		done
	fi
	(cd "$dir" && exec sha256sum -- "$@") >"$dir/checksums.txt.new"
	mv "$dir/checksums.txt.new" "$dir/checksums.txt"
}

# publish_release OWNER/NAME TAG [latest]: release.json listing TAG's assets
# (and latest.json too when asked).
publish_release() {
	local repo=$1 tag=$2 latest=${3:-} dir f json i base
	local -a names=() sizes=()
	asset_dir_of "$tag"
	dir=$ASSET_DIR
	for f in "$dir"/*; do
		[ -e "$f" ] || continue
		case $f in *.truncate | *.stall) continue ;; esac
		names+=("${f##*/}")
	done
	# One stat for all the sizes, one a line, in the names' order.
	if [ ${#names[@]} -gt 0 ]; then
		mapfile -t sizes < <(cd "$dir" && exec stat -c %s -- "${names[@]}")
	fi
	base=${RELEASE_URL_BASE:-$TESTSERVER_URL/download}/$tag
	[ -d "$RELDIR/$repo/$tag" ] || mkdir -p "$RELDIR/$repo/$tag"
	if [[ "$tag$base${names[*]}" == *[\"\\[:cntrl:]]* ]]; then
		# A string JSON must escape: one jq for the whole list (name, size pairs).
		local -a list=()
		for i in "${!names[@]}"; do
			list+=("${names[i]}" "${sizes[i]}")
		done
		json=$(jq -n --arg t "$tag" --arg base "$base" '
			$ARGS.positional as $a
			| {tag_name: $t, name: $t, draft: false,
			   assets: [range(0; $a | length; 2) | {name: $a[.], browser_download_url: "\($base)/\($a[.])",
				size: ($a[. + 1] | tonumber), content_type: "application/octet-stream"}]}' \
			--args "${list[@]}")
	else
		# Nothing to escape: the same document put together here, no jq.
		json="{\"tag_name\":\"$tag\",\"name\":\"$tag\",\"draft\":false,\"assets\":["
		for i in "${!names[@]}"; do
			[ "$i" = 0 ] || json+=,
			json+="{\"name\":\"${names[i]}\",\"browser_download_url\":\"$base/${names[i]}\","
			json+="\"size\":${sizes[i]},\"content_type\":\"application/octet-stream\"}"
		done
		json+="]}"
	fi
	printf '%s\n' "$json" >"$RELDIR/$repo/$tag/release.json"
	if [ "$latest" = latest ]; then
		printf '%s\n' "$json" >"$RELDIR/$repo/latest.json"
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
