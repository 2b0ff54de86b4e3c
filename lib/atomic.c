/* atomic.c — writers never leave a half-written file or a stray temp file. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"

static void
split_path(const char *path, char *dir, char *base, size_t size)
{
	char tmp[4096];

	snprintf(tmp, sizeof tmp, "%s", path);
	snprintf(dir, size, "%s", dirname(tmp));
	snprintf(tmp, sizeof tmp, "%s", path);
	snprintf(base, size, "%s", basename(tmp));
}

/* mkstemp(3) replaces these six characters with a unique name. */
static const char mkstemp_suffix[] = { '.', 'X', 'X', 'X', 'X', 'X', 'X', '\0' };

int
fg_atomic_open(struct fg_atomic *a, const char *dest, struct fg_err *e)
{
	char dir[2048], base[2048];
	int fd;

	a->dest = dest;
	a->f = NULL;
	if (strlen(dest) + 16 >= sizeof dir)
		return fg_err_set(e, FG_EUSAGE, "%s: path too long", dest);
	split_path(dest, dir, base, sizeof dir);
	snprintf(a->tmp, sizeof a->tmp, "%s/.%s%s", dir, base, mkstemp_suffix);
	if ((fd = mkstemp(a->tmp)) < 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", dest, strerror(errno));
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if ((a->f = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(a->tmp);
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", dest, strerror(errno));
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

int
fg_atomic_commit(struct fg_atomic *a, mode_t mode, struct fg_err *e)
{
	int fd = fileno(a->f), err = 0;

	if (fflush(a->f) != 0 || ferror(a->f))
		err = errno ? errno : EIO;
	else if (fchmod(fd, mode) != 0 || fsync(fd) != 0)
		err = errno;
	if (fclose(a->f) != 0 && err == 0)
		err = errno;
	a->f = NULL;
	if (err == 0 && rename(a->tmp, a->dest) != 0)
		err = errno;
	if (err != 0) {
		unlink(a->tmp);
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", a->dest, strerror(err));
	}
	sync_dir(a->dest);
	return 0;
}

void
fg_atomic_abort(struct fg_atomic *a)
{
	if (a->f != NULL) {
		fclose(a->f);
		a->f = NULL;
	}
	unlink(a->tmp);
}
