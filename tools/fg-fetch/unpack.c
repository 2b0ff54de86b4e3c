/* unpack.c — the thread blocks the signals fg-fetch stops on, so they reach
 * the download's poll at once; it sees them through interrupted(), or
 * through the download ending. */
#include <signal.h>
#include <string.h>

#include "unpack.h"

/* The ring between the two: four of the download's blocks, so neither side
 * waits on the other's every block (2 MiB was no faster, 512 KiB slower),
 * and small beside the 16 MB fg-fetch keeps under. */
#define RING_BYTES ((size_t)1 << 20)

static void *
run(void *arg)
{
	struct unpack *u = arg;

	u->rc = extract_binary_stream(&u->stream, u->asset, u->out, &u->err);
	stream_close(&u->stream);
	return NULL;
}

int
unpack_start(struct unpack *u, const char *asset, struct extract_out *x)
{
	sigset_t stops, old;
	int rc;

	memset(u, 0, sizeof *u);
	u->asset = asset;
	u->out = x;
	if (stream_init(&u->stream, RING_BYTES) != 0)
		return -1;
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stops, &old);
	rc = pthread_create(&u->thread, NULL, run, u);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		stream_destroy(&u->stream);
		return -1;
	}
	return 0;
}

void
unpack_feed(struct unpack *u, const void *data, size_t len)
{
	(void)stream_write(&u->stream, data, len);
}

int
unpack_finish(struct unpack *u, int ok)
{
	stream_end(&u->stream, ok);
	pthread_join(u->thread, NULL);
	stream_destroy(&u->stream);
	return u->rc;
}
