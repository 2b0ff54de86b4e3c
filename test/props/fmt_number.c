/* fmt_number.c — fg_fmt_number against the printf-and-strtod search it
 * short-cuts, on every short decimal of a few digits and on many generated
 * doubles: short decimals and their neighbours one and two ulps away,
 * quotients of small integers, random magnitudes and random bit patterns.
 * Usage: fmt_number [RANDOM [DIGITS [SEED]]]: RANDOM generated doubles of
 * each kind (default 200000); every m / 10^k with m below 10^DIGITS and k up
 * to DIGITS + 4 (default 4). Prints what it checked; exit 1 at the first
 * number printed differently, with both texts. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonwrite.h"
#include "rng.h"

static unsigned long long checked, short_decimals;

/* fg_fmt_number as it was before its short-decimal path, kept verbatim. */
static void
reference_integer(long long v, char *buf)
{
	char tmp[24];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	int n = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*buf++ = '-';
	while (n > 0)
		*buf++ = tmp[--n];
	*buf = '\0';
}

/* Returns the precision that round-tripped (15 to 17), 0 for the others. */
static int
reference(double d, char *buf, size_t size)
{
	int prec;

	if (!isfinite(d)) {
		snprintf(buf, size, "null");
		return 0;
	}
	if (d == floor(d) && fabs(d) < 1e16 && size >= 24) {
		reference_integer((long long)d, buf);
		return 0;
	}
	for (prec = 15; prec < 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return prec;
	}
	snprintf(buf, size, "%.17g", d);
	return 17;
}

static void
check(double d)
{
	char want[64], got[64];

	if (reference(d, want, sizeof want) == 15 && strchr(want, 'e') == NULL)
		short_decimals++;
	fg_fmt_number(d, got, sizeof got);
	checked++;
	if (strcmp(want, got) != 0) {
		fprintf(stderr, "fmt_number: %a (%.17g): printed %s, expected %s\n", d, d, got, want);
		exit(1);
	}
}

/* Both signs, and the two nearest doubles on each side. */
static void
check_around(double d)
{
	double up = d, down = d;
	int i;

	check(d);
	check(-d);
	for (i = 0; i < 2; i++) {
		up = nextafter(up, INFINITY);
		down = nextafter(down, -INFINITY);
		check(up);
		check(down);
	}
}


/* Every m / 10^k for m below 10^digits and k from 1 to digits + 4: as a
 * double divides, which is how strtod reads the text "m e-k". */
static void
check_every_short_decimal(int digits)
{
	double top = pow(10, digits), m;
	int k;

	for (k = 1; k <= digits + 4; k++)
		for (m = 1; m < top; m++)
			check(m / pow(10, k));
}

/* A decimal of 1 to 17 digits with a point anywhere from 22 places left of
 * its end to 4 right of it, read by strtod, and its neighbours. */
static void
check_random_decimal(void)
{
	char text[64];
	int n = 1 + (int)(rng() % 17), i, exp = (int)(rng() % 27) - 22;

	for (i = 0; i < n; i++)
		text[i] = (char)('0' + rng() % 10);
	snprintf(text + n, sizeof text - (size_t)n, "e%d", exp);
	check_around(strtod(text, NULL));
}

int
main(int argc, char **argv)
{
	long random = argc > 1 ? atol(argv[1]) : 200000;
	int digits = argc > 2 ? atoi(argv[2]) : 4;
	long i;
	uint64_t bits;
	double d;

	rng_state = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x9e3779b97f4a7c15ULL;
	if (rng_state == 0)
		rng_state = 1;
	check_every_short_decimal(digits);
	for (i = 0; i < random; i++) {
		check_random_decimal();
		/* Quotients of small integers: 1/3, 22/7, 5/8. */
		check_around((double)(1 + rng() % 100000) / (double)(1 + rng() % 1000));
		/* Any magnitude from 1e-6 to 1e17, full precision. */
		check_around(pow(10, -6 + (double)(rng() % 23000000) / 1e6));
		/* Any bits: every exponent, NaN and infinities included. */
		bits = rng();
		memcpy(&d, &bits, sizeof d);
		check(d);
	}
	check_around(DBL_MIN);
	check_around(DBL_MAX);
	check_around(DBL_TRUE_MIN);
	check_around(1e-4);
	check_around(1e15);
	check_around(0.5);
	printf("fmt_number: %llu doubles printed as before, %llu of them short decimals\n",
	    checked, short_decimals);
	return 0;
}
