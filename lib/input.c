/* input.c — bounded whole-file reads, so no tool trusts its input's size, and
 * no tool waits forever for input that never comes (a FIFO with no writer). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "input.h"

const char *
fg_input_name(const char *path)
{
	return (path == NULL || strcmp(path, "-") == 0) ? "<stdin>" : path;
}

/* $FG_READ_TIMEOUT, or the default; -1 after reporting a bad value. */
static int
read_timeout(double *secs, struct fg_err *e)
{
	const char *v = getenv("FG_READ_TIMEOUT");
	char *end;

	*secs = FG_READ_TIMEOUT_DEFAULT;
	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	*secs = strtod(v, &end);
	if (errno != 0 || end == v || *end != '\0' || !isfinite(*secs) || *secs <= 0 ||
	    *secs > FG_READ_TIMEOUT_MAX)
		return fg_err_set(e, FG_EUSAGE, "FG_READ_TIMEOUT: '%s' is not a number of seconds above 0 and at most %g",
		    v, FG_READ_TIMEOUT_MAX);
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A regular file always ends, so its reads have no deadline (0): a large
 * file on a slow or loaded machine is not "input that did not end". One
 * larger than max is refused from its size, before a byte is read.
 * Returns 0, or an error code with e set. */
static int
file_deadline(int fd, const char *name, size_t max, double secs, double *deadline,
    struct fg_err *e)
{
	struct stat st;

	*deadline = now() + secs;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	if (st.st_size > 0 && (uintmax_t)st.st_size > max)
		return fg_err_set(e, FG_EUSAGE, "%s: input larger than %zu bytes", name, max);
	*deadline = 0;
	return 0;
}

/* One read(2) that waits for input until the deadline: poll(2) first, so a
 * pipe or FIFO that stays silent ends in a timeout (returns -2), not a hang.
 * A descriptor opened O_NONBLOCK may still say EAGAIN: poll again. A
 * deadline of 0 is none (a regular file). */
static ssize_t
read_by(int fd, char *b, size_t size, double deadline)
{
	struct pollfd p = { fd, POLLIN, 0 };
	double left;
	ssize_t r;
	int ms;

	while (deadline == 0) {
		if ((r = read(fd, b, size)) >= 0 || errno != EINTR)
			return r;
	}
	for (;;) {
		if ((left = deadline - now()) <= 0)
			return -2;
		ms = (int)(left * 1000) + 1;
		if (poll(&p, 1, ms) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p.revents == 0)
			continue;
		if ((r = read(fd, b, size)) >= 0 || (errno != EINTR && errno != EAGAIN))
			return r;
	}
}

int
fg_read_fd(int fd, const char *name, size_t max, char **buf, size_t *len,
    struct fg_err *e)
{
	size_t cap = 65536, n = 0;
	char *b, *nb;
	ssize_t r;
	double secs, deadline;
	int rc = FG_OK;

	if (read_timeout(&secs, e) != 0)
		return e->code;
	if (file_deadline(fd, name, max, secs, &deadline, e) != 0)
		return e->code;
	if ((b = malloc(cap)) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", name);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max) {
				rc = fg_err_set(e, FG_EUSAGE, "%s: input larger than %zu bytes", name, max);
				goto out;
			}
			if ((nb = realloc(b, cap * 2)) == NULL) {
				rc = fg_err_set(e, FG_ERUNTIME, "%s: out of memory", name);
				goto out;
			}
			b = nb;
			cap *= 2;
		}
		r = read_by(fd, b + n, cap - n - 1, deadline);
		if (r == -2) {
			rc = fg_err_set(e, FG_ERUNTIME, "%s: %s within %g s", name,
			    n == 0 ? "no input" : "input did not end", secs);
			goto out;
		}
		if (r < 0) {
			/* A folder given as a file is the caller's mistake, not an I/O fault. */
			rc = fg_err_set(e, errno == EISDIR ? FG_EUSAGE : FG_ERUNTIME, "%s: %s", name,
			    strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max) {
		rc = fg_err_set(e, FG_EUSAGE, "%s: input larger than %zu bytes", name, max);
		goto out;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return FG_OK;
out:
	/* What was read may be a secret: it does not stay in freed memory. */
	explicit_bzero(b, n);
	free(b);
	return rc;
}

/* The descriptor to read path from: stdin for NULL or "-". */
static int
open_input(const char *path, int *fd, struct fg_err *e)
{
	*fd = STDIN_FILENO;
	if (path == NULL || strcmp(path, "-") == 0)
		return 0;
	/* O_NONBLOCK: opening a FIFO for reading waits for a writer otherwise. */
	if ((*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0)
		return fg_err_set(e, errno == ENOENT ? FG_EUSAGE : FG_ERUNTIME,
		    "%s: %s", fg_input_name(path), strerror(errno));
	return 0;
}

int
fg_read_input(const char *path, size_t max, char **buf, size_t *len,
    struct fg_err *e)
{
	int fd, rc;

	if ((rc = open_input(path, &fd, e)) != 0)
		return rc;
	rc = fg_read_fd(fd, fg_input_name(path), max, buf, len, e);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

int
fg_stream_open(struct fg_stream *s, const char *path, size_t max, struct fg_err *e)
{
	long page = sysconf(_SC_PAGESIZE);
	int rc;

	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->name = fg_input_name(path);
	s->max = max;
	if ((rc = read_timeout(&s->secs, e)) != 0)
		return rc;
	/* Room for max + 1 bytes (one more shows the input is too large) and
	 * the '\0' after them; only pages read into are ever backed. */
	s->room = (max + 2 + (size_t)page - 1) & ~((size_t)page - 1);
	s->buf = mmap(NULL, s->room, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (s->buf == MAP_FAILED) {
		s->buf = NULL;
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", s->name);
	}
	if ((rc = open_input(path, &s->fd, e)) != 0 ||
	    (rc = file_deadline(s->fd, s->name, max, s->secs, &s->deadline, e)) != 0) {
		fg_stream_close(s, 0, 0);
		return rc;
	}
	return 0;
}

/* Reads in slices: a pipe gives at most its buffer per read anyway, and a
 * parser fed slice by slice works on text that is still in the cache. */
#define STREAM_SLICE ((size_t)256 << 10)

int
fg_stream_more(struct fg_stream *s, struct fg_err *e)
{
	size_t want = s->max + 1 - s->len;
	ssize_t r;

	if (s->eof)
		return 0;
	if (want == 0) {
		fg_err_set(e, FG_EUSAGE, "%s: input larger than %zu bytes", s->name, s->max);
		return -1;
	}
	r = read_by(s->fd, s->buf + s->len, want < STREAM_SLICE ? want : STREAM_SLICE, s->deadline);
	if (r == -2) {
		fg_err_set(e, FG_ERUNTIME, "%s: %s within %g s", s->name,
		    s->len == 0 ? "no input" : "input did not end", s->secs);
		return -1;
	}
	if (r < 0) {
		/* A folder given as a file is the caller's mistake, not an I/O fault. */
		fg_err_set(e, errno == EISDIR ? FG_EUSAGE : FG_ERUNTIME, "%s: %s", s->name,
		    strerror(errno));
		return -1;
	}
	if (r == 0) {
		s->eof = 1;
		return 0;
	}
	s->len += (size_t)r;
	if (s->len > s->max) {
		fg_err_set(e, FG_EUSAGE, "%s: input larger than %zu bytes", s->name, s->max);
		return -1;
	}
	return 1;
}

int
fg_stream_rest(struct fg_stream *s, size_t max, struct fg_err *e)
{
	int r;

	while ((r = fg_stream_more(s, e)) > 0 && s->len <= max)
		;
	if (r < 0)
		return e->code;
	if (s->len > max)
		return fg_err_set(e, FG_EUSAGE, "%s: input larger than %zu bytes", s->name, max);
	return 0;
}

void
fg_stream_close(struct fg_stream *s, int keep_text, int wipe)
{
	if (s->fd >= 0 && s->fd != STDIN_FILENO)
		close(s->fd);
	s->fd = -1;
	if (s->buf == NULL || keep_text)
		return;
	if (wipe)
		explicit_bzero(s->buf, s->len);
	munmap(s->buf, s->room);
	s->buf = NULL;
}

int
fg_open_regular(const char *path, int flags, mode_t mode)
{
	struct stat st;
	int fd, err;

	fd = open(path, flags | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, mode);
	/* A FIFO opened for writing with no reader, or a socket, says ENXIO; a
	 * folder opened for writing, EISDIR. */
	if (fd < 0 && (errno == ENXIO || errno == EISDIR) && stat(path, &st) == 0 &&
	    !S_ISREG(st.st_mode))
		return FG_NOT_REGULAR;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return FG_NOT_REGULAR;
	}
	return fd;
}

int
fg_read_regular(const char *path, size_t max, char **buf, size_t *len, struct fg_err *e)
{
	int fd = fg_open_regular(path, O_RDONLY, 0), rc;

	if (fd == FG_NOT_REGULAR) {
		fg_err_set(e, FG_EUSAGE, "%s: not a regular file", path);
		return -1;
	}
	if (fd < 0 && errno == ENOENT)
		return 1;
	if (fd < 0) {
		fg_err_set(e, FG_ERUNTIME, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = fg_read_fd(fd, path, max, buf, len, e);
	close(fd);
	return rc == 0 ? 0 : -1;
}
