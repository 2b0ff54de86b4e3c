/* outfile.c — on a fast link, writing, hashing and the disk each cost about
 * as much as the transfer: side by side they cost little more than it does.
 * A scratch file (a zip to unpack) is not written back: it is deleted. */
#define _GNU_SOURCE     /* sync_file_range(2), where there is one */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "outfile.h"

#define WRITEBACK_STEP ((long long)8 << 20)

int
outfile_start(struct outfile *o, int fd, int writeback, enum outfile_hash how)
{
	o->fd = fd;
	o->writeback = writeback;
	o->err = 0;
	o->written = o->flushed = 0;
	o->how = how;
	if (how == HASH_INLINE)
		return sha256_init(&o->sha);
	return hasher_start(&o->hash, fd);
}

static void
write_back(struct outfile *o)
{
	if (!o->writeback || o->written - o->flushed < WRITEBACK_STEP)
		return;
#ifdef SYNC_FILE_RANGE_WRITE
	/* Starts the writes and returns; a failure shows at the fsync. */
	(void)sync_file_range(o->fd, o->flushed, o->written - o->flushed, SYNC_FILE_RANGE_WRITE);
#endif
	o->flushed = o->written;
}

int
outfile_write(struct outfile *o, const void *data, size_t len)
{
	const char *p = data;
	size_t left = len;
	ssize_t n;

	while (left > 0) {
		if ((n = write(o->fd, p, left)) < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			o->err = n < 0 ? errno : EIO;
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	if (o->how == HASH_BESIDE)
		hasher_wrote(&o->hash, (long long)len);
	else if (sha256_update(&o->sha, data, len) != 0) {
		o->err = EIO;
		return -1;
	}
	o->written += (long long)len;
	write_back(o);
	return 0;
}

int
outfile_finish(struct outfile *o, char hex[SHA256_HEX_LEN + 1])
{
	if (o->how == HASH_INLINE)
		return sha256_final(&o->sha, hex);
	return hasher_finish(&o->hash, hex);
}

void
outfile_cancel(struct outfile *o)
{
	if (o->how == HASH_INLINE)
		sha256_free(&o->sha);
	else
		hasher_cancel(&o->hash);
}
