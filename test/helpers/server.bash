# server.bash — the loopback test server (build/fg-testserver) for one test.
#
#   load 'helpers/server'
#   setup()    { start_test_server; }      # or: start_test_server 30 (lifetime, s)
#   teardown() { stop_test_server; }
#
# start_test_server sets TESTSERVER_PID, TESTSERVER_PORT and TESTSERVER_URL
# (http://127.0.0.1:PORT). The server also exits by itself after its lifetime.

FG_TESTSERVER="${FG_TESTSERVER:-$BATS_TEST_DIRNAME/../build/fg-testserver}"
load helpers/treemake
load helpers/nap

# Builds the server in the variant bin/ was built in (SANITIZE or not), so a
# plain `make && bats test/...` works; make does nothing when it is up to date.
build_test_server() {
	tree_make build/fg-testserver >&2
}

# Starts the server on a free port; waits (up to 5 s) for its port file.
start_test_server() {
	launch_test_server "$BATS_TEST_TMPDIR/testserver.port" --lifetime "${1:-60}"
}

# launch_test_server PORTFILE ARG...: the server on port 0 with ARGs. A port
# this test was already handed (closed_port, another server: the kernel may
# give a released port out again) is refused and the server started anew, so
# no two of a test's ports collide. Sets TESTSERVER_PID, _PORT and _URL.
launch_test_server() {
	local portfile=$1 ledger="$BATS_TEST_TMPDIR/ports.taken" try i
	shift
	for try in 1 2 3 4 5; do
		rm -f "$portfile"
		# fd 3 is bats' own: a background child holding it would stall the run.
		"$FG_TESTSERVER" --port 0 --port-file "$portfile" "$@" </dev/null 3>&- &
		TESTSERVER_PID=$!
		# Polled every 10 ms for at most 5 s: the server writes it once it
		# listens. (Builtins only here: this runs in nearly every test.)
		for ((i = 0; i < 500; i++)); do
			[ -s "$portfile" ] && break
			nap 0.01
		done
		if [ ! -s "$portfile" ]; then
			echo "fg-testserver did not write $portfile" >&2
			return 1
		fi
		read -r TESTSERVER_PORT <"$portfile"
		if ! port_handed_out "$TESTSERVER_PORT" "$ledger"; then
			echo "$TESTSERVER_PORT" >>"$ledger"
			break
		fi
		stop_test_server
		if [ "$try" = 5 ]; then
			echo "fg-testserver: no port this test has not used yet" >&2
			return 1
		fi
	done
	# shellcheck disable=SC2034 # for the tests that load this file
	TESTSERVER_URL="http://127.0.0.1:$TESTSERVER_PORT"
}

# port_handed_out PORT LEDGER: whether PORT is a line of LEDGER.
port_handed_out() {
	local p
	[ -f "$2" ] || return 1
	while read -r p; do
		[ "$p" != "$1" ] || return 0
	done <"$2"
	return 1
}

stop_test_server() {
	[ -n "${TESTSERVER_PID:-}" ] || return 0
	kill "$TESTSERVER_PID" 2>/dev/null || true
	wait "$TESTSERVER_PID" 2>/dev/null || true
	TESTSERVER_PID=
}

# free_port VAR: a loopback port that was free a moment ago (the test
# server's, after it stopped), set in VAR, not printed: a $(...) forks the
# whole test shell. The server may start slowly
# on a loaded machine (a sanitizer build), so an empty answer is asked
# again, then fails the test by name rather than as a config error later.
free_port() {
	local _
	for _ in 1 2 3; do
		TESTSERVER_PORT=
		start_test_server 10 || TESTSERVER_PORT=
		stop_test_server
		if [ -n "$TESTSERVER_PORT" ]; then
			printf -v "$1" %s "$TESTSERVER_PORT"
			return 0
		fi
	done
	echo "free_port: no free port found" >&2
	return 1
}

# A loopback port nothing listens on: the server's, after it stopped; never
# one this test was handed before.
closed_port() {
	local port
	free_port port && echo "$port"
}
