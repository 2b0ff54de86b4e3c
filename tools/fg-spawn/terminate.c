/* terminate.c — the whole process group goes, so a service's helpers do not
 * outlive it; a group id stays reserved while it has members, so signalling it
 * after its leader died still reaches only the service's processes. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "proc.h"
#include "terminate.h"
#include "timeutil.h"

#define KILL_WAIT_MS 5000
#define POLL_MS 20

struct target {
	pid_t pid;
	unsigned long long start;
	int group;              /* pid leads its own group: signal -pid */
};

static int
alive(const struct target *t)
{
	return t->group ? proc_group_alive(t->pid) : proc_is_ours(t->pid, t->start);
}

static int
wait_gone(const struct target *t, long timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		if (!alive(t))
			return 1;
		if (now_ms() >= deadline)
			return 0;
		sleep_ms(POLL_MS);
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
