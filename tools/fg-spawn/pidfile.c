/* pidfile.c — a pid on line 1 and its /proc start time on line 2, written atomically. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "atomic.h"
#include "input.h"
#include "pidfile.h"
#include "proc.h"

#define PIDFILE_MAX 128

static int
parse_number(const char **p, unsigned long long *v)
{
	char *end;

	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	*v = strtoull(*p, &end, 10);
	if (errno != 0)
		return -1;
	*p = end;
	return 0;
}

/* Pid 0, 1 and negatives are refused: kill() would reach a group, init or everyone. */
static int
parse_pidfile(const char *buf, struct pidrec *r)
{
	const char *p = buf;
	unsigned long long v;

	if (parse_number(&p, &v) != 0 || v < 2 || v > INT_MAX)
		return -1;
	r->pid = (pid_t)v;
	r->has_start = 0;
	if (*p == '\n')
		p++;
	if (*p == '\0')
		return 0;
	if (parse_number(&p, &r->start) != 0)
		return -1;
	r->has_start = 1;
	if (*p == '\n')
		p++;
	return *p == '\0' ? 0 : -1;
}

int
pidfile_read(const char *path, struct pidrec *r, struct fg_err *e)
{
	char buf[PIDFILE_MAX + 1];
	ssize_t n;
	int fd;

	/* A FIFO planted as the pidfile must not hang us in open() or read(). */
	if ((fd = fg_open_regular(path, O_RDONLY, 0)) == FG_NOT_REGULAR)
		return fg_err_set(e, FG_ERUNTIME, "%s: not a regular file", path);
	if (fd < 0) {
		if (errno == ENOENT)
			return PIDFILE_NONE;
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", path, strerror(errno));
	}
	while ((n = read(fd, buf, sizeof buf)) < 0 && errno == EINTR)
		;
	close(fd);
	if (n < 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", path, strerror(errno));
	if (n > PIDFILE_MAX)
		return fg_err_set(e, FG_ERUNTIME, "%s: not a pidfile (longer than %d bytes)",
		    path, PIDFILE_MAX);
	buf[n] = '\0';
	if (parse_pidfile(buf, r) != 0)
		return fg_err_set(e, FG_ERUNTIME,
		    "%s: not a pidfile (expected a pid > 1, then a start time)", path);
	return PIDFILE_READ;
}

int
pidrec_is_ours(const struct pidrec *r)
{
	return r->has_start && proc_is_ours(r->pid, r->start);
}

int
pidfile_write(const char *path, pid_t pid, unsigned long long start, struct fg_err *e)
{
	struct fg_atomic a;
	int rc;

	if ((rc = fg_atomic_open(&a, path, e)) != 0)
		return rc;
	fprintf(a.f, "%d\n%llu\n", (int)pid, start);
	return fg_atomic_commit(&a, 0644, e);
}

int
pidfile_remove(const char *path, struct fg_err *e)
{
	if (unlink(path) != 0 && errno != ENOENT)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", path, strerror(errno));
	return 0;
}

/* The lock file stays: removing it would let two starters lock two different files. */
int
pidfile_lock(const char *path, int *fd, struct fg_err *e)
{
	char lock[PATH_MAX];
	int err;

	if (snprintf(lock, sizeof lock, "%s.lock", path) >= (int)sizeof lock)
		return fg_err_set(e, FG_EUSAGE, "%s: path too long", path);
	if ((*fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		if (errno == ENOENT)
			return PIDFILE_NONE;
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", lock, strerror(errno));
	}
	while (flock(*fd, LOCK_EX) != 0) {
		if (errno == EINTR)
			continue;
		err = errno;
		close(*fd);
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", lock, strerror(err));
	}
	return 0;
}
