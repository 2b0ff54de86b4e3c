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
	free_port PORT_A || return 1
	free_port PORT_B || return 1
	set_stack_ports config/flowgate.yaml config/cliproxyapi.yaml
	MGMT_KEY=change-me-management-key
	printf '%s\n' "$MGMT_KEY" >.router/secrets/cliproxy_management_key
	chmod 600 .router/secrets/cliproxy_management_key
	if [ -z "${STACK_FILE_RELEASE:-}" ]; then
		start_release_server
		stack_release
	fi
	FLOWGATE_LITELLM=$BATS_TEST_TMPDIR/stand-in-litellm
	stack_litellm "$FLOWGATE_LITELLM" "$PORT_B"
	export FLOWGATE_LITELLM
}

# set_stack_ports FLOWGATE_YAML CLIPROXY_YAML: the examples' ports moved to
# PORT_A (8317) and PORT_B (4000), whole lines matched: a port put in first
# is never taken for another's (a sed of "port: 4000" once turned a PORT_A of
# 40001 into PORT_B followed by 1, and the config was refused). By the
# shell: two programs fewer a test.
set_stack_ports() {
	local text nl=$'\n'
	IFS= read -r -d '' text <"$1" || :
	text=${text/"$nl    port: 8317$nl"/"$nl    port: $PORT_A$nl"}
	text=${text/"$nl    port: 4000$nl"/"$nl    port: $PORT_B$nl"}
	text=${text//127.0.0.1:8317/127.0.0.1:$PORT_A}
	printf '%s' "$text" >"$1"
	IFS= read -r -d '' text <"$2" || :
	text=${text/"${nl}port: 8317$nl"/"${nl}port: $PORT_A$nl"}
	printf '%s' "$text" >"$2"
}

# stack_file_release (in setup_file) and stack_file_release_stop (in
# teardown_file): for a file whose tests only download the stand-in release
# (doctor), it is made and served once for the file, and make_stack_project
# uses it instead of a release server of each test's own (making one and its
# server cost some 0.35 CPU-s a test).
stack_file_release() {
	RELDIR=$BATS_FILE_TMPDIR/releases
	mkdir -p "$RELDIR/download"
	BATS_TEST_TMPDIR=$BATS_FILE_TMPDIR launch_test_server "$BATS_FILE_TMPDIR/release.port" \
		--lifetime 3600 --release-dir "$RELDIR" || return 1
	STACK_RELEASE_PID=$TESTSERVER_PID
	FLOWGATE_GITHUB_API=$TESTSERVER_URL
	STACK_FILE_RELEASE=1
	export RELDIR STACK_RELEASE_PID FLOWGATE_GITHUB_API STACK_FILE_RELEASE
	"$STAND_INS" release "$RELDIR" "$FLOWGATE_GITHUB_API"
}

stack_file_release_stop() {
	TESTSERVER_PID=$STACK_RELEASE_PID stop_test_server
}

# The stand-in release (stand-ins.sh release) in RELDIR, pointing at
# FLOWGATE_GITHUB_API. stand-ins.sh builds it once per file, for a
# placeholder API URL, in BATS_FILE_TMPDIR (tar, gzip, sha256sum and jq,
# some 0.3 CPU-s); each test gets its own copy of it, the URL in
# release.json set to this test's server: the same files stand-ins.sh
# would have made for that URL.
STACK_API_PLACEHOLDER=http://stand-in-api.invalid
stack_release() {
	local tpl=$BATS_FILE_TMPDIR/stack-release tmp json
	local rel=router-for-me/CLIProxyAPIPlus/v6.8.16-0/release.json
	if [ ! -d "$tpl" ]; then
		tmp=$(mktemp -d "$BATS_FILE_TMPDIR/stack-release.XXXXXX") || return 1
		"$STAND_INS" release "$tmp" "$STACK_API_PLACEHOLDER" || return 1
		# Another test of the file may have made it meanwhile: keep one.
		mv -T "$tmp" "$tpl" 2>/dev/null || rm -rf "$tmp"
	fi
	cp -R "$tpl/." "$RELDIR/" || return 1
	IFS= read -r -d '' json <"$tpl/$rel" || :
	printf '%s' "${json//"$STACK_API_PLACEHOLDER"/$FLOWGATE_GITHUB_API}" >"$RELDIR/$rel"
}

# stack_litellm FILE PORT: stand-ins.sh litellm's executable, made by it
# once per file for a placeholder port; each test's copy has its port.
STACK_PORT_PLACEHOLDER=@STACK_PORT@
stack_litellm() {
	local tpl=$BATS_FILE_TMPDIR/stack-litellm script
	if [ ! -f "$tpl" ]; then
		"$STAND_INS" litellm "$tpl.$$" "$STACK_PORT_PLACEHOLDER" || return 1
		mv -f "$tpl.$$" "$tpl"
	fi
	IFS= read -r -d '' script <"$tpl" || :
	cp "$tpl" "$1" || return 1
	printf '%s' "${script//"$STACK_PORT_PLACEHOLDER"/$2}" >"$1"
}

# Installs the stand-in release and the runner; fails the test if it fails.
bootstrap_stack() {
	flowgate bootstrap download >/dev/null
}

stop_stack() {
	[ -z "${PROJ:-}" ] || flowgate --config "$PROJ/config/flowgate.yaml" service stop all >/dev/null 2>&1 || :
	stop_test_server
}

# stop_stack only when a service may still run (a pidfile is left): most
# tests start none, and `service stop all` costs some 0.1 CPU-s.
stop_stack_if_started() {
	if compgen -G "$PROJ/.router/runtime/pids/*.pid" >/dev/null; then
		stop_stack
	else
		stop_test_server
	fi
}
