/* stream.c — one lock, held only to move the counters: the bytes are copied
 * in and read out with it released, each side in the part of the ring the
 * other does not touch ([tail, head) is the reader's, the rest the writer's). */
#include <stdlib.h>
#include <string.h>

#include "stream.h"

int
stream_init(struct stream *s, size_t cap)
{
	memset(s, 0, sizeof *s);
	if ((s->buf = malloc(cap)) == NULL)
		return -1;
	s->cap = cap;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->readable, NULL);
	pthread_cond_init(&s->writable, NULL);
	return 0;
}

void
stream_destroy(struct stream *s)
{
	if (s->buf == NULL)
		return;
	free(s->buf);
	s->buf = NULL;
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->readable);
	pthread_cond_destroy(&s->writable);
}

/* Room to write at head, in one piece up to the ring's end; 0 when full. */
static size_t
room(const struct stream *s)
{
	size_t free_bytes = s->cap - (size_t)(s->head - s->tail);
	size_t to_end = s->cap - (size_t)(s->head % s->cap);

	return free_bytes < to_end ? free_bytes : to_end;
}

int
stream_write(struct stream *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t n;

	while (len > 0) {
		pthread_mutex_lock(&s->lock);
		while (!s->closed && room(s) == 0)
			pthread_cond_wait(&s->writable, &s->lock);
		if (s->closed) {
			pthread_mutex_unlock(&s->lock);
			return 1;
		}
		n = room(s) < len ? room(s) : len;
		pthread_mutex_unlock(&s->lock);
		memcpy(s->buf + s->head % s->cap, p, n);
		pthread_mutex_lock(&s->lock);
		s->head += n;
		pthread_cond_signal(&s->readable);
		pthread_mutex_unlock(&s->lock);
		p += n;
		len -= n;
	}
	return 0;
}

void
stream_end(struct stream *s, int ok)
{
	pthread_mutex_lock(&s->lock);
	s->ended = 1;
	s->failed = !ok;
	pthread_cond_signal(&s->readable);
	pthread_mutex_unlock(&s->lock);
}

ssize_t
stream_read(struct stream *s, const void **data)
{
	size_t n, to_end;
	ssize_t got;

	pthread_mutex_lock(&s->lock);
	s->tail += s->lent;
	s->lent = 0;
	pthread_cond_signal(&s->writable);
	while (s->head == s->tail && !s->ended)
		pthread_cond_wait(&s->readable, &s->lock);
	if (s->failed) {
		got = -1;
	} else {
		n = (size_t)(s->head - s->tail);
		to_end = s->cap - (size_t)(s->tail % s->cap);
		s->lent = n < to_end ? n : to_end;
		*data = s->buf + s->tail % s->cap;
		got = (ssize_t)s->lent;
	}
	pthread_mutex_unlock(&s->lock);
	return got;
}

void
stream_close(struct stream *s)
{
	pthread_mutex_lock(&s->lock);
	s->closed = 1;
	s->tail += s->lent;
	s->lent = 0;
	pthread_cond_signal(&s->writable);
	pthread_mutex_unlock(&s->lock);
}
