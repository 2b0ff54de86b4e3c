# Shared by every bats file: the tools under test and a scratch project.
bats_require_minimum_version 1.5.0
# bats-support and bats-assert, sourced file by file: their load.bash files
# run dirname once per file, some 15 processes and 150 ms for every test.
for _f in /usr/lib/bats/bats-support/src/output.bash /usr/lib/bats/bats-support/src/error.bash \
	/usr/lib/bats/bats-support/src/lang.bash /usr/lib/bats/bats-assert/src/*.bash; do
	# shellcheck disable=SC1090 # the libraries' own files
	source "$_f"
done
unset _f

# mkdir, rm and mktemp as bash's loadable builtins (Debian's bash-builtins),
# when they load. A run's tests start some 1,200 mkdir and 550 rm, bats
# one rm at each test's end and a mktemp in each run --separate-stderr (860);
# on the 2-core VM a program started costs 4 to 7 ms, and the VM starts
# processes one at a time, whatever the cores (two loops of fork and exec
# side by side took as long as one after the other); a builtin 0.1 ms
# (mktemp, inside bats' $(...), still forks, but starts no program). Only
# these: the options the tests and bats give them (mkdir -p, -m; rm -f, -r,
# --; mktemp [-d] TEMPLATE) the builtins take alike, and an enable costs
# 0.2 ms a test. Without the package the programs run, as before. (Bats'
# own two mkdirs a test come before this file is loaded.)
enable -f mkdir mkdir 2>/dev/null || :
enable -f rm rm 2>/dev/null || :
enable -f mktemp mktemp 2>/dev/null || :

# Commands in these helpers are not traced by bats' DEBUG trap, as bats'
# own libraries are not: the trap records a stack trace at every command
# (some 0.2 ms each), and the helpers' loops ran thousands. A failure inside
# a helper is reported at the test's line that called it, as a failing
# assert_* is, with the helper's own message. The path has no trailing
# slash: bats matches a file's folder (${BASH_SOURCE%/*}) against the
# excluded prefixes, and "helpers/" never matched "helpers" (measured: the
# exclusion did nothing until then, and fg-oauth.bats spent 5 CPU-s more).
# bats sets its exclusions up just before
# the test function: most files load this file in setup(), inside the test,
# so the path is added to the list in force; a file that loads it at its top
# (before bats sets up) gets it added there too. bats 1.5 to 1.11 have both
# functions; without them everything is traced, as before.
fg_untrace_helpers() {
	[[ " ${BATS_DEBUG_EXCLUDE_PATHS[*]-} " == *" $BATS_TEST_DIRNAME/helpers "* ]] ||
		bats_add_debug_exclude_path "$BATS_TEST_DIRNAME/helpers"
	# Even an excluded command cost the trap some 70 us: bats_debug_trap is
	# called, and calls a function, before it finds the file excluded, and
	# bats' run and assert_* run dozens of commands each. Bats' trap,
	# 'bats_debug_trap "$BASH_SOURCE"', gets a test in front for bats' own
	# folders and these helpers, all excluded already: such a command is
	# not recorded either way, and any other is passed on as bats passes it,
	# with the same stack (a trap's text adds no frame). Measured over the
	# suite, the trap cost 78 CPU-s of 484. Only for the bats versions whose
	# trap is that text.
	#
	# Nor is a command in a subshell recorded ($(...), ( ), a pipeline's
	# parts, run's command): what bats records there dies with the subshell,
	# and a failure in one is reported from the test's own process, at the
	# line that started it, as before (checked on pipelines, $(...), ( ),
	# { }, helpers and run: the same lines). Recording there was dear: a
	# subshell shares its pages with the test's process until it writes, and
	# bats_debug_trap's writes cost some 2.5 ms of page faults a fork on the
	# 2-core VM (a fork and exec from a traced test took 7.0 to 7.6 ms,
	# without recording in the subshell 4.9 to 5.4, with no trap at all
	# 4.5). Under bats --trace they are still recorded (and printed), as
	# bats does.
	case ${BATS_VERSION-} in
	1.[5-9].* | 1.1[01].*)
		# One line: bats takes the failing line from bats_debug_trap's
		# caller, and a call on a trap text's second line is one line off.
		trap '[[ $BASH_SOURCE == "$BATS_ROOT"/lib/* || $BASH_SOURCE == "$BATS_ROOT"/libexec/* || $BASH_SOURCE == "$BATS_TEST_DIRNAME"/helpers/* || ( $BASH_SUBSHELL != 0 && ${BATS_TRACE_LEVEL:-0} == 0 ) ]] || bats_debug_trap "$BASH_SOURCE"' DEBUG
		;;
	esac
}
# (Only a top-level load wraps bats_setup_tracing: its $(declare -f) is a
# fork, some 18 ms a test.)
if declare -F bats_setup_tracing >/dev/null && declare -F bats_add_debug_exclude_path >/dev/null; then
	if [ -n "${BATS_DEBUG_EXCLUDE_PATHS+set}" ]; then
		fg_untrace_helpers
	elif ! declare -F fg_bats_bats_setup_tracing >/dev/null; then
		eval "fg_bats_$(declare -f bats_setup_tracing)"
		bats_setup_tracing() {
			fg_bats_bats_setup_tracing
			fg_untrace_helpers
		}
	fi
fi

ROOT=${BATS_TEST_DIRNAME%/*}
PATH="$ROOT/bin:$PATH"
export PATH
unset FLOWGATE_CONFIG
load helpers/treemake
# Codex CLI and Claude Code read ~/.codex and ~/.claude and their variables
# (doctor and flowgate integration ask what they would use): each test has a
# HOME of its own, and nothing of the machine's clients leaks in.
# HOME is the test's own temp folder, which bats made (a folder of its own
# cost a mkdir, 8 ms a test); what the clients keep there starts with a dot.
export HOME=$BATS_TEST_TMPDIR
unset CODEX_HOME CLAUDE_CONFIG_DIR OPENAI_API_KEY OPENAI_BASE_URL \
	ANTHROPIC_BASE_URL ANTHROPIC_AUTH_TOKEN ANTHROPIC_API_KEY ANTHROPIC_MODEL \
	ANTHROPIC_DEFAULT_OPUS_MODEL ANTHROPIC_DEFAULT_SONNET_MODEL ANTHROPIC_DEFAULT_HAIKU_MODEL

# A test that cannot run here says why. skip_platform: this machine is not
# of a kind the test is for (an architecture, a libc, the memcheck build);
# it skips, in CI too. skip_or_fail: something the suite installs is
# missing or broken (strace, script, root's setpriv, the real clients);
# outside CI it skips, saying so, and in CI (CI=true), where all of it is
# installed, it fails: CI never passes a test it did not run.
skip_platform() {
	skip "$1"
}

skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		fail "in CI this test must run, but: $1"
		return 1
	fi
	skip "$1"
}

# A copy of config/examples laid out as a user would have it, with the
# upstream credential file in place (mode 0600). Sets PROJ and cds there.
# Most tests make one, so it starts one program (mkdir) and one subshell,
# not three programs: the examples are copied by the shell, and the key file
# is made under umask 077 (mode 0600, as chmod 600 made it).
make_project() {
	PROJ=$BATS_TEST_TMPDIR/proj
	mkdir -p "$PROJ/config" "$PROJ/.router/secrets"
	copy_file "$ROOT/config/examples/flowgate.yaml" "$PROJ/config/flowgate.yaml"
	copy_file "$ROOT/config/examples/cliproxyapi.yaml" "$PROJ/config/cliproxyapi.yaml"
	SECRET=sk-test-$RANDOM-$RANDOM-secret
	(
		umask 077
		printf '%s\n' "$SECRET" >"$PROJ/.router/secrets/upstream_cliproxyapi_api_key"
	)
	cd "$PROJ" || return
}

# copy_file FROM TO: a text file's bytes, by the shell (no NUL bytes).
copy_file() {
	local text
	IFS= read -r -d '' text <"$1" || [ -n "$text" ] || [ ! -s "$1" ] || return 1
	printf '%s' "$text" >"$2"
}

# deep_glob ARRAY DIR PATTERN: what `find DIR -name PATTERN` lists (at any
# depth, hidden folders too), by a glob: no process. The shell's options
# are left as they were.
deep_glob() {
	local -n _dg_into=$1
	local -a _dg_set=()
	local _dg_o
	for _dg_o in globstar dotglob nullglob; do
		shopt -q "$_dg_o" || _dg_set+=("$_dg_o")
	done
	[ "${#_dg_set[@]}" = 0 ] || shopt -s "${_dg_set[@]}"
	# shellcheck disable=SC2206 # $3 is a pattern, to be matched
	_dg_into=("$2"/**/$3)
	[ "${#_dg_set[@]}" = 0 ] || shopt -u "${_dg_set[@]}"
}

# Writes stdin to a file in the test's temp folder and prints its path.
tmpfile() {
	local f="$BATS_TEST_TMPDIR/$1"
	cat >"$f"
	printf '%s\n' "$f"
}

# A minimal valid config (YAML) at $BATS_TEST_TMPDIR/min.yaml, with extra
# top-level YAML appended from stdin when given.
min_config() {
	{
		cat <<'YAML'
paths:
  runtime_dir: rt
  active_config: rt/active.yaml
  state_file: rt/state.json
  log_file: rt/flowgate.log
services:
  litellm:
    command:
      args: [litellm]
  cliproxyapi_plus:
    command:
      args: [cliproxy]
profiles:
  balanced: {}
YAML
		[ -t 0 ] || cat
	} >"$BATS_TEST_TMPDIR/min.yaml"
	printf '%s\n' "$BATS_TEST_TMPDIR/min.yaml"
}

file_mode() {
	stat -c %a "$1"
}

# A project whose two services are real HTTP servers (the test server) on
# free loopback ports; $1 and $2 are their readiness paths (default /health).
# Sets PROJ, PORT_A (cliproxyapi_plus) and PORT_B (litellm).
make_service_project() {
	local ready_a=${1:-/health} ready_b=${2:-/health}
	make_project
	free_port PORT_A
	free_port PORT_B
	cat >config/flowgate.yaml <<YAML
paths:
  runtime_dir: ../.router/runtime
  active_config: ../.router/runtime/litellm.active.yaml
  state_file: ../.router/runtime/state.json
  log_file: ../.router/logs/flowgate.log
services:
  cliproxyapi_plus:
    port: $PORT_A
    readiness_path: $ready_a
    command:
      args: ["$ROOT/build/fg-testserver", --port, "$PORT_A", --lifetime, "60"]
  litellm:
    port: $PORT_B
    readiness_path: $ready_b
    command:
      args: ["$ROOT/build/fg-testserver", --port, "$PORT_B", --lifetime, "60"]
credentials:
  upstream:
    cliproxy_default: {file: ../.router/secrets/upstream_cliproxyapi_api_key}
litellm_base:
  model_list:
    - model_name: m
      litellm_params: {model: openai/m, api_key_ref: cliproxy_default}
profiles:
  balanced: {litellm_settings: {num_retries: 2}}
  cost: {litellm_settings: {num_retries: 1}}
YAML
}

# loads_libcurl CMD...: whether CMD loads libcurl (the dynamic loader names
# what it loads under LD_DEBUG=files, on stderr).
loads_libcurl() {
	LD_DEBUG=files "$@" 2>&1 >/dev/null | grep -q 'file=libcurl\.so\.4 '
}

# A folder for LD_LIBRARY_PATH whose libcurl.so.4 is an empty file, or (with
# "symbols") a shared object without libcurl's functions.
broken_libcurl() {
	local dir=$BATS_TEST_TMPDIR/lib-$1
	mkdir -p "$dir"
	if [ "$1" = symbols ]; then
		printf 'int fg_not_curl;\n' >"$dir/empty.c"
		"${CC:-cc}" -shared -fPIC -o "$dir/libcurl.so.4" "$dir/empty.c"
	else
		: >"$dir/libcurl.so.4"
	fi
	echo "$dir"
}

# The pid a service's pidfile names.
service_pid() {
	local pid
	read -r pid <"$PROJ/.router/runtime/pids/$1.pid"
	printf '%s\n' "$pid"
}
