#!/bin/sh
# doctor.sh — the original Python FlowGate's scripts/doctor.sh: runs `flowgate --config
# CONFIG doctor` and passes its lines and its exit code through.
#
# Usage: ./scripts/doctor.sh [CONFIG]
#
# CONFIG defaults to config/flowgate.yaml; a relative CONFIG is taken from
# the current folder, as flowgate takes it ($FLOWGATE_CONFIG is not read:
# the original passed config/flowgate.yaml). flowgate is the one in this
# checkout's bin/ (beside this script's folder), else the one on PATH.
# Prints doctor's lines, doctor:CHECK=pass|fail each (see flowgate help
# doctor); $FLOWGATE_FORMAT=json gives its JSON document instead.
#
# Exit: 0 every check passes, 1 a check fails, 2 usage, or flowgate not
# found (one line on stderr).
set -eu

usage() {
	sed -n 's/^# \{0,1\}//; /^Usage:/,/^Exit:/p' "$0"
}

fail_early() {
	printf 'doctor.sh: %s\n' "$*" | tr -c '[:print:]\n' '?' >&2
	exit 2
}

case ${1-} in
-h | --help)
	usage
	exit 0
	;;
-*) fail_early "unknown option '$1' (usage: doctor.sh [CONFIG])" ;;
esac
[ $# -le 1 ] || fail_early "too many arguments (usage: doctor.sh [CONFIG])"
[ $# -eq 0 ] || [ -n "$1" ] || fail_early "CONFIG is empty (usage: doctor.sh [CONFIG])"

flowgate=$(dirname "$0")/../bin/flowgate
if ! [ -x "$flowgate" ]; then
	flowgate=$(command -v flowgate 2>/dev/null) ||
		fail_early "flowgate not found (run make in the FlowGate tree, or put flowgate on PATH)"
fi
exec "$flowgate" --config "${1:-config/flowgate.yaml}" doctor
