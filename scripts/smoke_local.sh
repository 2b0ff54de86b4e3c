#!/bin/sh
# smoke_local.sh — the original Python FlowGate's minimal smoke validation on a real
# runtime: the runtime is bootstrapped and doctor passes, a profile is set,
# both services start and become ready, their readiness URLs answer, and
# they stop again.
#
# Usage: ./scripts/smoke_local.sh [CONFIG]
#
# CONFIG defaults to config/flowgate.yaml; a relative CONFIG is taken from
# the current folder ($FLOWGATE_CONFIG is not read). flowgate is the one in
# this checkout's bin/, else the one on PATH. Environment:
#   PROFILE          the profile step 2 sets (default balanced)
#   STARTUP_TIMEOUT  seconds step 4 waits for every service to be ready
#                    (default 30)
#   POLL_INTERVAL    seconds between step 4's health checks (default 1)
# Both times are positive numbers of seconds; fractions are allowed (0.5).
#
# Each step is announced on stdout before it runs, with the original Python FlowGate's
# line, then its command's output follows, indented two spaces (its stdout
# on stdout, its stderr on stderr):
#   [1/5] bootstrap runtime             doctor; when the runtime (folder,
#                                       binaries, release) is what fails,
#                                       bootstrap download, then doctor again:
#                                       every check passes
#   [2/5] generate active profile (P)   profile set P
#   [3/5] start services                service start all
#   [4/5] wait for health readiness     flowgate health every POLL_INTERVAL
#                                       until it exits 0 (only the last
#                                       check's lines are shown)
#   [4.5/5] verify readiness endpoints  each readiness URL answered 2xx:
#                                       "  NAME readiness_url=URL readiness_code=N"
#   [5/5] stop services                 service stop all
#   smoke: PASS
# The first step that fails ends the run; its last line is
#   smoke: FAIL [N/5] WHAT: REASON
# REASON being the command's first stderr line (doctor: its first fail
# line). Step 4 fails once STARTUP_TIMEOUT seconds have passed since it
# began, with a last check at that moment: it prints "smoke: health timeout
# after Ss" and "smoke: status snapshot" with flowgate status's lines, then
# fails with "not ready within Ss: NAME (running=yes readiness_error=WORD),
# ..." naming each service health found not live or not ready; and at once
# when a service is no longer running: "exited: NAME (its output:
# process-logs/NAME.log in the runtime dir)".
#
# The smoke owns the stack while it runs. It refuses to run when a service
# of CONFIG is already running (step 2 would restart LiteLLM and the end
# stops everything): stop them first (flowgate --config CONFIG service
# stop all). Once step 3 has begun, the services are stopped however the
# run ends: PASS, a failing step, or SIGINT, SIGTERM or SIGHUP (announced
# as "smoke: cleanup: service stop all", before the FAIL line).
#
# Exit: 0 PASS; 1 FAIL; 2 the smoke did not run, nothing was started (usage,
# a bad environment value, flowgate not found, a service already running:
# one line on stderr); 129, 130, 143 interrupted by SIGHUP, SIGINT, SIGTERM
# (the FAIL line says so).
set -eu

nl='
'
step='' what='' started=no reason='' tmp=''

usage() {
	sed -n 's/^# \{0,1\}//; /^Usage:/,/^Exit:/p' "$0"
}

# fail_early MESSAGE: one line on stderr, exit 2; nothing has started.
fail_early() {
	printf 'smoke_local.sh: %s\n' "$*" | tr -c '[:print:]\n' '?' >&2
	exit 2
}

# is_seconds VALUE: VALUE is a positive decimal number (digits, one dot).
is_seconds() {
	case $1 in
	'' | . | *[!0-9.]* | *.*.*) return 1 ;;
	esac
	awk -v s="$1" 'BEGIN { exit !(s + 0 > 0) }'
}

check_environment() {
	PROFILE=${PROFILE-balanced}
	STARTUP_TIMEOUT=${STARTUP_TIMEOUT-30}
	POLL_INTERVAL=${POLL_INTERVAL-1}
	case $PROFILE in
	'') fail_early "PROFILE is empty (a profile name, default balanced)" ;;
	-*) fail_early "PROFILE '$PROFILE' is not a profile name" ;;
	esac
	is_seconds "$STARTUP_TIMEOUT" ||
		fail_early "STARTUP_TIMEOUT '$STARTUP_TIMEOUT' is not a positive number of seconds (default 30)"
	is_seconds "$POLL_INTERVAL" ||
		fail_early "POLL_INTERVAL '$POLL_INTERVAL' is not a positive number of seconds (default 1)"
}

find_flowgate() {
	flowgate=$(dirname "$0")/../bin/flowgate
	[ -x "$flowgate" ] && return 0
	flowgate=$(command -v flowgate 2>/dev/null) ||
		fail_early "flowgate not found (run make in the FlowGate tree, or put flowgate on PATH)"
}

# run ARG...: flowgate ARG... on CONFIG as text; out= its stdout, its
# stderr in $errf, cmd_rc= its exit code. Never fails itself.
run() {
	cmd_rc=0
	out=$("$flowgate" --config "$config" --format text "$@" 2>"$errf") || cmd_rc=$?
}

# show: the last command's output, indented.
show() {
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/  /'
	[ ! -s "$errf" ] || sed 's/^/  /' "$errf" >&2
}

# why: the last command's first stderr line, else its first fail line.
why() {
	r=$(sed -n '/./{p;q;}' "$errf")
	[ -n "$r" ] || r=$(printf '%s\n' "$out" | sed -n -e '/=fail/{p;q;}' -e '/-failed/{p;q;}')
	printf '%s' "${r:-exited $cmd_rc}" | tr -c '[:print:]' '?'
}

# begin N WHAT: announces step N with the original Python FlowGate's line.
begin() {
	step=$1 what=$2
	printf '[%s/5] %s\n' "$step" "$what"
}

# fail REASON: ends the run; on_exit prints the FAIL line.
fail() {
	reason=$1
	exit 1
}

# step N WHAT ARG...: step N runs flowgate ARG... and fails unless it exits 0.
step() {
	begin "$1" "$2"
	shift 2
	run "$@"
	show
	[ "$cmd_rc" = 0 ] || fail "$(why)"
}

# Refuses to run when a service of CONFIG runs now. When status cannot
# tell, doctor (step 1) says why.
refuse_if_running() {
	run status
	[ "$cmd_rc" = 0 ] || return 0
	running=$(printf '%s\n' "$out" | sed -n 's/_running=yes$//p' |
		awk '{ printf "%s%s", (NR > 1 ? ", " : ""), $0 }')
	[ -z "$running" ] ||
		fail_early "already running: $running (the smoke restarts and stops the stack; stop it first: flowgate --config $config service stop all)"
}

# now: seconds, with hundredths where /proc/uptime gives them.
now() {
	if [ -r /proc/uptime ] && read -r up _ </proc/uptime; then
		printf '%s' "$up"
	else
		date +%s
	fi
}

# describe_unready: from health's lines in $out, unready= each service not
# live or not ready as "NAME (running=R readiness_error=WORD)", and dead=
# each one not running as "NAME (its output: ...)", joined by ", ". The
# words of a health line never hold a space.
describe_unready() {
	unready='' dead=''
	set -f
	old_ifs=$IFS
	IFS=$nl
	for line in $out; do
		name=${line%%:*} live='' ready='' running='' error=''
		IFS=' '
		for kv in ${line#*:}; do
			case $kv in
			liveness=*) live=${kv#*=} ;;
			readiness=*) ready=${kv#*=} ;;
			running=*) running=${kv#*=} ;;
			readiness_error=*) error=${kv#*=} ;;
			esac
		done
		IFS=$nl
		if [ "$live" != ok ] || [ "$ready" != ok ]; then
			unready="${unready:+$unready, }$name (running=$running readiness_error=$error)"
		fi
		[ "$live" = ok ] ||
			dead="${dead:+$dead, }$name (its output: process-logs/$name.log in the runtime dir)"
	done
	IFS=$old_ifs
	set +f
}

# Step 1: doctor; a runtime that is not there yet is bootstrapped first.
bootstrap_runtime() {
	begin 1 "bootstrap runtime"
	run doctor
	if [ "$cmd_rc" != 0 ] && printf '%s\n' "$out" |
		grep -qE '^doctor:(runtime_dir|runtime_binaries|cliproxy_release)=fail'; then
		show
		echo "  smoke: the runtime is not bootstrapped: bootstrap download"
		run bootstrap download
		show
		[ "$cmd_rc" = 0 ] || fail "$(why)"
		run doctor
	fi
	show
	[ "$cmd_rc" = 0 ] || fail "$(why)"
}

# The timeout's report: the original Python FlowGate's two lines, then status.
timeout_report() {
	echo "smoke: health timeout after ${STARTUP_TIMEOUT}s"
	echo "smoke: status snapshot"
	health_out=$out health_rc=$cmd_rc
	cp "$errf" "$errf.health"
	run status
	show
	out=$health_out cmd_rc=$health_rc
	mv "$errf.health" "$errf"
}

# Step 4.5: every readiness URL health probed answered 2xx.
verify_endpoints() {
	begin 4.5 "verify readiness endpoints"
	run health
	bad=''
	set -f
	old_ifs=$IFS
	IFS=$nl
	for line in $out; do
		name=${line%%:*} url='' code=''
		IFS=' '
		for kv in ${line#*:}; do
			case $kv in
			readiness_url=*) url=${kv#*=} ;;
			readiness_code=*) code=${kv#*=} ;;
			esac
		done
		IFS=$nl
		printf '  %s readiness_url=%s readiness_code=%s\n' "$name" "$url" "$code"
		case $code in
		2[0-9][0-9]) ;;
		*) bad="${bad:+$bad, }$name ($url: ${code:-no answer})" ;;
		esac
	done
	IFS=$old_ifs
	set +f
	[ -z "$bad" ] || fail "not 2xx: $bad"
}

# Step 4: health until it exits 0, a service exits, or the deadline.
wait_ready() {
	begin 4 "wait for health readiness"
	deadline=$(awk -v n="$(now)" -v t="$STARTUP_TIMEOUT" 'BEGIN { printf "%.2f", n + t }')
	while :; do
		run health
		[ "$cmd_rc" != 0 ] || break
		# Exit 1 with lines is "not ready yet"; anything else is an error.
		if [ "$cmd_rc" != 1 ] || [ -z "$out" ]; then
			show
			fail "$(why)"
		fi
		describe_unready
		if [ -n "$dead" ]; then
			show
			fail "exited: $dead"
		fi
		left=$(awk -v d="$deadline" -v n="$(now)" -v p="$POLL_INTERVAL" \
			'BEGIN { l = d - n; if (l > p) l = p; if (l > 0) printf "%.2f", l }')
		if [ -z "$left" ]; then
			show
			timeout_report
			fail "not ready within ${STARTUP_TIMEOUT}s: $unready"
		fi
		sleep "$left"
	done
	show
}

# Stops what this run started, then prints the FAIL line last.
on_exit() {
	code=$?
	trap '' HUP INT TERM
	if [ "$started" = yes ]; then
		echo "smoke: cleanup: service stop all"
		run service stop all
		show
		[ "$cmd_rc" = 0 ] || echo "smoke: cleanup: service stop all failed: $(why)"
	fi
	[ -z "$tmp" ] || rm -rf -- "$tmp"
	if [ "$code" != 0 ] && [ -n "$step" ]; then
		printf 'smoke: FAIL [%s/5] %s: %s\n' "$step" "$what" "${reason:-stopped (exit $code)}"
	fi
	exit "$code"
}

# interrupted SIGNAL CODE
interrupted() {
	reason="interrupted by SIG$1"
	exit "$2"
}

case ${1-} in
-h | --help)
	usage
	exit 0
	;;
-*) fail_early "unknown option '$1' (usage: smoke_local.sh [CONFIG])" ;;
esac
[ $# -le 1 ] || fail_early "too many arguments (usage: smoke_local.sh [CONFIG])"
[ $# -eq 0 ] || [ -n "$1" ] || fail_early "CONFIG is empty (usage: smoke_local.sh [CONFIG])"
config=${1:-config/flowgate.yaml}

check_environment
find_flowgate
tmp=$(mktemp -d) || fail_early "cannot create a temporary folder"
errf=$tmp/stderr
trap on_exit EXIT
trap 'interrupted HUP 129' HUP
trap 'interrupted INT 130' INT
trap 'interrupted TERM 143' TERM

refuse_if_running

bootstrap_runtime
step 2 "generate active profile ($PROFILE)" profile set "$PROFILE"
started=yes
step 3 "start services" service start all
wait_ready
verify_endpoints
step 5 "stop services" service stop all
started=no
echo "smoke: PASS"
