#!/bin/sh
# security_check.sh — the local security baseline of a FlowGate checkout (the
# original tool's scripts/security_check.sh): no secret or runtime file is
# tracked by git, every secret file FlowGate knows is mode 0600, and the
# ignore rules cover the common secret patterns. Run it before a push.
#
# Usage: ./scripts/security_check.sh [CONFIG]
#
# Runs from any folder of the checkout (git finds the root). CONFIG is the
# FlowGate config whose secret files are checked: a relative CONFIG is taken
# from the current folder; without one, config/flowgate.yaml at the root
# ($FLOWGATE_CONFIG is not read: this checks the checkout). When that
# default config does not exist yet, only the default layout
# (.router/auths/*.json, .router/secrets/*) is checked.
#
# Prints, in this order, the original Python FlowGate's lines (each check: its result,
# one item line per finding, one hint line when it fails):
#   security:tracked_sensitive=pass | security:tracked_sensitive=fail count=N
#   security:tracked_sensitive:item path=PATH      (as git ls-files prints it)
#   security:tracked_sensitive:hint TEXT
#   security:secret_permissions=pass | ...=fail count=N
#   security:secret_permissions:item path=PATH mode=NNN (or: path=CONFIG config=not-loaded)
#   security:secret_permissions:hint chmod 600 -- PATH...
#   security:gitignore=pass | security:gitignore=fail count=N
#   security:gitignore:item pattern=PATTERN
#   security:gitignore:hint TEXT
#   security:gitignore:recommend pattern=PATTERN
# The gitignore check asks, as the original Python FlowGate's does, for the rule that keeps
# FlowGate's runtime folder out of git (.router/: the runtime files, the
# secrets and the auth files of the default layout); the rules for the
# local configs and common secret files (.env, *.pem, *.key, ...) are
# recommended, one recommend line each that is missing, and do not fail it.
# No summary line: the exit code is the overall result, as in the original.
# A secret's content is never read, only its mode.
#
# Exit: 0 every check passes, 1 a check fails, 2 usage, or no git work tree.
#
# shellcheck disable=SC2154,SC2120,SC2119 # the fg_* variables come from fg-config --sh (eval); "$@" in a function is the list an eval "set -- ..." gave it
set -eu

nl='
'

usage() {
	sed -n 's/^# \{0,1\}//; /^Usage:/,/^Exit:/p' "$0"
}

# fail_early MESSAGE: one line on stderr, exit 2.
fail_early() {
	printf 'security_check: %s\n' "$*" >&2
	exit 2
}

# What git must not track, and the ignore rules the repository must have,
# in one table. Columns: a git pathspec (a case-insensitive glob: '**/'
# matches in every folder, the root included; '!' excludes), then the
# .gitignore rule the gitignore check asks for, a path that rule must
# ignore ('-' for none: the .router/ rule covers that file where FlowGate
# writes it), and whether the rule is required or recommended. The local configs are config/flowgate.yaml and
# config/cliproxyapi.yaml; config/examples/ holds the tracked templates.
sensitive_table() {
	cat <<'TABLE'
**/.router/**             .router/                  .router/fg-probe           required
config/flowgate.yaml      config/flowgate.yaml      config/flowgate.yaml       recommended
config/cliproxyapi.yaml   config/cliproxyapi.yaml   config/cliproxyapi.yaml    recommended
**/.env                   .env                      .env                       recommended
**/.env.*                 .env.*                    .env.local                 recommended
!**/.env.example          -                         -                          -
!**/.env.sample           -                         -                          -
!**/.env.template         -                         -                          -
**/*.pem                  *.pem                     fg-probe.pem               recommended
**/*.key                  *.key                     fg-probe.key               recommended
**/*.p12                  *.p12                     fg-probe.p12               recommended
**/*.pfx                  *.pfx                     fg-probe.pfx               recommended
**/*.kdbx                 -                         -                          -
**/auths/**               -                         -                          -
**/secrets/**             -                         -                          -
**/*_api_key              -                         -                          -
**/*management_key*       -                         -                          -
TABLE
}

# one_line TEXT: TEXT with every unprintable character as '?', so a file
# name never breaks the one-finding-a-line output.
one_line() {
	printf '%s' "$1" | tr -c '[:print:]' '?'
}

# sh_quote PATH: PATH as one sh word (quoted only when it needs it).
sh_quote() {
	case $1 in
	'' | *[!A-Za-z0-9_./@:,+=-]*)
		printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
		;;
	*) printf '%s' "$1" ;;
	esac
}

# ---- the repository and the config ----

find_root() {
	command -v git >/dev/null 2>&1 ||
		fail_early "git not found (install git; this checks a git checkout)"
	root=$(git rev-parse --show-toplevel 2>/dev/null) ||
		fail_early "not inside a git repository (run it from your FlowGate checkout)"
	[ -n "$root" ] ||
		fail_early "not inside a git work tree (run it from your FlowGate checkout)"
}

# The fg-config beside this script's ../bin (the tree's), else on PATH.
find_fg_config() {
	here=${0%/*}
	[ "$here" != "$0" ] || here=.
	if [ -x "$here/../bin/fg-config" ]; then
		fg_config=$here/../bin/fg-config
	elif command -v fg-config >/dev/null 2>&1; then
		fg_config=fg-config
	else
		fg_config=
	fi
}

# Sets config_state: loaded (the fg_* variables are set), absent (the default
# config does not exist) or failed (fg-config said why on stderr, or
# config_error says it).
load_config() {
	config_error=
	if [ -z "$config" ]; then
		config=$root/config/flowgate.yaml
		if [ ! -e "$config" ]; then
			config_state=absent
			return 0
		fi
	fi
	config_state=failed
	if [ -z "$fg_config" ]; then
		config_error="fg-config not found (run make in the FlowGate tree, or put fg-config on PATH)"
		return 0
	fi
	# fg-config prints only sh assignments, and nothing unless it succeeds.
	if vars=$("$fg_config" --sh -- "$config"); then
		eval "$vars"
		config_state=loaded
	fi
}

# ---- tracked_sensitive ----

# The pathspecs of the table, then the runtime and secret paths the config
# names (those inside the repository), one a line.
tracked_pathspecs() {
	sensitive_table | while read -r spec _rule _example _need; do
		case $spec in
		!*) printf ':(exclude,glob,icase)%s\n' "${spec#!}" ;;
		*) printf ':(glob,icase)%s\n' "$spec" ;;
		esac
	done
	[ "$config_state" = loaded ] || return 0
	eval "set -- $fg_secret_files"
	for p in "$fg_runtime_dir" "$fg_active_config" "$fg_state_file" "$fg_log_file" \
		"$fg_auth_dir" "$fg_management_key_file" "$@"; do
		case $p in
		"$root"/?*) printf ':(literal)%s\n' "${p#"$root"/}" ;;
		esac
	done
}

check_tracked() {
	specs=$(tracked_pathspecs)
	set -f
	old_ifs=$IFS
	IFS=$nl
	# shellcheck disable=SC2086 # one pathspec a line, globbing off
	set -- $specs
	IFS=$old_ifs
	set +f
	# git quotes a path with unusual characters, so each is one line.
	tracked=$(git -C "$root" ls-files -- "$@") || fail_early "git ls-files failed in $root"
	if [ -z "$tracked" ]; then
		echo "security:tracked_sensitive=pass"
		return 0
	fi
	failed=1
	echo "security:tracked_sensitive=fail count=$(printf '%s\n' "$tracked" | wc -l | tr -d ' ')"
	printf '%s\n' "$tracked" | sed 's/^/security:tracked_sensitive:item path=/'
	echo "security:tracked_sensitive:hint from the repository root run git rm --cached -- PATH for each item (the file stays on disk), add it to .gitignore, and replace any secret it held (git history keeps it)"
}

# ---- secret_permissions ----

# check_mode FILE: an item line when the existing FILE is not mode 0600;
# each file once (seen: the paths checked so far, one a line).
check_mode() {
	[ -f "$1" ] || return 0
	case "$nl$seen$nl" in
	*"$nl$1$nl"*) return 0 ;;
	esac
	seen=${seen:+$seen$nl}$1
	mode=$(stat -L -c %03a -- "$1" 2>/dev/null) || return 0
	[ "$mode" != 600 ] || return 0
	printf 'security:secret_permissions:item path=%s mode=%s\n' "$(one_line "$1")" "$mode"
	bad=${bad:+$bad }$(sh_quote "$(one_line "$1")")
}

check_permissions() {
	if [ "$config_state" = failed ]; then
		failed=1
		[ -z "$config_error" ] || printf 'security_check: %s\n' "$config_error" >&2
		echo "security:secret_permissions=fail count=1"
		printf 'security:secret_permissions:item path=%s config=not-loaded\n' "$(one_line "$config")"
		echo "security:secret_permissions:hint fix the config (fg-config --sh CONFIG shows the error), then run this check again"
		return 0
	fi
	seen='' bad=''
	out=$(
		if [ "$config_state" = loaded ]; then
			eval "set -- $fg_secret_files"
			for f in "$@" "$fg_management_key_file" "$fg_auth_dir"/*.json; do
				check_mode "$f"
			done
		fi
		for f in "$root"/.router/auths/*.json "$root"/.router/secrets/*; do
			check_mode "$f"
		done
		[ -z "$bad" ] || printf 'security:secret_permissions:hint chmod 600 -- %s\n' "$bad"
	)
	if [ -z "$out" ]; then
		echo "security:secret_permissions=pass"
		return 0
	fi
	failed=1
	echo "security:secret_permissions=fail count=$(printf '%s\n' "$out" | grep -c '^security:secret_permissions:item ')"
	printf '%s\n' "$out"
}

# ---- gitignore ----

# Asks git whether the repository's rules ignore each example path, so any
# rule form counts (.router, /.router/, **/.router/, a rule in a subfolder's
# .gitignore, .git/info/exclude); the user's global excludes file does not,
# as it protects this machine only.
check_gitignore() {
	missing=$(sensitive_table | while read -r _spec rule example need; do
		[ "$example" != - ] || continue
		git -C "$root" -c core.excludesFile=/dev/null check-ignore -q --no-index -- "$example" ||
			printf '%s %s\n' "$need" "$rule"
	done)
	required=$(printf '%s\n' "$missing" | sed -n 's/^required //p')
	recommended=$(printf '%s\n' "$missing" | sed -n 's/^recommended //p')
	if [ -z "$required" ]; then
		echo "security:gitignore=pass"
	else
		failed=1
		echo "security:gitignore=fail count=$(printf '%s\n' "$required" | wc -l | tr -d ' ')"
		printf '%s\n' "$required" | sed 's/^/security:gitignore:item pattern=/'
		echo "security:gitignore:hint add each item as a line of $(one_line "$root")/.gitignore"
	fi
	[ -z "$recommended" ] || printf '%s\n' "$recommended" | sed 's/^/security:gitignore:recommend pattern=/'
}

# ---- main ----

case ${1-} in
-h | --help)
	usage
	exit 0
	;;
-*) fail_early "unknown option '$(one_line "$1")' (usage: security_check.sh [CONFIG])" ;;
esac
[ $# -le 1 ] || fail_early "too many arguments (usage: security_check.sh [CONFIG])"
config=${1-}
[ $# -eq 0 ] || [ -n "$config" ] || fail_early "CONFIG is empty (usage: security_check.sh [CONFIG])"

find_root
find_fg_config
load_config
failed=0
check_tracked
check_permissions
check_gitignore
exit "$failed"
