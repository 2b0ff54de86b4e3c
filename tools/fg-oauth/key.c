/* key.c — reading the key as FlowGate reads every credential: a regular file
 * only (a FIFO could hang the open), bounded, one read, zeroed after use. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "key.h"

#define PROG "fg-oauth"
#define KEY_MAX 4096
#define BAD_MODE "%s: mode %04o, not 0600: whoever can read it can manage CLIProxyAPIPlus " \
	"(chmod 600 %s)"
#define HOW_TO "create it, mode 0600, holding the same key as remote-management.secret-key " \
	"in cliproxyapi.yaml; or set " KEY_ENV

/* Strips surrounding whitespace in place; -1 when what is left holds a
 * space or a control byte (it could not be one header value). */
static int
strip_key(char *k)
{
	size_t len = strlen(k), start = 0, i;

	while (len > 0 && isspace((unsigned char)k[len - 1]))
		len--;
	while (start < len && isspace((unsigned char)k[start]))
		start++;
	memmove(k, k + start, len - start);
	k[len - start] = '\0';
	for (i = 0; k[i]; i++)
		if ((unsigned char)k[i] <= 0x20 || k[i] == 0x7f)
			return -1;
	return 0;
}

/* Zeroes len bytes of the key (a NUL may hide the rest from strlen), frees it. */
static void
drop(char **key, size_t len)
{
	explicit_bzero(*key, len);
	free(*key);
	*key = NULL;
}

/* Records what is wrong, for check-key, and returns the error. */
static int
fault(struct key_src *src, enum key_fault f, struct fg_err *e)
{
	src->fault = f;
	return e->code;
}

static int
from_env(const char *v, struct key_src *src, char **key, struct fg_err *e)
{
	int bad;

	if ((*key = strdup(v)) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", KEY_ENV);
	bad = strip_key(*key) != 0;
	if (bad || (*key)[0] == '\0') {
		drop(key, strlen(v));
		fg_err_set(e, FG_EUSAGE, "%s: %s", KEY_ENV, bad ?
		    "the key holds a space or a control character" :
		    "empty (set it to the key of remote-management.secret-key, or unset it)");
		return fault(src, bad ? KEY_INVALID : KEY_MISSING, e);
	}
	return 0;
}

/* A key file others can read is a warning for login, an error for check-key. */
static int
check_mode(struct key_src *src, const struct stat *st, struct fg_err *e)
{
	unsigned mode = (unsigned)(st->st_mode & 07777);

	if (mode == 0600)
		return 0;
	if (!src->strict_mode) {
		fg_warn(PROG, BAD_MODE, src->file, mode, src->file);
		return 0;
	}
	fg_err_set(e, FG_EUSAGE, BAD_MODE, src->file, mode, src->file);
	return fault(src, KEY_MODE, e);
}

/* Whether the file kept its identity and timestamps while it was read. */
static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Reads the open key file; src->st is its identity after the read. */
static int
read_key(int fd, struct key_src *src, char **key, struct fg_err *e)
{
	const char *file = src->file;
	struct stat before;
	size_t len;

	if (fstat(fd, &before) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", file, strerror(errno));
	if (check_mode(src, &before, e) != 0)
		return e->code;
	if (fg_read_fd(fd, file, KEY_MAX, key, &len, e) != 0)
		return fault(src, e->code == FG_EUSAGE ? KEY_INVALID : KEY_FAULT_NONE, e);
	if (fstat(fd, &src->st) != 0) {
		drop(key, len);
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", file, strerror(errno));
	}
	src->stable = same_file(&before, &src->st);
	if (memchr(*key, '\0', len) != NULL || strip_key(*key) != 0) {
		drop(key, len);
		fg_err_set(e, FG_EUSAGE, "%s: the management key holds a space or a control "
		    "character", file);
		return fault(src, KEY_INVALID, e);
	}
	if ((*key)[0] == '\0') {
		drop(key, len);
		fg_err_set(e, FG_EUSAGE, "%s: management key file is empty (" HOW_TO ")", file);
		return fault(src, KEY_MISSING, e);
	}
	return 0;
}

static int
from_file(struct key_src *src, char **key, struct fg_err *e)
{
	const char *file = src->file;
	int fd, rc;

	if ((fd = fg_open_regular(file, O_RDONLY, 0)) == FG_NOT_REGULAR) {
		fg_err_set(e, FG_EUSAGE, "%s: management key file is not a regular file", file);
		return fault(src, KEY_UNREADABLE, e);
	}
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
		fg_err_set(e, FG_EUSAGE, "%s: management key file not found (" HOW_TO ")", file);
		return fault(src, KEY_MISSING, e);
	}
	if (fd < 0) {
		fg_err_set(e, FG_EUSAGE, "%s: %s", file, strerror(errno));
		return fault(src, KEY_UNREADABLE, e);
	}
	rc = read_key(fd, src, key, e);
	close(fd);
	return rc;
}

int
key_load(struct key_src *src, char **key, struct fg_err *e)
{
	const char *v = getenv(KEY_ENV);

	*key = NULL;
	src->from_file = src->stable = 0;
	src->fault = KEY_FAULT_NONE;
	if (v != NULL) {
		src->name = "$" KEY_ENV;
		return from_env(v, src, key, e);
	}
	if (src->file == NULL) {
		fg_err_set(e, FG_EUSAGE, "%s: no management key: set " KEY_ENV " or pass "
		    "--key-file F (mode 0600, holding the same key as remote-management.secret-key "
		    "in cliproxyapi.yaml)", src->cmd);
		return fault(src, KEY_MISSING, e);
	}
	src->name = src->file;
	src->from_file = 1;
	return from_file(src, key, e);
}

void
key_free(char *key)
{
	if (key == NULL)
		return;
	explicit_bzero(key, strlen(key));
	free(key);
}
