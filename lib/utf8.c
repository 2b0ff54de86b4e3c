/* utf8.c — UTF-8 as RFC 3629 has it, so what a tool writes, jq and libyaml read. */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* The length of the well-formed sequence at p (1 to 4), or, negated, the
 * length of its maximal ill-formed subpart (at least 1). It reads no more
 * than left bytes; a NUL among them ends the sequence too. */
static int
sequence(const unsigned char *p, size_t left)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return -1;
	/* The second byte's range rules out overlongs, surrogates and > U+10FFFF. */
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	for (i = 1; i < n; i++) {
		if ((size_t)i >= left || p[i] < lo || p[i] > hi)
			return -i;
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

int
fg_utf8_valid(const char *s)
{
	return fg_utf8_valid_len(s, strlen(s));
}

int
fg_utf8_valid_len(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	int n;

	for (; p < end; p += n)
		if ((n = sequence(p, (size_t)(end - p))) < 0)
			return 0;
	return 1;
}

char *
fg_utf8_fix(const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	char *out, *o;
	int n;

	/* Each byte grows to at most three (one byte, one U+FFFD). */
	if ((out = malloc((size_t)(end - p) * 3 + 1)) == NULL)
		return NULL;
	for (o = out; p < end; ) {
		if ((n = sequence(p, (size_t)(end - p))) > 0) {
			memcpy(o, p, (size_t)n);
			o += n;
			p += n;
		} else {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p += -n;
		}
	}
	*o = '\0';
	return out;
}
