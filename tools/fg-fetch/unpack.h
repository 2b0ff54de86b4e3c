/* unpack.h — a tar.gz unpacked on a second thread while it downloads: the
 * download feeds it, and the binary's temp file is written as the bytes
 * arrive, so the archive is never stored or read back. */
#ifndef FG_FETCH_UNPACK_H
#define FG_FETCH_UNPACK_H

#include <pthread.h>
#include <stddef.h>

#include "err.h"
#include "extract.h"
#include "stream.h"

struct unpack {
	struct stream stream;
	const char *asset;
	struct extract_out *out;
	struct fg_err err;
	int rc;
	pthread_t thread;
};

/* Starts extract_binary_stream into x on its own thread; -1 when it cannot. */
int unpack_start(struct unpack *u, const char *asset, struct extract_out *x);
/* The download's next bytes; once the archive is read through (or refused)
 * they are dropped. */
void unpack_feed(struct unpack *u, const void *data, size_t len);
/* The download ended (ok: complete); waits for the thread and returns its
 * result, with u->err set when it is not 0. */
int unpack_finish(struct unpack *u, int ok);

#endif
