/* outfile.h — bytes streamed into a temp file: written as they come, hashed
 * (as they are written, or on a second thread), and (for a file that will be
 * installed) sent to the disk in steps, so its fsync has little left to wait
 * for. */
#ifndef FG_FETCH_OUTFILE_H
#define FG_FETCH_OUTFILE_H

#include <stddef.h>

#include "hasher.h"
#include "sha256.h"

/* Where the hash is taken. Beside: a second thread reads the file back,
 * for a writer that has a core to itself. Inline: in the writer's own
 * thread, for one that shares the machine with a download and its hash
 * (a third hashing thread would only queue for the same two cores). */
enum outfile_hash { HASH_BESIDE, HASH_INLINE };

struct outfile {
	int fd;
	int writeback;                  /* send written steps to the disk */
	int err;                        /* errno of a failed write */
	long long written, flushed;
	enum outfile_hash how;
	struct hasher hash;             /* HASH_BESIDE */
	struct sha256 sha;              /* HASH_INLINE */
};

/* Starts on fd (empty, offset 0); -1 when the hash cannot start. */
int outfile_start(struct outfile *o, int fd, int writeback, enum outfile_hash how);
/* Appends len bytes; -1 with o->err set when the write fails. */
int outfile_write(struct outfile *o, const void *data, size_t len);
/* The digest of everything written; -1 when it could not be read back. */
int outfile_finish(struct outfile *o, char hex[SHA256_HEX_LEN + 1]);
/* Stops the hash without a digest. */
void outfile_cancel(struct outfile *o);

#endif
