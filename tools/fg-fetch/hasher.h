/* hasher.h — the SHA-256 of a file while it is being written, on a second
 * thread that reads back what was written: the writer never waits for the
 * hash, and no buffer grows with the file. */
#ifndef FG_FETCH_HASHER_H
#define FG_FETCH_HASHER_H

#include <pthread.h>

#include "sha256.h"

struct hasher {
	int fd;                         /* read with pread, from offset 0 */
	long long written, hashed;      /* bytes the writer wrote, the thread hashed */
	int done, failed, started;
	struct sha256 sha;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t more;
};

/* Starts hashing fd (empty, about to be written); -1 when it cannot. */
int hasher_start(struct hasher *h, int fd);
/* The writer wrote n more bytes at the end of the file. */
void hasher_wrote(struct hasher *h, long long n);
/* Waits for the thread to hash everything written, and writes the digest;
 * -1 when a read failed. */
int hasher_finish(struct hasher *h, char hex[SHA256_HEX_LEN + 1]);
/* Stops the thread without a digest (the write failed). */
void hasher_cancel(struct hasher *h);

#endif
