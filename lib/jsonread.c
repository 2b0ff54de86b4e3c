/* jsonread.c — JSON text to cJSON in one pass. What the tools pass each other
 * is JSON: checking it as it is read (keys, depth, numbers, UTF-8) instead of
 * after cJSON's parse, and leaving strings in the text they came in, is most
 * of a stage's time saved. It reads what cJSON read, so the same text means
 * the same tree as before (cJSON's leniencies included: any byte from 1 to 32
 * as white space, raw control bytes in strings, 01 and 1. as numbers); text
 * it does not read goes back to the caller untouched, for the YAML path to
 * load or to place its error. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "jsonread.h"
#include "keyindex.h"
#include "yamljson.h"

struct jr {
	char *base, *p, *end;    /* the text, the next byte, the end of what is here */
	struct fg_stream *s;
	int in_place;
	size_t restore_to;       /* in place: the '\0's before this offset were '"' */
	size_t nodes;
	const char *name;
	struct fg_err *e;
	enum jr_status status;
	const char *stop;
	const char *bad_utf8;    /* the first byte of ill-formed UTF-8 */
	int late;                /* e holds an error to report if this is JSON */
};

/* cJSON never stopped at what the tools refuse in JSON (a duplicate key, a
 * number out of range, depth): they were found after the parse, and text
 * that is not JSON in the end still went to the YAML path. So they wait for
 * the end of the text too. */
#define CJSON_DEPTH 1000

/* Bytes a string may hold unescaped and in ASCII: the scan's fast path. */
static unsigned char plain[256];

static void
init_plain(void)
{
	int c;

	for (c = 0x20; c < 0x80; c++)
		plain[c] = c != '"' && c != '\\';
}

/* ---- the text ---- */

/* More text: 1 when some arrived, 0 at its end, -1 after a read error. */
static int
fill(struct jr *j)
{
	int r;

	if (j->s == NULL)
		return 0;
	if ((r = fg_stream_more(j->s, j->e)) > 0)
		j->end = j->base + j->s->len;
	return r;
}

/* The byte k past j->p, reading more when it has not arrived yet: -1 past
 * the end of the text, -2 after a read error. */
static inline int
at(struct jr *j, size_t k)
{
	int r;

	while ((size_t)(j->end - j->p) <= k)
		if ((r = fill(j)) <= 0)
			return r == 0 ? -1 : -2;
	return (unsigned char)j->p[k];
}

/* The next byte that is not white space, not consumed. White space is any
 * byte from 1 to 32, as cJSON has it (a NUL is refused, by the YAML path). */
static int
next(struct jr *j)
{
	int r;

	for (;;) {
		for (; j->p < j->end; j->p++)
			if ((unsigned char)(*j->p - 1) >= ' ')
				return (unsigned char)*j->p;
		if ((r = fill(j)) <= 0)
			return r == 0 ? -1 : -2;
	}
}

/* ---- outcomes ---- */

/* Not JSON at j->p + k; c < -1 is a read error instead. Returns NULL. */
static void *
not_json(struct jr *j, size_t k, int c)
{
	if (c == -2) {
		j->status = JR_FAILED;
	} else if (j->status == JR_OK) {
		j->status = JR_NOT_JSON;
		j->stop = j->p + k;
	}
	return NULL;
}

/* A read error (e is set). */
static void *
failed(struct jr *j)
{
	j->status = JR_FAILED;
	return NULL;
}

static void *
oom(struct jr *j)
{
	fg_err_set(j->e, FG_ERUNTIME, "%s: out of memory", j->name);
	j->status = JR_FAILED;
	return NULL;
}

/* An error that holds only if the text turns out to be JSON; the first wins. */
static void __attribute__((format(printf, 2, 3)))
late(struct jr *j, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	if (j->late)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	fg_err_set(j->e, FG_EUSAGE, "%s: %s", j->name, what);
	j->late = 1;
}

/* ---- nodes ---- */

static cJSON *
new_node(struct jr *j, int type)
{
	cJSON *n;

	if (++j->nodes > YJ_MAX_NODES) {
		fg_err_set(j->e, FG_EUSAGE, "%s: document exceeds %u nodes", j->name, YJ_MAX_NODES);
		j->status = JR_FAILED;
		return NULL;
	}
	if ((n = cJSON_malloc(sizeof *n)) == NULL)
		return oom(j);
	memset(n, 0, sizeof *n);
	n->type = type;
	return n;
}

/* ---- strings ---- */

/* The length of the well-formed UTF-8 sequence k past j->p (2 to 4), 0 when
 * it is ill-formed, -2 after a read error. The ranges of the second byte
 * rule out overlong forms, surrogates and code points past U+10FFFF. */
static int
utf8_sequence(struct jr *j, size_t k)
{
	int c = at(j, k), lo = 0x80, hi = 0xbf, n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	for (i = 1; i < n; i++) {
		if ((c = at(j, k + (size_t)i)) == -2)
			return -2;
		if (c < lo || c > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

static int
hex4(const char *s)
{
	int v = 0, i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v * 16 + c;
	}
	return v;
}

static char *
put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* The escape at s (a backslash) written to *o: returns the bytes it took,
 * 0 when it is not a JSON escape, or one YAML must place ("\u0000"). */
static size_t
unescape(const char *s, const char *end, char **o)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *f;
	int hi, lo;

	if (s[1] != 'u') {
		if ((f = strchr(from, s[1])) == NULL || s[1] == '\0')
			return 0;
		*(*o)++ = to[f - from];
		return 2;
	}
	if (end - s < 6 || (hi = hex4(s + 2)) <= 0 || (hi >= 0xdc00 && hi <= 0xdfff))
		return 0;
	if (hi < 0xd800 || hi > 0xdbff) {
		*o = put_utf8(*o, (unsigned)hi);
		return 6;
	}
	/* A high surrogate must come with a low one. */
	if (end - s < 12 || s[6] != '\\' || s[7] != 'u' || (lo = hex4(s + 8)) < 0xdc00 ||
	    lo > 0xdfff)
		return 0;
	*o = put_utf8(*o, 0x10000 + (((unsigned)hi - 0xd800) << 10) + ((unsigned)lo - 0xdc00));
	return 12;
}

/* The n bytes at s, escapes decoded, in a string cJSON may own; keys go
 * through fg_json_key, which shares one copy of each among the nodes. */
static char *
decode(struct jr *j, const char *s, size_t n, int escaped, int is_key)
{
	const char *end = s + n;
	char *out, *o;
	size_t used;

	if (!escaped) {
		out = is_key ? fg_json_key(s, n) : fg_json_strndup(s, n);
		return out != NULL ? out : oom(j);
	}
	if ((out = cJSON_malloc(n + 1)) == NULL)
		return oom(j);
	for (o = out; s < end; ) {
		if (*s != '\\') {
			*o++ = *s++;
		} else if ((used = unescape(s, end, &o)) > 0) {
			s += used;
		} else {
			cJSON_free(out);
			return not_json(j, (size_t)(s - j->p), 0);
		}
	}
	*o = '\0';
	return out;
}

/* The string whose opening quote is at j->p, consumed. In place, a string
 * without escapes stays in the text: its closing quote becomes its '\0'. */
static char *
string(struct jr *j, int is_key)
{
	size_t k = 1;
	int c, escaped = 0, n;
	char *s;

	for (;;) {
		while (j->p + k < j->end && plain[(unsigned char)j->p[k]])
			k++;
		if ((c = at(j, k)) == '"')
			break;
		if (c >= 0 && plain[c]) {
			continue;    /* more of the text arrived */
		} else if (c == '\\') {
			escaped = 1;
			if ((c = at(j, k + 1)) < 0)
				return not_json(j, k, c);
			k += 2;
		} else if (c > 0 && c < 0x20) {
			k++;    /* a raw control byte: cJSON took them, and so do the tools */
		} else if (c < 0x80) {
			/* The text's end, or a NUL. */
			return not_json(j, k, c);
		} else if ((n = utf8_sequence(j, k)) == -2) {
			return not_json(j, k, -2);
		} else if (n == 0) {
			/* Reported after the rest is checked, as cJSON's callers did. */
			if (j->bad_utf8 == NULL)
				j->bad_utf8 = j->p + k;
			k++;
		} else {
			k += (size_t)n;
		}
	}
	s = j->p + 1;
	if (j->in_place && !escaped) {
		s[k - 1] = '\0';
		j->restore_to = (size_t)(s + k - j->base);
	} else if ((s = decode(j, s, k - 1, escaped, is_key)) == NULL) {
		return NULL;
	}
	j->p += k + 1;
	return s;
}

/* ---- numbers ---- */

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The bytes cJSON took into a number before strtod had its say. */
static int
in_number(int c)
{
	return is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/* cJSON's own number node: the double, and valueint saturated as it does. */
static cJSON *
number_node(struct jr *j, double d)
{
	cJSON *n;

	if (!isfinite(d))
		late(j, "a number out of range has no JSON representation");
	if ((n = new_node(j, cJSON_Number)) == NULL)
		return NULL;
	n->valuedouble = d;
	n->valueint = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
	return n;
}

/* A number as cJSON reads one, which the tools have always taken: the run of
 * bytes that may be in a number (at most 63), as far as strtod reads it, so
 * 01 is 1 and 1. is 1 (YAML would say 1 and "1."). */
static cJSON *
number(struct jr *j)
{
	char text[64];
	size_t k, n;
	uint64_t v = 0;
	int c, neg = at(j, 0) == '-';
	char *stop;
	double d;

	/* The common case, an integer of up to 15 digits, which a double holds
	 * exactly: strtod would say the same. */
	for (k = (size_t)neg; is_digit(c = at(j, k)); k++)
		v = v * 10 + (uint64_t)(c - '0');
	n = k - (size_t)neg;
	if (c == -2)
		return failed(j);
	if (n >= 1 && n <= 15 && !in_number(c)) {
		j->p += k;
		return number_node(j, neg ? -(double)v : (double)v);
	}
	for (k = 0; k < sizeof text - 1 && in_number(c = at(j, k)); k++)
		text[k] = (char)c;
	if (c == -2)
		return failed(j);
	text[k] = '\0';
	d = strtod(text, &stop);
	if (stop == text)
		return not_json(j, 0, 0);
	j->p += stop - text;
	return number_node(j, d);
}

/* ---- the rest ---- */

static cJSON *value(struct jr *j, int depth);

static cJSON *
literal(struct jr *j, const char *word, int type)
{
	size_t n = strlen(word), i;
	int c;

	for (i = 0; i < n; i++)
		if ((c = at(j, i)) != word[i])
			return not_json(j, i, c);
	j->p += n;
	return new_node(j, type);
}

static cJSON *
container(struct jr *j, int type, int depth)
{
	if (depth > CJSON_DEPTH)
		return not_json(j, 0, 0);
	if (depth > YJ_MAX_DEPTH)
		late(j, "nesting deeper than %d levels", YJ_MAX_DEPTH);
	j->p++;
	return new_node(j, type);
}

static cJSON *
array(struct jr *j, int depth)
{
	cJSON *arr, *last = NULL, *item;
	int c;

	if ((arr = container(j, cJSON_Array, depth)) == NULL)
		return NULL;
	if ((c = next(j)) == ']') {
		j->p++;
		return arr;
	}
	for (;;) {
		if ((item = value(j, depth)) == NULL)
			break;
		fg_json_append(arr, &last, item);
		if ((c = next(j)) == ']') {
			j->p++;
			return arr;
		}
		if (c != ',') {
			not_json(j, 0, c);
			break;
		}
		j->p++;
	}
	cJSON_Delete(arr);
	return NULL;
}

/* One member: its key, ':', its value. */
static cJSON *
member(struct jr *j, int depth)
{
	char *key;
	cJSON *item;
	int c;

	if ((c = next(j)) != '"')
		return not_json(j, 0, c);
	if ((key = string(j, 1)) == NULL)
		return NULL;
	if ((c = next(j)) != ':') {
		if (!j->in_place)
			cJSON_free(key);
		return not_json(j, 0, c);
	}
	j->p++;
	if ((item = value(j, depth)) == NULL) {
		if (!j->in_place)
			cJSON_free(key);
		return NULL;
	}
	item->string = key;
	return item;
}

/* Duplicate keys, looked for once the object is whole: in one table sized
 * for all its members, not one grown and rehashed as they come. */
static int
check_keys(struct jr *j, cJSON *obj)
{
	struct keyindex keys;
	const cJSON *dup = NULL;
	int rc = keyindex_init(&keys, obj, &dup);

	keyindex_free(&keys);
	if (rc < 0) {
		oom(j);
		return -1;
	}
	if (rc > 0)
		late(j, "duplicate key '%s'", dup->string);
	return 0;
}

static cJSON *
object(struct jr *j, int depth)
{
	cJSON *obj, *last = NULL, *item;
	int c;

	if ((obj = container(j, cJSON_Object, depth)) == NULL)
		return NULL;
	if ((c = next(j)) == '}') {
		j->p++;
		return obj;
	}
	for (;;) {
		if ((item = member(j, depth)) == NULL)
			break;
		fg_json_append(obj, &last, item);
		if ((c = next(j)) == '}') {
			j->p++;
			if (check_keys(j, obj) != 0)
				break;
			return obj;
		}
		if (c != ',') {
			not_json(j, 0, c);
			break;
		}
		j->p++;
	}
	cJSON_Delete(obj);
	return NULL;
}

static cJSON *
value(struct jr *j, int depth)
{
	char *s;
	cJSON *n;
	int c = next(j);

	switch (c) {
	case '{':
		return object(j, depth + 1);
	case '[':
		return array(j, depth + 1);
	case '"':
		if ((s = string(j, 0)) == NULL)
			return NULL;
		if ((n = new_node(j, cJSON_String)) == NULL) {
			if (!j->in_place)
				cJSON_free(s);
			return NULL;
		}
		n->valuestring = s;
		return n;
	case 't':
		return literal(j, "true", cJSON_True);
	case 'f':
		return literal(j, "false", cJSON_False);
	case 'n':
		return literal(j, "null", cJSON_NULL);
	default:
		if (c == '-' || is_digit(c))
			return number(j);
		return not_json(j, 0, c);
	}
}

/* After the value: blanks (isspace, as the loader skips before it) to the end. */
static int
rest_is_blank(struct jr *j)
{
	int c;

	while ((c = at(j, 0)) == ' ' || (c >= '\t' && c <= '\r'))
		j->p++;
	if (c == -1)
		return 1;
	not_json(j, 0, c);
	return 0;
}

/* Puts back the quotes that ended strings left in place. */
static void
restore(struct jr *j)
{
	char *p = j->base, *end = j->base + j->restore_to;

	while (p < end && (p = memchr(p, '\0', (size_t)(end - p))) != NULL)
		*p++ = '"';
}

enum jr_status
jr_parse(struct jr_text *t, size_t start, const char *name, cJSON **root, size_t *stop,
    struct fg_err *e)
{
	struct jr j;
	cJSON *tree;

	if (plain['a'] == 0)
		init_plain();
	memset(&j, 0, sizeof j);
	j.base = t->s ? t->s->buf : t->buf;
	j.p = j.base + start;
	j.end = j.base + (t->s ? t->s->len : t->len);
	j.s = t->s;
	j.in_place = t->in_place;
	j.name = name;
	j.e = e;
	j.status = JR_OK;
	*root = NULL;
	tree = value(&j, 0);
	if (tree != NULL && rest_is_blank(&j)) {
		if (j.late) {
			j.status = JR_FAILED;
		} else if (j.bad_utf8 != NULL) {
			/* libyaml refuses it, and says where. */
			j.status = JR_NOT_JSON;
			j.stop = j.bad_utf8;
		} else {
			*root = tree;
			return JR_OK;
		}
	}
	fg_json_drop(tree);
	if (j.status == JR_NOT_JSON) {
		restore(&j);
		*stop = (size_t)(j.stop - j.base);
	}
	return j.status;
}

cJSON *
jr_parse_outside(const char *text, size_t len, const char *name, struct fg_err *e)
{
	struct jr_text t = { (char *)text, len, NULL, 0 };
	cJSON *root = NULL;
	size_t i = 0, stop = 0;

	while (i < len && strchr(" \t\r\n", text[i]) != NULL && text[i] != '\0')
		i++;
	if (i == len || (text[i] != '{' && text[i] != '[')) {
		fg_err_set(e, FG_ERUNTIME, "%s: not a JSON object or array", name);
		return NULL;
	}
	switch (jr_parse(&t, i, name, &root, &stop, e)) {
	case JR_OK:
		return root;
	case JR_NOT_JSON:
		fg_err_set(e, FG_ERUNTIME, "%s: not JSON at byte %zu", name, stop);
		return NULL;
	case JR_FAILED:
		/* Not the user's mistake: what came from outside was bad. */
		e->code = FG_ERUNTIME;
		break;
	}
	return NULL;
}
