# stack.bash — a whole FlowGate project on free loopback ports, bootstrapped
# from the stand-in release (test/stand-ins.sh): what `make demo` runs, for
# the bootstrap, doctor and smoke tests.
#
#   load helpers/stack                      # loads the helpers it builds on
#   setup()    { make_stack_project; }     # + bootstrap_stack to install
#   teardown() { stop_stack; }
#
# make_stack_project: config/examples copied (make_project), its two ports
# moved to free ones (PORT_A: cliproxyapi_plus, PORT_B: litellm), the
# management key file (MGMT_KEY, mode 0600), the release server playing
# GitHub with the stand-in release of router-for-me/CLIProxyAPIPlus
# v6.8.16-0, and FLOWGATE_LITELLM pointing at a stand-in LiteLLM on PORT_B.

load helpers/common
load helpers/spawn
load helpers/server
load helpers/release

STAND_INS="$BATS_TEST_DIRNAME/stand-ins.sh"

make_stack_project() {
	make_project
	PORT_A=$(stack_port) || return 1
	PORT_B=$(stack_port) || return 1
	sed -i "s/port: 8317/port: $PORT_A/; s/port: 4000/port: $PORT_B/; s#127.0.0.1:8317#127.0.0.1:$PORT_A#" \
		config/flowgate.yaml
	sed -i "s/^port: 8317/port: $PORT_A/" config/cliproxyapi.yaml
	MGMT_KEY=change-me-management-key
	printf '%s\n' "$MGMT_KEY" >.router/secrets/cliproxy_management_key
	chmod 600 .router/secrets/cliproxy_management_key
	start_release_server
	"$STAND_INS" release "$RELDIR" "$FLOWGATE_GITHUB_API"
	FLOWGATE_LITELLM=$BATS_TEST_TMPDIR/stand-in-litellm
	"$STAND_INS" litellm "$FLOWGATE_LITELLM" "$PORT_B"
	export FLOWGATE_LITELLM
}

# A free port; the test server that finds it may start slowly on a loaded
# machine (a sanitizer build), so an empty answer is asked again, then fails
# the test by name rather than as a config error later.
stack_port() {
	local p _
	for _ in 1 2 3; do
		p=$(free_port)
		if [ -n "$p" ]; then
			echo "$p"
			return 0
		fi
	done
	echo "make_stack_project: no free port found" >&2
	return 1
}

# Installs the stand-in release and the runner; fails the test if it fails.
bootstrap_stack() {
	flowgate bootstrap download >/dev/null
}

stop_stack() {
	[ -z "${PROJ:-}" ] || flowgate --config "$PROJ/config/flowgate.yaml" service stop all >/dev/null 2>&1 || :
	stop_test_server
}
