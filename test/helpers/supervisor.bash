# supervisor.bash — stand-ins for systemctl and launchctl, for the tests of
# `flowgate service export|install|uninstall` and of the delegation to them.
#
#   load 'helpers/supervisor'
#   fake_supervisors        # PATH, XDG_CONFIG_HOME; every call in $SUP_LOG
#
# The fake systemctl really runs a unit: `start` reads the installed unit's
# WorkingDirectory= and ExecStart= and starts that command with fg-spawn (its
# pidfile is the unit's MainPID), `stop` stops it, `show` reports it, and
# `start flowgate.target` starts what the target Wants=. So a test sees a
# service the supervisor owns answer on its port, and can check that
# FlowGate never starts a second copy. FAKE_NO_USER_SYSTEMD=1 makes
# `systemctl --user` fail as it does without a user manager. The fake
# launchctl records its calls and keeps a job's state (bootstrap: running
# with a made-up pid; bootout: gone) for `print`.

fake_supervisors() {
	SUP_BIN=$BATS_TEST_TMPDIR/fakebin
	SUP_STATE=$BATS_TEST_TMPDIR/supstate
	SUP_LOG=$BATS_TEST_TMPDIR/supervisor.log
	mkdir -p "$SUP_BIN" "$SUP_STATE"
	: >"$SUP_LOG"
	export XDG_CONFIG_HOME=$BATS_TEST_TMPDIR/xdg SUP_STATE SUP_LOG
	export FG_SPAWN_BIN=$ROOT/bin/fg-spawn
	cat >"$SUP_BIN/systemctl" <<'SH'
#!/bin/bash
printf 'systemctl %s\n' "$*" >>"$SUP_LOG"
[ "$1" = --user ] || { echo "fake systemctl: only --user" >&2; exit 1; }
shift
if [ -n "${FAKE_NO_USER_SYSTEMD:-}" ]; then
	echo "Failed to connect to bus: No medium found" >&2
	exit 1
fi
dir=$XDG_CONFIG_HOME/systemd/user
# The unit's keys, read by builtins (as sed -n 's/^KEY=//p' would print them).
unit_read() {
	local l
	cwd='' line='' post='' wants=''
	while IFS= read -r l || [ -n "$l" ]; do
		case $l in
		WorkingDirectory=*) cwd=${cwd:+$cwd$'\n'}${l#*=} ;;
		ExecStart=*) line=${line:+$line$'\n'}${l#*=} ;;
		ExecStartPost=*) post=${post:+$post$'\n'}${l#*=} ;;
		Wants=*) wants=${wants:+$wants$'\n'}${l#*=} ;;
		esac
	done <"$1"
}
unit_start() {
	local unit=$1 f=$dir/$1 cwd line post wants
	[ -f "$f" ] || { echo "Unit $1 not found." >&2; return 5; }
	unit_read "$f"
	if [ "${1##*.}" = target ]; then
		for u in $wants; do
			unit_start "$u" || return
		done
		return 0
	fi
	eval "set -- $line"
	"$FG_SPAWN_BIN" start -c --pidfile "$SUP_STATE/$unit.pid" --log "$SUP_STATE/$unit.log" \
		--cwd "$cwd" -- "$@" >/dev/null || return
	# The readiness check, as systemd runs it: a failure fails the start.
	[ -n "$post" ] || return 0
	eval "set -- $post"
	if ! "$@" >/dev/null; then
		unit_stop "$unit"
		echo "Job for $unit failed because the control process exited with error code." >&2
		return 1
	fi
}
unit_stop() {
	[ "${1##*.}" != target ] || return 0
	"$FG_SPAWN_BIN" stop -c --pidfile "$SUP_STATE/$1.pid" >/dev/null
}
case $1 in
show-environment) echo "HOME=$HOME" ;;
daemon-reload | enable) ;;
start) shift; for u; do unit_start "$u" || exit 1; done ;;
stop) shift; for u; do unit_stop "$u" || exit 1; done ;;
restart) shift; for u; do unit_stop "$u" && unit_start "$u" || exit 1; done ;;
disable)
	shift
	[ "$1" != --now ] || { shift; for u; do unit_stop "$u"; done; }
	;;
show)
	unit=${*: -1}
	if out=$("$FG_SPAWN_BIN" status --sh --pidfile "$SUP_STATE/$unit.pid" 2>/dev/null); then
		eval "$out"
		printf 'MainPID=%s\nActiveState=active\n' "$fg_pid"
	else
		printf 'MainPID=0\nActiveState=inactive\n'
	fi
	;;
*) echo "fake systemctl: unknown command $1" >&2; exit 1 ;;
esac
SH
	cat >"$SUP_BIN/launchctl" <<'SH'
#!/bin/sh
printf 'launchctl %s\n' "$*" >>"$SUP_LOG"
case $1 in
bootstrap)
	label=$(basename "$3" .plist)
	[ ! -f "$SUP_STATE/$label.job" ] || { echo "Bootstrap failed: 5: Input/output error" >&2; exit 5; }
	printf '%s\n' 4242 >"$SUP_STATE/$label.job"
	;;
bootout)
	label=${2##*/}
	[ -f "$SUP_STATE/$label.job" ] || { echo "Boot-out failed: 3: No such process" >&2; exit 3; }
	rm -f "$SUP_STATE/$label.job"
	;;
kickstart) label=${3##*/}; [ -f "$SUP_STATE/$label.job" ] || exit 113 ;;
print)
	label=${2##*/}
	[ -f "$SUP_STATE/$label.job" ] || { echo "Could not find service \"$label\" in domain" >&2; exit 113; }
	printf '%s = {\n\tactive count = 1\n\tstate = running\n\tpid = %s\n\tendpoints = {\n\t\tstate = active\n\t}\n}\n' \
		"$2" "$(cat "$SUP_STATE/$label.job")"
	;;
*) echo "fake launchctl: unknown command $1" >&2; exit 1 ;;
esac
SH
	chmod +x "$SUP_BIN/systemctl" "$SUP_BIN/launchctl"
	PATH=$SUP_BIN:$PATH
}
