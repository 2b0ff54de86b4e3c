# nap.bash — sleeping without a process, for the helpers' polls.

# nap SECONDS: a sleep without a process: read -t on a FIFO nothing writes
# to, opened and closed by builtins (the FIFO is made once for the file).
# The helpers' polls nap; a sleep process costs some 2 ms of CPU each time.
nap() {
	local fd fifo=$BATS_FILE_TMPDIR/nap.fifo
	if [ ! -p "$fifo" ] && ! mkfifo "$fifo" 2>/dev/null && [ ! -p "$fifo" ]; then
		sleep "$1"
		return
	fi
	exec {fd}<>"$fifo"
	read -r -t "$1" -u "$fd" _ || :
	exec {fd}>&-
}

# kill9_after MS CMD...: CMD in the background (its output dropped, without
# bats' fd 3), killed (-9) after MS milliseconds napped, and reaped: one
# kill -9 trial's run. An assignment before the call (VAR=x kill9_after ...)
# reaches CMD.
kill9_after() {
	local pid s
	printf -v s '%d.%03d' $(($1 / 1000)) $(($1 % 1000))
	shift
	"$@" >/dev/null 2>&1 3>&- &
	pid=$!
	nap "$s"
	kill -9 "$pid" 2>/dev/null || :
	wait "$pid" 2>/dev/null || :
}
