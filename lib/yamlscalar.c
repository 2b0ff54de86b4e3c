/* yamlscalar.c — the implicit resolver: which plain scalars are not strings. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "yamlscalar.h"

/* The first characters are compared before any length: most scalars match
 * no word's, and fg-resolve asks about every string it writes. */
static int
is_one_of(const char *s, size_t len, const char *const *words)
{
	for (; *words; words++)
		if (len > 0 && (*words)[0] == s[0] && strlen(*words) == len &&
		    memcmp(*words, s, len) == 0)
			return 1;
	return 0;
}

static const char *const null_words[] = { "~", "null", "Null", "NULL", NULL };
static const char *const true_words[] = { "yes", "Yes", "YES", "true", "True",
	"TRUE", "on", "On", "ON", NULL };
static const char *const false_words[] = { "no", "No", "NO", "false", "False",
	"FALSE", "off", "Off", "OFF", NULL };

/* Decimal digits, '_' allowed after the first, converted by strtod: it
 * rounds once, correctly, where summing in a double rounds at every digit
 * past 2^53 (and 24691357802469134 would not read back as JSON reads it). */
static int
parse_decimal(const char *s, size_t len, double *out)
{
	char buf[400];   /* more significant digits than a finite double has */
	size_t i, n = 0;
	int seen = 0, overflow = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '_' && seen)
			continue;
		if (!isdigit((unsigned char)s[i]))
			return -1;
		seen = 1;
		if (n == 0 && s[i] == '0')
			continue;
		if (n < sizeof buf - 1)
			buf[n++] = s[i];
		else
			overflow = 1;
	}
	if (!seen)
		return -1;
	buf[n] = '\0';
	*out = overflow ? INFINITY : n == 0 ? 0 : strtod(buf, NULL);
	return 0;
}

/* Digits of one base, '_' allowed after the first; returns the value or -1. */
static int
parse_digits(const char *s, size_t len, int base, double *out)
{
	double v = 0;
	size_t i;
	int d, seen = 0;

	if (base == 10)
		return parse_decimal(s, len, out);
	for (i = 0; i < len; i++) {
		if (s[i] == '_' && seen)
			continue;
		if (isdigit((unsigned char)s[i]))
			d = s[i] - '0';
		else if (isxdigit((unsigned char)s[i]))
			d = tolower((unsigned char)s[i]) - 'a' + 10;
		else
			return -1;
		if (d >= base)
			return -1;
		v = v * base + d;
		seen = 1;
	}
	if (!seen)
		return -1;
	*out = v;
	return 0;
}

/* [1-9][0-9_]*(:[0-5]?[0-9])+ */
static int
parse_sexagesimal(const char *s, size_t len, double *out)
{
	const char *end = s + len, *p = s, *colon;
	double v = 0, part;
	int first = 1;

	if (s[0] < '1' || s[0] > '9' || memchr(s, ':', len) == NULL)
		return -1;
	while (p < end) {
		colon = memchr(p, ':', (size_t)(end - p));
		if (colon == NULL)
			colon = end;
		if (parse_digits(p, (size_t)(colon - p), 10, &part) != 0)
			return -1;
		if (!first && (colon - p > 2 || part > 59))
			return -1;
		v = v * 60 + part;
		first = 0;
		p = colon == end ? end : colon + 1;
		if (colon + 1 == end)
			return -1;
	}
	*out = v;
	return 0;
}

static int
parse_int(const char *s, size_t len, double *out)
{
	int neg = 0;

	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		s++, len--;
	}
	if (len == 0)
		return -1;
	if (len > 2 && s[0] == '0' && s[1] == 'b') {
		if (parse_digits(s + 2, len - 2, 2, out) != 0)
			return -1;
	} else if (len > 2 && s[0] == '0' && s[1] == 'x') {
		if (parse_digits(s + 2, len - 2, 16, out) != 0)
			return -1;
	} else if (len > 1 && s[0] == '0') {
		if (parse_digits(s + 1, len - 1, 8, out) != 0)
			return -1;
	} else if (parse_digits(s, len, 10, out) != 0 &&
	    parse_sexagesimal(s, len, out) != 0) {
		return -1;
	}
	if (neg)
		*out = -*out;
	return 0;
}

/* [-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?, with a digit somewhere before
 * the exponent; .inf and .nan too. */
static int
parse_float(const char *s, size_t len, double *out)
{
	char buf[128];
	size_t i = 0, n = 0;
	int digits = 0, dot = 0;

	/* Every character may be copied (exponent too): a plain scalar longer
	 * than buf is a string, as one with a longer mantissa always was. */
	if (len >= sizeof buf)
		return -1;
	if (len > 0 && (s[0] == '-' || s[0] == '+'))
		buf[n++] = s[i++];
	if (is_one_of(s + i, len - i, (const char *const[]){ ".inf", ".Inf", ".INF", NULL })) {
		*out = (buf[0] == '-' && n) ? -INFINITY : INFINITY;
		return 0;
	}
	if (i == 0 && is_one_of(s, len, (const char *const[]){ ".nan", ".NaN", ".NAN", NULL })) {
		*out = NAN;
		return 0;
	}
	for (; i < len && n < sizeof buf - 1; i++) {
		if (isdigit((unsigned char)s[i]))
			digits = 1, buf[n++] = s[i];
		else if (s[i] == '_' && digits)
			continue;
		else if (s[i] == '.' && !dot)
			dot = 1, buf[n++] = s[i];
		else
			break;
	}
	if (!dot || !digits)
		return -1;
	if (i < len) {
		if ((s[i] != 'e' && s[i] != 'E') || i + 2 >= len ||
		    (s[i + 1] != '-' && s[i + 1] != '+'))
			return -1;
		buf[n++] = 'e', buf[n++] = s[i + 1];
		for (i += 2; i < len && n < sizeof buf - 1; i++) {
			if (!isdigit((unsigned char)s[i]))
				return -1;
			buf[n++] = s[i];
		}
		if (!isdigit((unsigned char)buf[n - 1]))
			return -1;
	}
	if (i != len)
		return -1;
	buf[n] = '\0';
	*out = strtod(buf, NULL);
	return 0;
}

/* yyyy-m?m-d?d, optionally followed by a time: PyYAML's timestamp. */
static int
is_timestamp(const char *s, size_t len)
{
	size_t i;

	if (len < 8)
		return 0;
	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	if (s[4] != '-' || !isdigit((unsigned char)s[5]))
		return 0;
	i = isdigit((unsigned char)s[6]) ? 7 : 6;
	if (i >= len || s[i] != '-' || i + 1 >= len || !isdigit((unsigned char)s[i + 1]))
		return 0;
	i += i + 2 < len && isdigit((unsigned char)s[i + 2]) ? 3 : 2;
	return i == len || s[i] == 'T' || s[i] == 't' || s[i] == ' ' || s[i] == '\t';
}

void
ys_resolve(const char *s, size_t len, struct ys_value *v)
{
	v->kind = YS_STR;
	v->boolean = 0;
	v->number = 0;
	if (len > 0 && strchr("~nNtTfFyYoO+-.0123456789", s[0]) == NULL)
		return;   /* the common case: no non-string starts with another letter */
	if (len == 0 || is_one_of(s, len, null_words)) {
		v->kind = YS_NULL;
	} else if (is_one_of(s, len, true_words)) {
		v->kind = YS_BOOL;
		v->boolean = 1;
	} else if (is_one_of(s, len, false_words)) {
		v->kind = YS_BOOL;
	} else if (strchr("+-0123456789.", s[0]) == NULL) {
		return;
	} else if (parse_int(s, len, &v->number) == 0) {
		v->kind = YS_INT;
	} else if (parse_float(s, len, &v->number) == 0) {
		v->kind = YS_FLOAT;
	} else if (is_timestamp(s, len)) {
		v->kind = YS_TIMESTAMP;
	}
}

int
ys_needs_quotes(const char *s)
{
	struct ys_value v;
	char *end;
	size_t len;

	/* The common case, answered before any length: a first character that
	 * starts no non-string (ys_resolve's own first test), no "<<" or "=",
	 * and no number. */
	if (s[0] != '\0' && strchr("~nNtTfFyYoO+-.0123456789<=", s[0]) == NULL)
		return 0;
	len = strlen(s);
	ys_resolve(s, len, &v);
	if (v.kind != YS_STR)
		return 1;
	if (len == 0 || strcmp(s, "<<") == 0 || strcmp(s, "=") == 0)
		return 1;
	/* YAML 1.2 readers also take 1e5, 0o17, .5e3 and the like as numbers. */
	if (strchr("+-0123456789.", s[0]) != NULL) {
		(void)strtod(s, &end);
		if (*end == '\0' || strncmp(s, "0o", 2) == 0)
			return 1;
	}
	return 0;
}
