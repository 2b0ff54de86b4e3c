/* terminate.c — the whole process group goes, so a service's helpers do not
 * outlive it. Every signal goes through a pidfd (Linux 5.3+) opened first
 * and proven ours after: the leader's by its start time, each other
 * member's by its group, looked up in /proc once the pidfd holds it. A pid
 * recycled between the check and the signal cannot be hit, since the pidfd
 * holds the process that was checked, not the number. Exits are waited for
 * on the pidfd too, which becomes readable when its process exits even when
 * we are not its parent.
 *
 * Without pidfds (an older kernel, ENOSYS) it falls back to kill(2) of the
 * group, checked just before: a pid recycled in between could then be hit,
 * a window of microseconds that needs the whole pid space to wrap. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "pidfd.h"
#include "proc.h"
#include "terminate.h"
#include "clock.h"

#define KILL_WAIT_MS 5000
#define POLL_MS 20              /* without pidfds: how often to look again */

struct target {
	pid_t pid;
	unsigned long long start;
	int group;              /* pid leads its own group: its members go too */
	int fd;                 /* the leader's pidfd, or -1 */
	int no_pidfd;           /* the kernel has no pidfds: kill(2) it is */
};

/* A process of t still alive: its leader while that runs, else (for a group)
 * any live member; 0 when none is left, -1 when /proc cannot tell. */
static pid_t
live_process(const struct target *t)
{
	if (t->fd >= 0 ? !pidfd_exited(t->fd) : proc_is_ours(t->pid, t->start))
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

/* Waits at most ms for pid to exit, on a pidfd; without one, for one polling
 * interval. Returns early on a signal, or when pid is no longer the process
 * it was: the caller looks again either way. */
static void
wait_exit(const struct target *t, pid_t pid, long ms)
{
	struct pollfd p = { -1, POLLIN, 0 };
	int own = 0;

	if (pid == t->pid && t->fd >= 0) {
		p.fd = t->fd;
	} else if (pid > 0 && (p.fd = pidfd_for(pid)) < 0 && errno == ESRCH) {
		return;
	} else {
		own = p.fd >= 0;
	}
	if (p.fd < 0) {
		fg_sleep_ms(ms < POLL_MS ? ms : POLL_MS);
		return;
	}
	/* A pidfd holds whichever process had pid when it was opened: checked
	 * after, a match proves it is the one we mean to wait for. */
	if (!own || still_target(t, pid))
		(void)poll(&p, 1, ms > INT_MAX ? INT_MAX : (int)ms);
	if (own)
		close(p.fd);
}

static int
wait_gone(const struct target *t, long timeout_ms)
{
	long long deadline = fg_now_ms() + timeout_ms, left;
	pid_t pid;

	for (;;) {
		if ((pid = live_process(t)) == 0)
			return 1;
		if ((left = deadline - fg_now_ms()) <= 0)
			return 0;
		wait_exit(t, pid, (long)left);
	}
}

struct member_signal {
	const struct target *t;
	int sig, err;
};

/* One member of the group other than its leader: held by a pidfd, then
 * proven still in the group, then signalled through the pidfd. */
static int
signal_member(pid_t pid, void *arg)
{
	struct member_signal *m = arg;
	int fd;

	if (pid == m->t->pid)
		return 0;
	if ((fd = pidfd_for(pid)) < 0)
		return 0;       /* gone already */
	if (proc_in_group(pid, m->t->pid) && pidfd_signal(fd, m->sig) != 0 && errno != ESRCH)
		m->err = errno;
	close(fd);
	return 0;
}

/* Without pidfds: the group (or the lone process) by kill(2). */
static int
signal_by_kill(const struct target *t, int sig, int *err)
{
	if (kill(t->group ? -t->pid : t->pid, sig) == 0 || errno == ESRCH)
		return 0;
	*err = errno;
	return -1;
}

static int
send_signal(const struct target *t, int sig, int *err)
{
	struct member_signal m = { t, sig, 0 };

	if (t->no_pidfd)
		return signal_by_kill(t, sig, err);
	/* No pidfd for the leader: it had exited already; its group may not. */
	if (t->fd >= 0 && pidfd_signal(t->fd, sig) != 0 && errno != ESRCH) {
		*err = errno;
		return -1;
	}
	if (t->group && proc_group_each(t->pid, signal_member, &m) < 0 && m.err == 0)
		m.err = errno;
	if (m.err != 0) {
		*err = m.err;
		return -1;
	}
	return 0;
}

enum term_result
terminate(pid_t pid, unsigned long long start, int pidfd, long timeout_ms, int *err)
{
	/* The launcher made the service a group leader; one that left it is signalled alone. */
	struct target t = { pid, start, getpgid(pid) == pid, pidfd, 0 };
	enum term_result r = TERM_FAILED;
	int own = 0;

	*err = 0;
	if (t.fd < 0) {
		if ((t.fd = pidfd_for(pid)) < 0) {
			t.no_pidfd = errno == ENOSYS;
		} else {
			own = 1;
			/* Opened, then checked: a pid that is not ours any more
			 * means ours exited; its group may still run. */
			if (!proc_is_ours(pid, start)) {
				close(t.fd);
				t.fd = -1;
				own = 0;
			}
		}
	}
	if (send_signal(&t, SIGTERM, err) != 0)
		goto out;
	if (wait_gone(&t, timeout_ms)) {
		r = TERM_STOPPED;
		goto out;
	}
	if (send_signal(&t, SIGKILL, err) != 0)
		goto out;
	r = wait_gone(&t, KILL_WAIT_MS) ? TERM_KILLED : TERM_FAILED;
out:
	if (own)
		close(t.fd);
	return r;
}
