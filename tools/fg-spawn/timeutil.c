/* timeutil.c — deadlines use the monotonic clock so a clock change cannot stretch a wait. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "timeutil.h"

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	if (ms <= 0)
		return;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int
parse_seconds(const char *s, long min_ms, double max_s, long *ms)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v > max_s)
		return -1;
	/* Round up, so a 0.0001 s timeout still waits one millisecond (no libm). */
	*ms = (long)(v * 1000.0);
	if ((double)*ms < v * 1000.0)
		(*ms)++;
	return *ms < min_ms ? -1 : 0;
}
