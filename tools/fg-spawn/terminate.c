/* terminate.c — the whole process group goes, so a service's helpers do not
 * outlive it; a group id stays reserved while it has members, so signalling it
 * after its leader died still reaches only the service's processes. Exits are
 * waited for on a pidfd, which becomes readable when its process exits even
 * when we are not its parent (Linux 5.3): the wait ends as soon as the
 * process does, and costs no wake-ups. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proc.h"
#include "terminate.h"
#include "timeutil.h"

#define KILL_WAIT_MS 5000
#define POLL_MS 20              /* without pidfds: how often to look again */

struct target {
	pid_t pid;
	unsigned long long start;
	int group;              /* pid leads its own group: signal -pid */
};

/* A process of t still alive: its leader while that runs, else (for a group)
 * any live member; 0 when none is left, -1 when /proc cannot tell. */
static pid_t
live_process(const struct target *t)
{
	if (proc_is_ours(t->pid, t->start))
		return t->pid;
	return t->group ? proc_group_member(t->pid) : 0;
}

/* True while pid is still the process live_process found. */
static int
still_target(const struct target *t, pid_t pid)
{
	if (pid == t->pid)
		return proc_is_ours(pid, t->start);
	return proc_in_group(pid, t->pid);
}

/* -1 with errno ENOSYS where the kernel (before 5.3) or the headers lack it. */
static int
pidfd_open_pid(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

/* Waits at most ms for pid to exit, on a pidfd; without one, for one polling
 * interval. Returns early on a signal, or when pid is no longer the process
 * it was: the caller looks again either way. */
static void
wait_exit(const struct target *t, pid_t pid, long ms)
{
	struct pollfd p = { -1, POLLIN, 0 };

	if (pid > 0 && (p.fd = pidfd_open_pid(pid)) < 0 && errno == ESRCH)
		return;
	if (p.fd < 0) {
		sleep_ms(ms < POLL_MS ? ms : POLL_MS);
		return;
	}
	/* The pidfd holds whichever process had pid when it was opened: checked
	 * after, a match proves it is the one we mean to wait for. */
	if (still_target(t, pid))
		(void)poll(&p, 1, ms > INT_MAX ? INT_MAX : (int)ms);
	close(p.fd);
}

static int
wait_gone(const struct target *t, long timeout_ms)
{
	long long deadline = now_ms() + timeout_ms, left;
	pid_t pid;

	for (;;) {
		if ((pid = live_process(t)) == 0)
			return 1;
		if ((left = deadline - now_ms()) <= 0)
			return 0;
		wait_exit(t, pid, (long)left);
	}
}

static int
send_signal(const struct target *t, int sig, int *err)
{
	if (kill(t->group ? -t->pid : t->pid, sig) == 0 || errno == ESRCH)
		return 0;
	*err = errno;
	return -1;
}

enum term_result
terminate(pid_t pid, unsigned long long start, long timeout_ms, int *err)
{
	/* The launcher made the service a group leader; one that left it is signalled alone. */
	struct target t = { pid, start, getpgid(pid) == pid };

	*err = 0;
	if (send_signal(&t, SIGTERM, err) != 0)
		return TERM_FAILED;
	if (wait_gone(&t, timeout_ms))
		return TERM_STOPPED;
	if (send_signal(&t, SIGKILL, err) != 0)
		return TERM_FAILED;
	return wait_gone(&t, KILL_WAIT_MS) ? TERM_KILLED : TERM_FAILED;
}
