/* seconds.c — one parser for every tool's seconds arguments. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "seconds.h"

int
fg_parse_seconds(const char *s, long min_ms, double max_s, long *ms)
{
	char *end;
	double v;

	/* A digit or '.' first: no sign, space, hex or "inf" sneaks through strtod. */
	if (s == NULL || ((s[0] < '0' || s[0] > '9') && s[0] != '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v > max_s)
		return -1;
	/* Rounded up, so 0.0001 s still waits a millisecond (no libm). */
	*ms = (long)(v * 1000.0);
	if ((double)*ms < v * 1000.0)
		(*ms)++;
	return *ms < min_ms ? -1 : 0;
}
