#!/bin/sh
# make bench: every benchmark in bench/, one after another.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# Every benchmark runs; any that fails (a command that failed or printed
# the wrong thing) is named at the end and fails `make bench`.
failed=
for b in "$here"/porcelain.sh "$here"/auth.sh "$here"/pipeline.sh "$here"/resolve.sh "$here"/services.sh \
	"$here"/spawn.sh "$here"/probe.sh "$here"/doctor.sh "$here"/fetch.sh; do
	echo "== ${b##*/}"
	bash "$b" || failed="$failed ${b##*/}"
done
if [ -n "$failed" ]; then
	echo "bench: failed:$failed" >&2
	exit 1
fi
