#!/bin/sh
# make demo: a scratch project made from config/examples, then the commands a
# new user runs first, each shown before its output.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
demo=$root/build/demo
PATH=$root/bin:$PATH
export PATH
unset FLOWGATE_CONFIG

rm -rf "$demo"
mkdir -p "$demo/config" "$demo/.router/secrets"
cp "$root/config/examples/flowgate.yaml" "$root/config/examples/cliproxyapi.yaml" "$demo/config/"
# A stand-in upstream key; a real one goes in this file, mode 0600.
printf 'sk-demo-not-a-real-key\n' >"$demo/.router/secrets/upstream_cliproxyapi_api_key"
chmod 600 "$demo/.router/secrets/upstream_cliproxyapi_api_key"
cd "$demo"

show() {
	printf '\n$ %s\n' "$*"
	"$@"
}

echo "FlowGate demo in $demo"
show flowgate profile list
show flowgate profile set balanced
show flowgate status
show cat .router/runtime/litellm.active.yaml
show tail -n 1 .router/runtime/events.log
echo
echo "The same config from the plumbing, by hand:"
show sh -c 'fg-config config/flowgate.yaml | fg-merge balanced | fg-resolve --yaml | cmp - .router/runtime/litellm.active.yaml && echo identical'
