#!/bin/sh
# stand-ins.sh — what plays the outside world for `make demo`, smoke tests
# and doctor's tests, where LiteLLM, CLIProxyAPIPlus and GitHub cannot be
# reached. Each stand-in is real: a real release (tar.gz + checksums.txt)
# served over loopback, a real executable for this machine, real HTTP.
#
#   stand-ins.sh release RELDIR API_URL [REPO [TAG [BINARY]]]
#       A GitHub release of REPO (default router-for-me/CLIProxyAPIPlus) at
#       TAG (default v6.8.16-0) in RELDIR, for `fg-testserver --release-dir
#       RELDIR` answering at API_URL: one tar.gz asset for this machine
#       holding the test server (started with -config it plays
#       CLIProxyAPIPlus), or BINARY, as cli-proxy-api-plus (padded to 4 MiB,
#       past fg-fetch's 1 MiB floor, when smaller), and checksums.txt. The
#       binary is staged in RELDIR/stage (BINARY's in RELDIR/stage-TAG).
#   stand-ins.sh litellm FILE PORT
#       FILE, an executable that plays LiteLLM on PORT (for FLOWGATE_LITELLM).
#   stand-ins.sh codex-login FILE
#       FILE, a Codex CLI auth.json with unsigned stand-in tokens.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
server=$here/../build/fg-testserver

die() {
	echo "stand-ins.sh: $*" >&2
	exit 1
}

release() {
	reldir=$1 api=$2 repo=${3:-router-for-me/CLIProxyAPIPlus} tag=${4:-v6.8.16-0}
	binary=${5:-$server} stage=$reldir/stage
	[ $# -lt 5 ] || stage=$reldir/stage-$tag
	case $(uname -m) in
	x86_64 | amd64) arch=amd64 ;;
	aarch64 | arm64) arch=arm64 ;;
	*) die "no stand-in release for $(uname -m)" ;;
	esac
	assets=$reldir/download/$tag
	asset=CLIProxyAPIPlus_${tag#v}_linux_$arch.tar.gz
	mkdir -p "$assets" "$stage" "$reldir/$repo/$tag"
	cp "$binary" "$stage/cli-proxy-api-plus"
	truncate -s '>4M' "$stage/cli-proxy-api-plus"
	chmod 755 "$stage/cli-proxy-api-plus"
	tar -czf "$assets/$asset" -C "$stage" cli-proxy-api-plus
	(cd "$assets" && sha256sum -- "$asset") >"$assets/checksums.txt"
	list='[]'
	for f in "$asset" checksums.txt; do
		list=$(printf '%s' "$list" | jq -c --arg n "$f" --argjson s "$(stat -c %s "$assets/$f")" \
			--arg u "$api/download/$tag/$f" '. + [{name: $n, size: $s, browser_download_url: $u}]')
	done
	jq -n --arg t "$tag" --argjson a "$list" '{tag_name: $t, name: $t, draft: false, assets: $a}' \
		>"$reldir/$repo/$tag/release.json"
}

litellm() {
	printf '#!/bin/sh\n# Stand-in for LiteLLM: an HTTP server on its port.\nexec %s --port %s --lifetime 600\n' \
		"$server" "$2" >"$1"
	chmod 755 "$1"
}

b64url() {
	printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='
}

codex_login() {
	head=$(b64url '{"alg":"none","typ":"JWT"}')
	id=$head.$(b64url '{"email":"demo@example.com","https://api.openai.com/auth":{"chatgpt_account_id":"acct-demo"}}').sig
	access=$head.$(b64url '{"exp":4102444800}').sig
	mkdir -p "$(dirname "$1")"
	jq -n --arg id "$id" --arg access "$access" \
		'{tokens: {id_token: $id, access_token: $access, refresh_token: "rt-demo"}}' >"$1"
	chmod 600 "$1"
}

[ -x "$server" ] || die "$server is not built (make build/fg-testserver)"
case ${1:-} in
release) [ $# -ge 3 ] || die "usage: stand-ins.sh release RELDIR API_URL [REPO [TAG]]" ;;
litellm) [ $# -eq 3 ] || die "usage: stand-ins.sh litellm FILE PORT" ;;
codex-login) [ $# -eq 2 ] || die "usage: stand-ins.sh codex-login FILE" ;;
*) die "usage: stand-ins.sh release|litellm|codex-login ..." ;;
esac
cmd=$1
shift
case $cmd in
release) release "$@" ;;
litellm) litellm "$@" ;;
codex-login) codex_login "$@" ;;
esac
