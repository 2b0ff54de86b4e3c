/* stream.h — a bounded ring of bytes from one writer thread (the download)
 * to one reader thread (the archive reader): the writer waits while it is
 * full, the reader reads in place, and memory does not grow with the data. */
#ifndef FG_FETCH_STREAM_H
#define FG_FETCH_STREAM_H

#include <pthread.h>
#include <stddef.h>
#include <sys/types.h>

struct stream {
	unsigned char *buf;
	size_t cap;
	unsigned long long head, tail;  /* bytes written, bytes released */
	size_t lent;                    /* bytes the reader holds, from tail */
	int ended, failed, closed;      /* writer done, writer gave up, reader gone */
	pthread_mutex_t lock;
	pthread_cond_t readable, writable;
};

/* -1 when the ring cannot be allocated. */
int stream_init(struct stream *s, size_t cap);
void stream_destroy(struct stream *s);

/* Appends len bytes, waiting for room; once the reader is gone they are
 * dropped (returns 1), so the writer can go on to the end. */
int stream_write(struct stream *s, const void *data, size_t len);
/* No more bytes: all of them (ok) or the writer failed. */
void stream_end(struct stream *s, int ok);

/* Gives back what the last read lent, then lends the next bytes in place
 * (*data), waiting for them: their count, 0 at the end, -1 when the writer
 * failed. */
ssize_t stream_read(struct stream *s, const void **data);
/* The reader is done; the writer is never kept waiting again. */
void stream_close(struct stream *s);

#endif
