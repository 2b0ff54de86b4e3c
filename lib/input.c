/* input.c — bounded whole-file reads, so no tool trusts its input's size. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

const char *
fg_input_name(const char *path)
{
	return (path == NULL || strcmp(path, "-") == 0) ? "<stdin>" : path;
}

int
fg_read_fd(int fd, const char *name, size_t max, char **buf, size_t *len,
    struct fg_err *e)
{
	size_t cap = 65536, n = 0;
	char *b, *nb;
	ssize_t r;
	int rc = FG_OK;

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
		r = read(fd, b + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
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

int
fg_read_input(const char *path, size_t max, char **buf, size_t *len,
    struct fg_err *e)
{
	const char *name = fg_input_name(path);
	int fd = STDIN_FILENO, rc;

	if (path != NULL && strcmp(path, "-") != 0 &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return fg_err_set(e, errno == ENOENT ? FG_EUSAGE : FG_ERUNTIME,
		    "%s: %s", name, strerror(errno));
	rc = fg_read_fd(fd, name, max, buf, len, e);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}
