#!/bin/sh
# make demo: a scratch project made from config/examples, then the commands a
# new user runs, each shown before its output: profiles, the active config,
# and the service lifecycle. LiteLLM and CLIProxyAPIPlus cannot be installed
# here, so two stand-ins (the loopback test server, answering on the same
# ports and readiness paths) play them; FlowGate drives them as it would the
# real ones.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
demo=$root/build/demo
PATH=$root/bin:$PATH
export PATH
unset FLOWGATE_CONFIG

rm -rf "$demo"
mkdir -p "$demo/config" "$demo/.router/secrets" "$demo/.router/runtime/bin"
cp "$root/config/examples/flowgate.yaml" "$root/config/examples/cliproxyapi.yaml" "$demo/config/"
# A stand-in upstream key; a real one goes in this file, mode 0600.
printf 'sk-demo-not-a-real-key\n' >"$demo/.router/secrets/upstream_cliproxyapi_api_key"
chmod 600 "$demo/.router/secrets/upstream_cliproxyapi_api_key"
for stand_in in CLIProxyAPIPlus:8317 litellm:4000; do
	name=${stand_in%:*}
	printf '#!/bin/sh\n# Demo stand-in for %s: an HTTP server on its port.\nexec %s --port %s --lifetime 600\n' \
		"$name" "$root/build/fg-testserver" "${stand_in#*:}" >"$demo/.router/runtime/bin/$name"
	chmod 755 "$demo/.router/runtime/bin/$name"
done
cd "$demo"
trap 'flowgate service stop all >/dev/null 2>&1 || :' EXIT

show() {
	printf '\n$ %s\n' "$*"
	"$@" || printf '(exit %s)\n' "$?"
}

echo "FlowGate demo in $demo"
show flowgate profile list
show flowgate profile set balanced
show cat .router/runtime/litellm.active.yaml
show flowgate health
show flowgate service start --wait all
show flowgate status
show flowgate health
show flowgate profile set cost
show flowgate service stop all
show flowgate status
show tail -n 4 .router/runtime/events.log
echo
echo "The same config from the plumbing, by hand:"
show sh -c 'fg-config config/flowgate.yaml | fg-merge cost | fg-resolve --yaml | cmp - .router/runtime/litellm.active.yaml && echo identical'
