#!/usr/bin/env bats
# The Makefile's promises: install layout, and deps naming what is missing.
# shellcheck disable=SC2154 # `run --separate-stderr` (bats) sets $stderr and $stderr_lines

# make install runs once for the file, into DESTDIR $BATS_FILE_TMPDIR/root
# (some 0.3 CPU-s each time); the three install tests read what it put there
# and none changes it. Its output and exit code are kept for the first test.
setup_file() {
	load helpers/treemake
	INSTALL_RC=0
	tree_make -o all install DESTDIR="$BATS_FILE_TMPDIR/root" PREFIX=/opt/fg \
		>"$BATS_FILE_TMPDIR/install.out" 2>&1 || INSTALL_RC=$?
	export INSTALL_RC
}

setup() {
	load helpers/common
	dest=$BATS_FILE_TMPDIR/root
}

# Fails the test, with make's output, when the file's make install failed.
assert_installed() {
	[ "$INSTALL_RC" = 0 ] || fail "make install: exit $INSTALL_RC
$(<"$BATS_FILE_TMPDIR/install.out")"
}

@test "make install: flowgate, the tools and their man pages under DESTDIR/PREFIX" {
	assert_installed
	for t in flowgate fg-config fg-merge fg-resolve fg-spawn fg-state; do
		[ -x "$dest/opt/fg/bin/$t" ]
	done
	for t in fg-config fg-merge fg-resolve fg-spawn fg-state; do
		[ -f "$dest/opt/fg/share/man/man1/$t.1" ]
		grep -q "^\.TH $(printf %s "$t" | tr a-z- A-Z-) 1" "$dest/opt/fg/share/man/man1/$t.1"
	done
}

@test "make install: the commands under PREFIX/libexec/flowgate, the setup not executable" {
	assert_installed
	for f in "$ROOT"/libexec/flowgate/flowgate-* "$ROOT"/libexec/flowgate/supervisor.jq; do
		assert [ -f "$dest/opt/fg/libexec/flowgate/${f##*/}" ]
		cmp "$f" "$dest/opt/fg/libexec/flowgate/${f##*/}"
	done
	assert_equal "$(file_mode "$dest/opt/fg/libexec/flowgate/flowgate-profile")" 755
	assert_equal "$(file_mode "$dest/opt/fg/libexec/flowgate/flowgate-sh-setup")" 644
	assert_equal "$(file_mode "$dest/opt/fg/libexec/flowgate/supervisor.jq")" 644
}

@test "make install: the installed flowgate runs every command with the tools beside it" {
	load helpers/server
	load helpers/spawn
	assert_installed
	make_service_project
	fg=$dest/opt/fg/bin/flowgate
	PATH=/usr/bin:/bin run "$fg" profile set balanced
	assert_success
	assert_line profile=balanced
	PATH=/usr/bin:/bin run "$fg" profile list
	assert_line cost
	PATH=/usr/bin:/bin run "$fg" service start --wait all
	assert_success
	assert_line --regexp '^litellm:started pid=[0-9]+$'
	PATH=/usr/bin:/bin run "$fg" status
	assert_line litellm_running=yes
	PATH=/usr/bin:/bin run "$fg" health
	assert_success
	PATH=/usr/bin:/bin run "$fg" --format json service restart litellm
	assert_success
	assert_equal "$(jq -r .services.litellm.result <<<"$output")" restarted
	PATH=/usr/bin:/bin run "$fg" service stop all
	assert_success
	assert_line litellm:stopped
	# supervisor.jq is found beside the installed commands.
	PATH=/usr/bin:/bin run "$fg" service export systemd --output "$BATS_TEST_TMPDIR/units"
	assert_success
	assert_line "service:exported kind=systemd path=$BATS_TEST_TMPDIR/units/flowgate.target"
	assert grep -q "^ExecStartPost=\"$dest/opt/fg/bin/fg-spawn\" \"probe\"" "$BATS_TEST_TMPDIR/units/flowgate-litellm.service"
	PATH=/usr/bin:/bin run "$fg" help status
	assert_success
	assert_line --index 0 "usage: flowgate status"
	cleanup_spawned
}

@test "make deps: with everything installed it does nothing and succeeds" {
	run tree_make deps
	assert_success
	assert_output ""
}

@test "make deps: as a user other than root it names the one apt-get line to run" {
	[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null || skip_or_fail "needs root and setpriv to drop privileges"
	# A folder the unprivileged user can read (the test's own is root's only).
	dir=$(mktemp -d /tmp/fg-make-test.XXXXXX)
	cp "$ROOT/Makefile" "$dir/Makefile"
	chmod 755 "$dir"
	chmod 644 "$dir/Makefile"
	cd "$dir"
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
		make -s -f "$dir/Makefile" deps DEB_PKGS="jq fg-no-such-package"
	cd /
	rm -rf "$dir"
	assert_failure 2
	assert_line --partial "missing Debian packages; run: sudo apt-get install -y fg-no-such-package"
}
