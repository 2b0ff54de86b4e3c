/* launch.c — double fork with a close-on-exec self-pipe (as s6 does): the
 * grandchild writes errno into the pipe only if exec fails, so EOF means it ran. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch.h"

extern char **environ;

enum stage { ST_PID, ST_SETSID, ST_FORK, ST_SETPGID, ST_FDS, ST_CWD, ST_EXEC };

struct msg {
	int32_t stage;
	int32_t value;              /* the pid for ST_PID, else errno */
};

static void
report(int fd, enum stage stage, int value)
{
	struct msg m = { stage, value };

	/* Smaller than PIPE_BUF: one write, never torn. */
	while (write(fd, &m, sizeof m) < 0 && errno == EINTR)
		;
}

static int
key_overridden(const char *entry, char *const *env, size_t n)
{
	size_t i, klen;

	for (i = 0; i < n; i++) {
		klen = strcspn(env[i], "=");
		if (strncmp(entry, env[i], klen) == 0 && entry[klen] == '=')
			return 1;
	}
	return 0;
}

/* Built before fork, so the child allocates nothing. The child is not held
 * to async-signal-safe calls alone (it ends in execvpe, which searches PATH
 * and is not on POSIX's list): that matters only after fork in a threaded
 * program, and fg-spawn runs no thread. */
static char **
build_envp(const struct launch *l)
{
	size_t n = 0, i, k = 0;
	char **envp;

	while (environ[n])
		n++;
	if ((envp = calloc(n + l->n_env + 1, sizeof *envp)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (!key_overridden(environ[i], l->env, l->n_env))
			envp[k++] = environ[i];
	for (i = 0; i < l->n_env; i++)
		envp[k++] = l->env[i];
	return envp;
}

/* The service should not keep fg-spawn's descriptors (locks, the caller's pipes). */
static void
cloexec_from_3(void)
{
	long max, fd;

	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return;
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		(void)fcntl((int)fd, F_SETFD, FD_CLOEXEC);
}

/* Ignored signals survive exec; a background shell ignores SIGINT and SIGQUIT. */
static void
reset_signals(void)
{
	sigset_t none;
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)signal(sig, SIG_DFL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
}

static void
run_grandchild(const struct launch *l, char **envp, int null_fd, int wfd)
{
	if (setpgid(0, 0) != 0) {
		report(wfd, ST_SETPGID, errno);
		_exit(127);
	}
	if (dup2(null_fd, 0) < 0 || dup2(l->log_fd, 1) < 0 || dup2(l->log_fd, 2) < 0) {
		report(wfd, ST_FDS, errno);
		_exit(127);
	}
	cloexec_from_3();
	reset_signals();
	if (l->cwd != NULL && chdir(l->cwd) != 0) {
		report(wfd, ST_CWD, errno);
		_exit(127);
	}
	execvpe(l->argv[0], l->argv, envp);
	report(wfd, ST_EXEC, errno);
	_exit(127);
}

/* The intermediate leaves a new session at once, so the service's parent is init. */
static void
run_intermediate(const struct launch *l, char **envp, int null_fd, int wfd)
{
	pid_t pid;

	if (setsid() < 0) {
		report(wfd, ST_SETSID, errno);
		_exit(1);
	}
	if ((pid = fork()) < 0) {
		report(wfd, ST_FORK, errno);
		_exit(1);
	}
	if (pid == 0)
		run_grandchild(l, envp, null_fd, wfd);
	report(wfd, ST_PID, (int32_t)pid);
	_exit(0);
}

static const char *
stage_name(int stage)
{
	static const char *const names[] = { "pid", "setsid", "fork", "setpgid",
		"redirect stdio", "--cwd", "exec" };

	return stage >= 0 && stage <= ST_EXEC ? names[stage] : "launch";
}

/* Reads the pipe to EOF: EOF comes once the intermediate exited and exec closed the rest. */
static int
read_reports(int rfd, const struct launch *l, pid_t *pid, struct fg_err *e)
{
	struct msg m;
	ssize_t n;
	int rc = 0;

	*pid = 0;
	for (;;) {
		n = read(rfd, &m, sizeof m);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (n != (ssize_t)sizeof m || rc != 0)
			continue;
		if (m.stage == ST_PID)
			*pid = (pid_t)m.value;
		else if (m.stage == ST_EXEC)
			rc = fg_err_set(e, FG_ERUNTIME, "start: %s: %s", l->argv[0], strerror(m.value));
		else if (m.stage == ST_CWD)
			rc = fg_err_set(e, FG_ERUNTIME, "start: --cwd %s: %s", l->cwd, strerror(m.value));
		else
			rc = fg_err_set(e, FG_ERUNTIME, "start: %s: %s", stage_name(m.stage),
			    strerror(m.value));
	}
	if (rc == 0 && *pid <= 0)
		rc = fg_err_set(e, FG_ERUNTIME, "start: the launcher process failed");
	return rc;
}

static int
spawn_with_pipe(const struct launch *l, char **envp, int null_fd, pid_t *pid, struct fg_err *e)
{
	int p[2], status, rc;
	pid_t mid;

	if (pipe2(p, O_CLOEXEC) != 0)
		return fg_err_set(e, FG_ERUNTIME, "start: pipe: %s", strerror(errno));
	if ((mid = fork()) < 0) {
		rc = errno;
		close(p[0]);
		close(p[1]);
		return fg_err_set(e, FG_ERUNTIME, "start: fork: %s", strerror(rc));
	}
	if (mid == 0) {
		close(p[0]);
		run_intermediate(l, envp, null_fd, p[1]);
	}
	close(p[1]);
	rc = read_reports(p[0], l, pid, e);
	close(p[0]);
	while (waitpid(mid, &status, 0) < 0 && errno == EINTR)
		;
	return rc;
}

int
launch(const struct launch *l, pid_t *pid, struct fg_err *e)
{
	char **envp;
	int null_fd, rc;

	if ((null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
		return fg_err_set(e, FG_ERUNTIME, "/dev/null: %s", strerror(errno));
	if ((envp = build_envp(l)) == NULL) {
		close(null_fd);
		return fg_err_set(e, FG_ERUNTIME, "start: out of memory");
	}
	rc = spawn_with_pipe(l, envp, null_fd, pid, e);
	free(envp);
	close(null_fd);
	return rc;
}
