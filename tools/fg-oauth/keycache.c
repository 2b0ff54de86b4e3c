/* keycache.c — one record: the bcrypt hash (already in CLIProxyAPIPlus's
 * config, so no new secret) and the key file's identity. Nothing derived
 * from the key is kept. Any write to the key file changes its ctime, which
 * nobody can set back, so a changed key file never matches a record. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "input.h"
#include "keycache.h"

#define CACHE_MAGIC "fg-oauth check-key cache 1\n"
/* The magic, a hash (60 bytes for bcrypt) and the identity fit easily. */
#define CACHE_MAX 4096

/* The whole record, as written and as a hit must read back byte for byte. */
static int
render(char *buf, size_t size, const char *hash, const struct stat *st)
{
	int n = snprintf(buf, size, CACHE_MAGIC "hash %s\nkey-file dev=%ju ino=%ju size=%jd "
	    "mtime=%jd.%09ld ctime=%jd.%09ld\n", hash, (uintmax_t)st->st_dev,
	    (uintmax_t)st->st_ino, (intmax_t)st->st_size, (intmax_t)st->st_mtim.tv_sec,
	    st->st_mtim.tv_nsec, (intmax_t)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);

	return n > 0 && (size_t)n < size ? n : -1;
}

/* Only a record this user wrote and nobody else could have: a regular file,
 * ours, mode 0600. */
static int
open_ours(const char *file)
{
	struct stat st;
	int fd;

	if ((fd = fg_open_regular(file, O_RDONLY | O_NOFOLLOW, 0)) < 0)
		return -1;
	if (fstat(fd, &st) != 0 || st.st_uid != geteuid() || (st.st_mode & 07777) != 0600) {
		close(fd);
		return -1;
	}
	return fd;
}

int
keycache_hit(const char *file, const char *hash, const struct stat *st, struct fg_err *e)
{
	char want[CACHE_MAX], *buf;
	size_t len;
	int fd, n, rc;

	if ((n = render(want, sizeof want, hash, st)) < 0 || (fd = open_ours(file)) < 0)
		return 0;
	rc = fg_read_fd(fd, file, CACHE_MAX, &buf, &len, e);
	close(fd);
	if (rc == FG_EUSAGE)        /* larger than any record: not one */
		return 0;
	if (rc != 0)
		return -1;
	rc = len == (size_t)n && memcmp(buf, want, len) == 0;
	free(buf);
	return rc;
}

int
keycache_store(const char *file, const char *hash, const struct stat *st, struct fg_err *e)
{
	char rec[CACHE_MAX];
	struct fg_atomic a;
	int n;

	if ((n = render(rec, sizeof rec, hash, st)) < 0)
		return fg_err_set(e, FG_EUSAGE, "%s: the hash is too long to record", file);
	if (fg_atomic_open(&a, file, e) != 0)
		return e->code;
	if (fwrite(rec, 1, (size_t)n, a.f) != (size_t)n) {
		fg_atomic_abort(&a);
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", file, strerror(errno ? errno : EIO));
	}
	return fg_atomic_commit(&a, 0600, e);
}
