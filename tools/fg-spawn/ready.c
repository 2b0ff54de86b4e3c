/* ready.c — readiness is polled, each probe bounded by what is left of the
 * deadline, and the process is checked between probes so a crash ends the wait. */
#include <stdio.h>

#include "probes.h"
#include "proc.h"
#include "ready.h"
#include "clock.h"

#define PROBE_MAX_MS 1000
#define PAUSE_MS 100

static int
probe_once(const char *url, long timeout_ms, char *last, size_t size)
{
	struct probe_result r;
	struct fg_err e = { 0 };

	if (probe_urls(&url, 1, timeout_ms, &r, &e) != 0) {
		snprintf(last, size, "%s", e.msg);
		return -1;
	}
	if (r.ok)
		return 1;
	if (r.error != NULL)
		snprintf(last, size, "%s", r.error);
	else
		snprintf(last, size, "HTTP %ld", r.status);
	return 0;
}

enum ready_result
ready_wait(const char *url, long timeout_ms, pid_t pid, unsigned long long start,
    char *last, size_t size)
{
	long long deadline = fg_now_ms() + timeout_ms, left;
	int rc;

	snprintf(last, size, "no answer yet");
	for (;;) {
		if (!proc_is_ours(pid, start))
			return READY_DIED;
		if ((left = deadline - fg_now_ms()) <= 0)
			return READY_TIMEOUT;
		rc = probe_once(url, left < PROBE_MAX_MS ? (long)left : PROBE_MAX_MS, last, size);
		if (rc != 0)
			return rc > 0 ? READY_OK : READY_ERROR;
		left = deadline - fg_now_ms();
		fg_sleep_ms(left < PAUSE_MS ? (long)left : PAUSE_MS);
	}
}
