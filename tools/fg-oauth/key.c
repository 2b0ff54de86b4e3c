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

static int
from_env(const char *v, char **key, struct fg_err *e)
{
	int bad;

	if ((*key = strdup(v)) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", KEY_ENV);
	bad = strip_key(*key) != 0;
	if (bad || (*key)[0] == '\0') {
		drop(key, strlen(v));
		return fg_err_set(e, FG_EUSAGE, "%s: %s", KEY_ENV, bad ?
		    "the key holds a space or a control character" :
		    "empty (set it to the key of remote-management.secret-key, or unset it)");
	}
	return 0;
}

static void
warn_mode(const char *file, int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && (st.st_mode & 07777) != 0600)
		fg_warn(PROG, "%s: mode %04o, not 0600: whoever can read it can manage "
		    "CLIProxyAPIPlus (chmod 600 %s)", file, (unsigned)(st.st_mode & 07777), file);
}

static int
from_file(const char *file, char **key, struct fg_err *e)
{
	size_t len;
	int fd, rc;

	if ((fd = fg_open_regular(file, O_RDONLY, 0)) == FG_NOT_REGULAR)
		return fg_err_set(e, FG_EUSAGE, "%s: management key file is not a regular file", file);
	if (fd < 0 && errno == ENOENT)
		return fg_err_set(e, FG_EUSAGE, "%s: management key file not found (" HOW_TO ")", file);
	if (fd < 0)
		return fg_err_set(e, FG_EUSAGE, "%s: %s", file, strerror(errno));
	warn_mode(file, fd);
	rc = fg_read_fd(fd, file, KEY_MAX, key, &len, e);
	close(fd);
	if (rc != 0)
		return e->code = FG_EUSAGE;
	if (memchr(*key, '\0', len) != NULL || strip_key(*key) != 0) {
		drop(key, len);
		return fg_err_set(e, FG_EUSAGE, "%s: the management key holds a space or a control "
		    "character", file);
	}
	if ((*key)[0] == '\0') {
		drop(key, len);
		return fg_err_set(e, FG_EUSAGE, "%s: management key file is empty (" HOW_TO ")", file);
	}
	return 0;
}

int
key_load(const char *file, char **key, const char **source, struct fg_err *e)
{
	const char *v = getenv(KEY_ENV);

	*key = NULL;
	if (v != NULL) {
		*source = "$" KEY_ENV;
		return from_env(v, key, e);
	}
	if (file == NULL)
		return fg_err_set(e, FG_EUSAGE, "login: no management key: set " KEY_ENV " or pass "
		    "--key-file F (mode 0600, holding the same key as remote-management.secret-key "
		    "in cliproxyapi.yaml)");
	*source = file;
	return from_file(file, key, e);
}

void
key_free(char *key)
{
	if (key == NULL)
		return;
	explicit_bzero(key, strlen(key));
	free(key);
}
