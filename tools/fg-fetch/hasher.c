/* hasher.c — the page cache is the buffer between the writer and the hash:
 * the thread preads up to what the writer has published. On a fast link the
 * hash costs about as much CPU as the transfer, so in series it would nearly
 * double the time; beside it, it costs none. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "hasher.h"

#define BLOCK (256 << 10)

/* Hashes [from, to) of the file; -1 on a read error. */
static int
hash_range(struct hasher *h, unsigned char *buf, long long from, long long to)
{
	ssize_t n;

	while (from < to) {
		n = pread(h->fd, buf, to - from < BLOCK ? (size_t)(to - from) : BLOCK, (off_t)from);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || sha256_update(&h->sha, buf, (size_t)n) != 0)
			return -1;
		from += n;
	}
	return 0;
}

static void *
run(void *arg)
{
	struct hasher *h = arg;
	unsigned char *buf = malloc(BLOCK);
	long long from, to;
	int ok, skip;

	pthread_mutex_lock(&h->lock);
	for (;;) {
		while (h->hashed == h->written && !h->done)
			pthread_cond_wait(&h->more, &h->lock);
		if (h->hashed == h->written)
			break;
		from = h->hashed;
		to = h->written;
		skip = h->failed;
		pthread_mutex_unlock(&h->lock);
		ok = skip || (buf != NULL && hash_range(h, buf, from, to) == 0);
		pthread_mutex_lock(&h->lock);
		if (!ok)
			h->failed = 1;
		h->hashed = to;
	}
	pthread_mutex_unlock(&h->lock);
	free(buf);
	return NULL;
}

int
hasher_start(struct hasher *h, int fd)
{
	h->fd = fd;
	h->written = h->hashed = 0;
	h->done = h->failed = h->started = 0;
	if (sha256_init(&h->sha) != 0)
		return -1;
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->more, NULL);
	if (pthread_create(&h->thread, NULL, run, h) != 0) {
		sha256_free(&h->sha);
		pthread_mutex_destroy(&h->lock);
		pthread_cond_destroy(&h->more);
		return -1;
	}
	h->started = 1;
	return 0;
}

void
hasher_wrote(struct hasher *h, long long n)
{
	pthread_mutex_lock(&h->lock);
	h->written += n;
	pthread_cond_signal(&h->more);
	pthread_mutex_unlock(&h->lock);
}

static void
stop(struct hasher *h)
{
	pthread_mutex_lock(&h->lock);
	h->done = 1;
	pthread_cond_signal(&h->more);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->more);
	h->started = 0;
}

int
hasher_finish(struct hasher *h, char hex[SHA256_HEX_LEN + 1])
{
	stop(h);
	if (h->failed) {
		sha256_free(&h->sha);
		return -1;
	}
	return sha256_final(&h->sha, hex);
}

void
hasher_cancel(struct hasher *h)
{
	if (!h->started)
		return;
	/* What is left is passed over: the thread stops at once. */
	pthread_mutex_lock(&h->lock);
	h->failed = 1;
	pthread_mutex_unlock(&h->lock);
	stop(h);
	sha256_free(&h->sha);
}
