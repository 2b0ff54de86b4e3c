# stack.bash — a whole FlowGate project on free loopback ports, bootstrapped
# from the stand-in release (test/stand-ins.sh): what `make demo` runs, for
# the bootstrap, doctor and smoke tests.
#
#   load 'helpers/common'; load 'helpers/server'; load 'helpers/release'
#   load 'helpers/stack'
#   setup()    { make_stack_project; }     # + bootstrap_stack to install
#   teardown() { stop_stack; }
#
# make_stack_project: config/examples copied (make_project), its two ports
# moved to free ones (PORT_A: cliproxyapi_plus, PORT_B: litellm), the
# management key file (MGMT_KEY, mode 0600), the release server playing
# GitHub with the stand-in release of router-for-me/CLIProxyAPIPlus
# v6.8.16-0, and FLOWGATE_LITELLM pointing at a stand-in LiteLLM on PORT_B.

STAND_INS="$BATS_TEST_DIRNAME/stand-ins.sh"

make_stack_project() {
	make_project
	PORT_A=$(free_port)
	PORT_B=$(free_port)
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

# Installs the stand-in release and the runner; fails the test if it fails.
bootstrap_stack() {
	flowgate bootstrap download >/dev/null
}

stop_stack() {
	[ -z "${PROJ:-}" ] || flowgate --config "$PROJ/config/flowgate.yaml" service stop all >/dev/null 2>&1 || :
	stop_test_server
}
