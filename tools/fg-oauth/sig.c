/* sig.c — a handler that only records the signal and writes one byte, so
 * poll(2) on the pipe wakes whatever fg-oauth is waiting for. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "sig.h"

static int pipe_fds[2] = { -1, -1 };
static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	int saved = errno;

	if (caught == 0)
		caught = sig;
	(void)!write(pipe_fds[1], "", 1);
	errno = saved;
}

/* Non-blocking: a handler's write never waits on a full pipe. */
static int
set_flags(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

int
sig_setup(struct fg_err *e)
{
	struct sigaction sa;

	if (pipe(pipe_fds) != 0 || set_flags(pipe_fds[0]) != 0 || set_flags(pipe_fds[1]) != 0)
		return fg_err_set(e, FG_ERUNTIME, "signals: %s", strerror(errno));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
		return fg_err_set(e, FG_ERUNTIME, "signals: %s", strerror(errno));
	return 0;
}

int
sig_fd(void)
{
	return pipe_fds[0];
}

int
sig_caught(void)
{
	return caught;
}

int
sig_sleep_ms(long long ms)
{
	struct pollfd p = { pipe_fds[0], POLLIN, 0 };
	long long end = fg_now_ms() + ms, left;

	while (caught == 0 && (left = end - fg_now_ms()) > 0)
		(void)poll(&p, 1, left > 60000 ? 60000 : (int)left);
	return caught;
}
