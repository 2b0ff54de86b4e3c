#!/bin/sh
# clients.sh — installs the real clients the end-to-end tests run
# (test/clients.bats) from the npm registry into DIR, outside the tree:
#
#   clients.sh DIR PACKAGE@VERSION...
#
# Does nothing when DIR already holds exactly those versions and each
# client answers --version. Installs Debian's nodejs and npm first when npm
# is missing and this runs as root; otherwise says what to run (exit 2).
set -eu

die() {
	echo "clients.sh: $*" >&2
	exit "${2:-1}"
}

[ $# -ge 2 ] || die "usage: clients.sh DIR PACKAGE@VERSION..." 2
dir=$1
shift
stamp=$dir/.flowgate-clients
want="$*"

clients_answer() {
	"$dir/node_modules/.bin/codex" --version >/dev/null 2>&1 &&
		"$dir/node_modules/.bin/claude" --version >/dev/null 2>&1
}

if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && clients_answer; then
	exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || die "npm is missing; run: sudo apt-get install -y nodejs npm" 2
	echo "clients.sh: installing nodejs npm"
	if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }; then
		die "apt-get could not install nodejs and npm"
	fi
fi
mkdir -p "$dir"
echo "clients.sh: installing $want into $dir"
# Claude Code's package links its native binary in a postinstall script.
npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "$@" >&2 ||
	die "npm install $want failed"
clients_answer || die "the installed clients do not run (codex --version, claude --version)"
printf '%s\n' "$want" >"$stamp"
