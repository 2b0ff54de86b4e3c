#!/bin/sh
# make bench: every benchmark in bench/, one after another.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for b in "$here"/porcelain.sh "$here"/pipeline.sh "$here"/services.sh "$here"/probe.sh; do
	echo "== ${b##*/}"
	bash "$b"
done
