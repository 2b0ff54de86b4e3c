/* atomic.c — writers never leave a half-written file, and what a writer that
 * was killed mid-write left (a temp file that may hold a key) does not stay:
 * each writer holds flock(2) on its temp file, so the next writer of the same
 * file can tell a dead writer's temp file from a live one's and remove it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "clock.h"

/* A writer that keeps losing its fresh temp file to sweepers gives up. */
#define OPEN_TRIES 8

static void
split_path(const char *path, char *dir, char *base, size_t size)
{
	char tmp[4096];

	snprintf(tmp, sizeof tmp, "%s", path);
	snprintf(dir, size, "%s", dirname(tmp));
	snprintf(tmp, sizeof tmp, "%s", path);
	snprintf(base, size, "%s", basename(tmp));
}

/* FG_ATOMIC_DELAY_MS, a test hook: the crash-trial tests set it to widen the
 * window between a complete, fsynced temp file and its rename(2), and kill
 * the writer inside it. Unset or empty is 0. */
static int
delay_from_env(unsigned *ms, struct fg_err *e)
{
	const char *v = getenv("FG_ATOMIC_DELAY_MS");
	char *end;
	unsigned long n;

	*ms = 0;
	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (*v < '0' || *v > '9' || *end != '\0' || errno != 0 || n > FG_ATOMIC_DELAY_MAX)
		return fg_err_set(e, FG_EUSAGE, "FG_ATOMIC_DELAY_MS: '%s' is not a whole number of milliseconds from 0 to %d",
		    v, FG_ATOMIC_DELAY_MAX);
	*ms = (unsigned)n;
	return 0;
}

/* Whether name in dfd is still the file open on fd (not unlinked, not replaced). */
static int
still_named(int dfd, const char *name, int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && fstatat(dfd, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Removes every .BASE.fgtmp.* in dir whose lock nobody holds: its writer is
 * dead. A live writer's is locked, and left. Symlinks are never followed,
 * and only regular files are touched. Best effort: a folder it cannot read
 * leaves nothing to sweep, and the write that follows reports any real fault. */
static void
sweep_stale(const char *dir, const char *base)
{
	char prefix[300];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int dfd, fd;
	size_t plen;

	if ((size_t)snprintf(prefix, sizeof prefix, ".%s%s", base, FG_ATOMIC_TAG) >= sizeof prefix)
		return;
	plen = strlen(prefix);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		fd = openat(dfd, de->d_name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    still_named(dfd, de->d_name, fd))
			(void)unlinkat(dfd, de->d_name, 0);
		close(fd);
	}
	closedir(d);
}

/* mkstemp(3) replaces these six characters with a unique name. */
static const char mkstemp_suffix[] = { 'X', 'X', 'X', 'X', 'X', 'X', '\0' };

/* A locked temp file. A sweeper may have removed it between mkstemp and
 * flock (it was not locked yet): then it is no longer named, and we retry. */
static int
open_locked(struct fg_atomic *a, const char *dir, const char *base)
{
	int fd, tries;

	for (tries = 0; tries < OPEN_TRIES; tries++) {
		snprintf(a->tmp, sizeof a->tmp, "%s/.%s%s%s", dir, base, FG_ATOMIC_TAG, mkstemp_suffix);
		if ((fd = mkstemp(a->tmp)) < 0)
			return -1;
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
		while (flock(fd, LOCK_EX) != 0) {
			if (errno != EINTR) {
				close(fd);
				unlink(a->tmp);
				return -1;
			}
		}
		if (still_named(AT_FDCWD, a->tmp, fd))
			return fd;
		close(fd);
	}
	errno = EAGAIN;
	return -1;
}

int
fg_atomic_open(struct fg_atomic *a, const char *dest, struct fg_err *e)
{
	char dir[2048], base[2048];
	int fd;

	a->dest = dest;
	a->f = NULL;
	a->tmp[0] = '\0';
	if (delay_from_env(&a->delay_ms, e) != 0)
		return e->code;
	if (strlen(dest) + 32 >= sizeof dir)
		return fg_err_set(e, FG_EUSAGE, "%s: path too long", dest);
	split_path(dest, dir, base, sizeof dir);
	sweep_stale(dir, base);
	if ((fd = open_locked(a, dir, base)) < 0) {
		a->tmp[0] = '\0';
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", dest, strerror(errno));
	}
	if ((a->f = fdopen(fd, "w")) == NULL) {
		fg_err_set(e, FG_ERUNTIME, "%s: %s", dest, strerror(errno));
		unlink(a->tmp);
		close(fd);
		return e->code;
	}
	return 0;
}

static void
sync_dir(const char *path)
{
	char dir[4096], base[4096];
	int fd;

	split_path(path, dir, base, sizeof dir);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* The temp file stays locked until it is renamed: closing it sooner would
 * let a sweeper take it for a dead writer's. */
int
fg_atomic_commit(struct fg_atomic *a, mode_t mode, struct fg_err *e)
{
	int fd = fileno(a->f), err = 0;

	if (fflush(a->f) != 0 || ferror(a->f))
		err = errno ? errno : EIO;
	else if (fchmod(fd, mode) != 0 || fsync(fd) != 0)
		err = errno;
	if (err == 0 && a->delay_ms > 0)
		fg_sleep_ms((long)a->delay_ms);
	if (err == 0 && rename(a->tmp, a->dest) != 0)
		err = errno;
	if (err != 0)
		unlink(a->tmp);
	/* Everything was flushed and fsynced: a failing close loses nothing. */
	(void)fclose(a->f);
	a->f = NULL;
	if (err != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", a->dest, strerror(err));
	sync_dir(a->dest);
	return 0;
}

void
fg_atomic_abort(struct fg_atomic *a)
{
	if (a->tmp[0] != '\0')
		unlink(a->tmp);
	if (a->f != NULL) {
		fclose(a->f);
		a->f = NULL;
	}
}
