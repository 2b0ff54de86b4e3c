# hostile.bash — one hostile-input case at a time, each held to the tools'
# contract: the documented exit code, exactly one line on stderr, nothing on
# stdout, no secret anywhere, no temp file left behind, and no hang.
#
#   hostile 2 "fg-config: a list as paths" fg-config "$f"
#   hostile_done        # at the end of the test: fails listing every broken case
#
# EXPECT is an exit code, or "0|2" for inputs that may be valid (then exit 0
# must print valid JSON, and a failure must still be one line).

HOSTILE_TIMEOUT=${HOSTILE_TIMEOUT:-20}

# A case is a function, not a subshell: commands in helpers are not traced
# by bats' DEBUG trap (helpers/common), and hostile.bats runs hundreds of
# cases, where each fork of bats' large shell costs some 3 to 5 ms. For the
# same reason the tool's stdout and stderr go to files and are read back by
# builtins ($(<file) and mapfile do not fork), the temp-file check is a glob,
# not $(find), and the logs are searched only when there are logs.
hostile() {
	local expect=$1 name=$2 rc=0 out err nerr
	local -a errlines tmps
	shift 2
	printf '%s\n' "$name" >>"$BATS_FILE_TMPDIR/hostile-cases"
	timeout "$HOSTILE_TIMEOUT" "$@" >"$BATS_TEST_TMPDIR/hostile.out" 2>"$BATS_TEST_TMPDIR/hostile.err" || rc=$?
	out=$(<"$BATS_TEST_TMPDIR/hostile.out")
	err=$(<"$BATS_TEST_TMPDIR/hostile.err")
	mapfile -t errlines <"$BATS_TEST_TMPDIR/hostile.err"
	nerr=${#errlines[@]}
	if [ "$rc" = 124 ]; then
		hostile_fail "$name" "hung (killed after ${HOSTILE_TIMEOUT} s)"
		return
	fi
	case "|$expect|" in
	*"|$rc|"*) ;;
	*) hostile_fail "$name" "exit $rc, expected $expect (stderr: $err)" ;;
	esac
	if [ "$rc" = 0 ]; then
		[ -z "$out" ] || jq -e . >/dev/null 2>&1 <<<"$out" || [ "${HOSTILE_TEXT:-}" = 1 ] ||
			hostile_fail "$name" "exit 0 but stdout is not JSON"
	else
		[ -z "$out" ] || hostile_fail "$name" "stdout not empty on failure: ${out:0:80}"
		[ "$nerr" = 1 ] || hostile_fail "$name" "$nerr stderr lines, not 1: ${err:0:200}"
	fi
	if [ -n "${SECRET:-}" ]; then
		case "$out$err" in
		*"$SECRET"*) hostile_fail "$name" "the secret was printed" ;;
		esac
		if [ -e "${HOSTILE_LOGS:-/nonexistent}" ] && grep -rqsF -- "$SECRET" "$HOSTILE_LOGS"; then
			hostile_fail "$name" "the secret reached a log"
		fi
	fi
	if [ -n "${HOSTILE_DIR:-}" ]; then
		hostile_tmpfiles tmps "$HOSTILE_DIR"
		[ "${#tmps[@]}" = 0 ] || hostile_fail "$name" "a temp file was left behind: ${tmps[*]}"
	fi
}

# hostile_tmpfiles ARRAY DIR: the temp files (.*fgtmp*) anywhere under DIR,
# hidden folders too, as find DIR -name '.*fgtmp*' finds them, into ARRAY;
# the test's shell options are left as they were.
hostile_tmpfiles() {
	deep_glob "$1" "$2" '.*fgtmp*'
}

# hostile_jq EXPECT BASE DIR TOOL PROGRAM...: each jq PROGRAM (such as
# '.paths = 1') applied to the JSON file BASE is a document, written to
# DIR/jqN.json, and each is a case: hostile EXPECT "TOOL: PROGRAM" TOOL FILE.
# One jq makes all the documents (one jq and one fork each cost more than
# the case); a document per PROGRAM, or the test fails.
hostile_jq() {
	local expect=$1 base=$2 dir=$3 tool=$4 prog='' i
	local -a progs docs
	shift 4
	progs=("$@")
	for i in "${!progs[@]}"; do
		prog+="${prog:+, }(${progs[i]})"
	done
	jq -c "$prog" "$base" >"$dir/jq-docs" || {
		echo "hostile_jq: jq failed on: $prog" >&2
		return 1
	}
	mapfile -t docs <"$dir/jq-docs"
	if [ "${#docs[@]}" != "${#progs[@]}" ]; then
		echo "hostile_jq: ${#docs[@]} documents for ${#progs[@]} programs" >&2
		return 1
	fi
	for i in "${!progs[@]}"; do
		printf '%s\n' "${docs[i]}" >"$dir/jq$i.json"
		hostile "$expect" "$tool: ${progs[i]}" "$tool" "$dir/jq$i.json"
	done
}

hostile_fail() {
	printf '%s: %s\n' "$1" "$2" >>"$BATS_TEST_TMPDIR/hostile-failures"
}

hostile_done() {
	if [ -s "$BATS_TEST_TMPDIR/hostile-failures" ]; then
		cat "$BATS_TEST_TMPDIR/hostile-failures" >&2
		return 1
	fi
}
