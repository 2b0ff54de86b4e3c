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

# A case runs in a subshell without bats' DEBUG trap (a stack trace recorded
# at every command, some 0.5 ms each, and hostile.bats runs hundreds of
# cases); it reports through files, not variables. stderr is read and its
# lines counted by builtins, as $(cat) and grep -c '' did.
hostile() (
	trap - DEBUG
	local expect=$1 name=$2 rc=0 out err nerr
	local -a errlines
	shift 2
	printf '%s\n' "$name" >>"$BATS_FILE_TMPDIR/hostile-cases"
	out=$(timeout "$HOSTILE_TIMEOUT" "$@" 2>"$BATS_TEST_TMPDIR/hostile.err") || rc=$?
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
		if grep -rqsF -- "$SECRET" "${HOSTILE_LOGS:-/nonexistent}"; then
			hostile_fail "$name" "the secret reached a log"
		fi
	fi
	if [ -n "${HOSTILE_DIR:-}" ] && [ -n "$(find "$HOSTILE_DIR" -name '.*fgtmp*' 2>/dev/null)" ]; then
		hostile_fail "$name" "a temp file was left behind"
	fi
)

hostile_fail() {
	printf '%s: %s\n' "$1" "$2" >>"$BATS_TEST_TMPDIR/hostile-failures"
}

hostile_done() {
	if [ -s "$BATS_TEST_TMPDIR/hostile-failures" ]; then
		cat "$BATS_TEST_TMPDIR/hostile-failures" >&2
		return 1
	fi
}
