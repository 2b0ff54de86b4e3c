/* jsonwrite.c — JSON text out of cJSON, in jq's layout (cJSON's own uses tabs).
 * Output goes through a local buffer: stdio's per-call locking costs more than
 * the formatting on multi-megabyte documents. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonwrite.h"

struct out {
	FILE *f;
	size_t len;
	char buf[1 << 16];
};

/* Integers are most numbers in configs; printf's float path is slow. */
static void
format_integer(long long v, char *buf)
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

/* The powers of ten a double holds exactly. */
static const double exact_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* m / 10^k in fixed notation, as %g writes it: "30.5", "-0.001". */
static void
format_fixed(int negative, unsigned long long m, int k, char *buf)
{
	char digits[24];
	int n, point;

	while (k > 0 && m % 10 == 0)
		m /= 10, k--;
	format_integer((long long)m, digits);
	n = (int)strlen(digits);
	if (negative)
		*buf++ = '-';
	if (n <= k) {
		*buf++ = '0';
		*buf++ = '.';
		memset(buf, '0', (size_t)(k - n));
		buf += k - n;
		memcpy(buf, digits, (size_t)n + 1);
		return;
	}
	point = n - k;
	memcpy(buf, digits, (size_t)point);
	buf[point] = '.';
	memcpy(buf + point + 1, digits + point, (size_t)k + 1);
}

/* Most non-integers in configs are short decimals (30.5, 0.25), where the
 * %.15g-then-strtod path below costs thousands of instructions. When
 * |d| = m / 10^k exactly as a double divides (m < 10^15, so m and 10^k are
 * exact and the quotient is rounded once, as strtod rounds the text "m e-k"),
 * that text reads back as d; and being within half an ulp of d, which is
 * finer than half a step of 15 significant digits, it is also d rounded to
 * 15 digits: what %.15g prints, once its trailing zeros go. Returns 0 (and
 * leaves the general path to decide) for anything else, and for a number
 * %g would write with an exponent (below 1e-4; at 1e15 and above no m fits). */
static int
format_short_decimal(double d, char *buf)
{
	double a = fabs(d), m;
	int k, n;

	if (!(a >= 1e-4 && a < 1e15))
		return 0;
	for (k = 1; k <= 19; k++) {
		m = a * exact_pow10[k];
		if (m >= 1e15)
			return 0;
		m = (double)(long long)(m + 0.5);
		if (m / exact_pow10[k] != a)
			continue;
		for (n = 0; (unsigned long long)m >= (unsigned long long)exact_pow10[n + 1]; n++)
			;
		/* n + 1 digits: %g goes to an exponent below 1e-4. */
		if (k - (n + 1) > 3)
			return 0;
		format_fixed(d < 0, (unsigned long long)m, k, buf);
		return 1;
	}
	return 0;
}

void
fg_fmt_number(double d, char *buf, size_t size)
{
	int prec;

	if (!isfinite(d)) {
		snprintf(buf, size, "null");
		return;
	}
	if (d == floor(d) && fabs(d) < 1e16 && size >= 24) {
		format_integer((long long)d, buf);
		return;
	}
	if (size >= 24 && format_short_decimal(d, buf))
		return;
	for (prec = 15; prec < 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
	snprintf(buf, size, "%.17g", d);
}

static void
flush(struct out *o)
{
	fwrite(o->buf, 1, o->len, o->f);
	o->len = 0;
}

static void
put(struct out *o, const char *s, size_t n)
{
	if (n > sizeof o->buf - o->len) {
		flush(o);
		if (n > sizeof o->buf) {
			fwrite(s, 1, n, o->f);
			return;
		}
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
putch(struct out *o, char ch)
{
	if (o->len == sizeof o->buf)
		flush(o);
	o->buf[o->len++] = ch;
}

static void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void
write_string(struct out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;
	char esc[7];

	putch(o, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		put(o, run, (size_t)(s - run));
		run = s + 1;
		switch (ch) {
		case '"': puts_(o, "\\\""); break;
		case '\\': puts_(o, "\\\\"); break;
		case '\n': puts_(o, "\\n"); break;
		case '\t': puts_(o, "\\t"); break;
		case '\r': puts_(o, "\\r"); break;
		case '\b': puts_(o, "\\b"); break;
		case '\f': puts_(o, "\\f"); break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[ch >> 4];
			esc[5] = hex[ch & 15];
			put(o, esc, 6);
			break;
		}
	}
	put(o, run, (size_t)(s - run));
	putch(o, '"');
}

static void
indent(struct out *o, int pretty, int level)
{
	if (!pretty)
		return;
	putch(o, '\n');
	while (level-- > 0)
		put(o, "  ", 2);
}

static void
write_node(struct out *o, const cJSON *n, int pretty, int level)
{
	char num[64];
	const cJSON *ch;
	int is_obj = cJSON_IsObject(n);

	if (cJSON_IsString(n)) {
		write_string(o, n->valuestring);
	} else if (cJSON_IsNumber(n)) {
		fg_fmt_number(n->valuedouble, num, sizeof num);
		puts_(o, num);
	} else if (cJSON_IsBool(n)) {
		puts_(o, cJSON_IsTrue(n) ? "true" : "false");
	} else if (is_obj || cJSON_IsArray(n)) {
		putch(o, is_obj ? '{' : '[');
		for (ch = n->child; ch; ch = ch->next) {
			indent(o, pretty, level + 1);
			if (is_obj) {
				write_string(o, ch->string);
				put(o, ": ", pretty ? 2 : 1);
			}
			write_node(o, ch, pretty, level + 1);
			if (ch->next)
				putch(o, ',');
		}
		if (n->child)
			indent(o, pretty, level);
		putch(o, is_obj ? '}' : ']');
	} else {
		puts_(o, "null");
	}
}

int
fg_json_write(FILE *f, const cJSON *node, int pretty)
{
	struct out *o = malloc(sizeof *o);

	if (o == NULL)
		return -1;
	o->f = f;
	o->len = 0;
	write_node(o, node, pretty, 0);
	putch(o, '\n');
	flush(o);
	free(o);
	return ferror(f) ? -1 : 0;
}
