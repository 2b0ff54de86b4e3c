/* toml.c — the scanner of toml.h: statements, table headers and value spans
 * of TOML 1.0, found without building a tree. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toml.h"

#define MAX_NEST 64

struct scan {
	const char *s;
	size_t len, i;
	int line;
	char *err;
	size_t errsz;
	int failed;
};

static int
fail(struct scan *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
fail(struct scan *sc, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (sc->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(sc->err, sc->errsz, "line %d: %s", sc->line, what);
	sc->failed = 1;
	return -1;
}

static int
at_end(const struct scan *sc)
{
	return sc->i >= sc->len;
}

static char
peek(const struct scan *sc, size_t ahead)
{
	return sc->i + ahead < sc->len ? sc->s[sc->i + ahead] : '\0';
}

static void
skip_blank(struct scan *sc)
{
	while (!at_end(sc) && (peek(sc, 0) == ' ' || peek(sc, 0) == '\t'))
		sc->i++;
}

static void
skip_comment(struct scan *sc)
{
	if (peek(sc, 0) != '#')
		return;
	while (!at_end(sc) && peek(sc, 0) != '\n')
		sc->i++;
}

/* A line ending (LF or CRLF); 1 when one was consumed. */
static int
eat_eol(struct scan *sc)
{
	if (peek(sc, 0) == '\r' && peek(sc, 1) == '\n')
		sc->i++;
	if (peek(sc, 0) != '\n')
		return 0;
	sc->i++;
	sc->line++;
	return 1;
}

/* White space, comments and line endings, inside an array or inline table. */
static void
skip_space_lines(struct scan *sc)
{
	for (;;) {
		skip_blank(sc);
		skip_comment(sc);
		if (!eat_eol(sc))
			return;
	}
}

/* The end of the statement: blanks, a comment, then a line ending or EOF. */
static int
end_statement(struct scan *sc)
{
	skip_blank(sc);
	skip_comment(sc);
	if (at_end(sc) || eat_eol(sc))
		return 0;
	return fail(sc, "unexpected '%c' after a value", peek(sc, 0));
}

static int
is_bare(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '-';
}

/* Decoded string text: bytes past the room are dropped and counted, so a
 * long string still scans; only its decoding is lost. */
struct sbuf {
	char *out;
	size_t n, size;
	int over;
};

static void
put(struct sbuf *b, char c)
{
	if (b->n + 1 < b->size)
		b->out[b->n++] = c;
	else
		b->over = 1;
}

/* Appends the UTF-8 of code point cp. */
static int
put_utf8(struct sbuf *b, unsigned long cp)
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
		return -1;
	if (cp < 0x80) {
		put(b, (char)cp);
	} else if (cp < 0x800) {
		put(b, (char)(0xC0 | (cp >> 6)));
		put(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		put(b, (char)(0xE0 | (cp >> 12)));
		put(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		put(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		put(b, (char)(0xF0 | (cp >> 18)));
		put(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		put(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		put(b, (char)(0x80 | (cp & 0x3F)));
	}
	return 0;
}

static int
hex_value(const struct scan *sc, size_t at, int digits, unsigned long *cp)
{
	int i;
	char c;

	*cp = 0;
	for (i = 0; i < digits; i++) {
		c = peek(sc, at + (size_t)i);
		*cp <<= 4;
		if (c >= '0' && c <= '9')
			*cp |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*cp |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*cp |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* One escape of a basic string, sc->i at the backslash. */
static int
escape(struct scan *sc, struct sbuf *b)
{
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	char c = peek(sc, 1);
	const char *p = c != '\0' ? strchr(from, c) : NULL;
	unsigned long cp;
	int digits = c == 'u' ? 4 : c == 'U' ? 8 : 0;

	if (p != NULL) {
		put(b, to[p - from]);
		sc->i += 2;
		return 0;
	}
	if (digits == 0 || hex_value(sc, 2, digits, &cp) != 0 || put_utf8(b, cp) != 0)
		return fail(sc, "a bad escape in a string");
	sc->i += 2 + (size_t)digits;
	return 0;
}

/* A one-line string, sc->i at its quote; its decoded text into out.
 * Returns 0, 1 when the text did not fit in out (cut short), or -1. */
static int
one_line_string(struct scan *sc, char *out, size_t size)
{
	char q = peek(sc, 0), c;
	struct sbuf b = { out, 0, size, 0 };

	sc->i++;
	for (;;) {
		c = peek(sc, 0);
		if (at_end(sc) || c == '\n' || c == '\r')
			return fail(sc, "a string is not closed on its line");
		if (c == q) {
			sc->i++;
			out[b.n] = '\0';
			return b.over;
		}
		if (c == '\\' && q == '"') {
			if (escape(sc, &b) != 0)
				return -1;
			continue;
		}
		put(&b, c);
		sc->i++;
	}
}

/* A multi-line string ("""...""" or '''...'''), sc->i at its first quote. */
static int
multi_line_string(struct scan *sc)
{
	char q = peek(sc, 0);

	sc->i += 3;
	while (!at_end(sc)) {
		if (q == '"' && peek(sc, 0) == '\\') {
			if (peek(sc, 1) == '\n')
				sc->line++;
			sc->i += 2;
			continue;
		}
		if (peek(sc, 0) == q && peek(sc, 1) == q && peek(sc, 2) == q) {
			sc->i += 3;
			/* Up to two more quotes belong to the content. */
			if (peek(sc, 0) == q)
				sc->i++;
			if (peek(sc, 0) == q)
				sc->i++;
			return 0;
		}
		if (peek(sc, 0) == '\n')
			sc->line++;
		sc->i++;
	}
	return fail(sc, "a multi-line string is not closed");
}

/* A key (bare, quoted, dotted) into out, parts joined by TOML_SEP. */
static int
key(struct scan *sc, char *out, size_t size)
{
	char part[TOML_KEY_MAX];
	size_t n = 0, k;

	for (;;) {
		skip_blank(sc);
		if (peek(sc, 0) == '"' || peek(sc, 0) == '\'') {
			if (peek(sc, 1) == peek(sc, 0) && peek(sc, 2) == peek(sc, 0))
				return fail(sc, "a multi-line string cannot be a key");
			int r = one_line_string(sc, part, sizeof part);

			if (r < 0)
				return -1;
			if (r > 0)
				return fail(sc, "a key is too long");
		} else {
			for (k = 0; !at_end(sc) && is_bare(peek(sc, 0)); k++) {
				if (k + 1 >= sizeof part)
					return fail(sc, "a key is too long");
				part[k] = sc->s[sc->i++];
			}
			part[k] = '\0';
			if (k == 0)
				return fail(sc, "a key is expected");
		}
		k = strlen(part);
		if (n + k + 2 > size)
			return fail(sc, "a key is too long");
		if (n > 0)
			out[n++] = TOML_SEP;
		memcpy(out + n, part, k);
		n += k;
		out[n] = '\0';
		skip_blank(sc);
		if (peek(sc, 0) != '.')
			return 0;
		sc->i++;
	}
}

static int value(struct scan *sc, int depth, enum toml_kind *kind, char *str, size_t size);

/* An array ([a, b]) or an inline table ({k = a, ...}), sc->i at its opening
 * bracket: its members (each "key =" first in a table), separated by
 * commas, up to the closing one. */
static int
collection(struct scan *sc, int depth, char close)
{
	enum toml_kind k;
	char name[TOML_KEY_MAX], scratch[TOML_KEY_MAX];
	const char *what = close == ']' ? "an array" : "an inline table";

	sc->i++;
	for (;;) {
		skip_space_lines(sc);
		if (peek(sc, 0) == close) {
			sc->i++;
			return 0;
		}
		if (close == '}') {
			if (key(sc, name, sizeof name) != 0)
				return -1;
			if (peek(sc, 0) != '=')
				return fail(sc, "'=' is expected after the key in an inline table");
			sc->i++;
			skip_blank(sc);
		}
		if (value(sc, depth + 1, &k, scratch, sizeof scratch) != 0)
			return -1;
		skip_space_lines(sc);
		if (peek(sc, 0) == ',') {
			sc->i++;
			continue;
		}
		if (peek(sc, 0) == close) {
			sc->i++;
			return 0;
		}
		return fail(sc, "%s is not closed", what);
	}
}

/* A value at sc->i: its kind, and for a one-line string its decoded text. */
static int
value(struct scan *sc, int depth, enum toml_kind *kind, char *str, size_t size)
{
	char c = peek(sc, 0);
	size_t start = sc->i;

	str[0] = '\0';
	if (depth > MAX_NEST)
		return fail(sc, "values nest deeper than %d", MAX_NEST);
	if ((c == '"' || c == '\'') && peek(sc, 1) == c && peek(sc, 2) == c) {
		*kind = TOML_MLSTRING;
		return multi_line_string(sc);
	}
	if (c == '"' || c == '\'') {
		int r = one_line_string(sc, str, size);

		*kind = TOML_STRING;
		/* A string too long to decode here is still a string: its bytes
		 * stand, its text reads as absent (toml_kv.str NULL). */
		if (r > 0)
			*kind = TOML_LONGSTRING;
		return r < 0 ? -1 : 0;
	}
	if (c == '[') {
		*kind = TOML_ARRAY;
		return collection(sc, depth, ']');
	}
	if (c == '{') {
		*kind = TOML_INLINE_TABLE;
		return collection(sc, depth, '}');
	}
	*kind = TOML_OTHER;
	while (!at_end(sc) && strchr(" \t\r\n#,]}", peek(sc, 0)) == NULL)
		sc->i++;
	/* A date and time may hold one space: 1979-05-27 07:32:00. */
	if (peek(sc, 0) == ' ' && sc->i - start == 10 && peek(sc, 1) >= '0' && peek(sc, 1) <= '9') {
		sc->i++;
		while (!at_end(sc) && strchr(" \t\r\n#,]}", peek(sc, 0)) == NULL)
			sc->i++;
	}
	if (sc->i == start)
		return fail(sc, "a value is expected");
	return 0;
}

static int
grow(void **v, size_t n, size_t *cap, size_t each)
{
	void *p;

	if (n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 16;
	if ((p = realloc(*v, *cap * each)) == NULL)
		return -1;
	*v = p;
	return 0;
}

static int
header(struct scan *sc, struct toml_doc *d, size_t *cap)
{
	struct toml_table *t;
	size_t start = sc->i;

	if (grow((void **)&d->tab, d->ntab, cap, sizeof *d->tab) != 0)
		return fail(sc, "out of memory");
	t = &d->tab[d->ntab];
	memset(t, 0, sizeof *t);
	t->array = peek(sc, 1) == '[';
	sc->i += t->array ? 2 : 1;
	if (key(sc, t->name, sizeof t->name) != 0)
		return -1;
	if (peek(sc, 0) != ']' || (t->array && peek(sc, 1) != ']'))
		return fail(sc, "a table header is not closed");
	sc->i += t->array ? 2 : 1;
	t->start = start;
	t->lineno = sc->line;
	if (end_statement(sc) != 0)
		return -1;
	t->body = t->last = sc->i;
	d->ntab++;
	return 0;
}

static int
key_value(struct scan *sc, struct toml_doc *d, size_t *cap, size_t line_start)
{
	struct toml_kv *kv;
	char str[4096];

	if (grow((void **)&d->kv, d->nkv, cap, sizeof *d->kv) != 0)
		return fail(sc, "out of memory");
	kv = &d->kv[d->nkv];
	memset(kv, 0, sizeof *kv);
	kv->table = (int)d->ntab - 1;
	kv->line = line_start;
	kv->lineno = sc->line;
	if (key(sc, kv->key, sizeof kv->key) != 0)
		return -1;
	if (peek(sc, 0) != '=')
		return fail(sc, "'=' is expected after the key");
	sc->i++;
	skip_blank(sc);
	kv->val = sc->i;
	if (value(sc, 0, &kv->kind, str, sizeof str) != 0)
		return -1;
	kv->val_end = sc->i;
	if (end_statement(sc) != 0)
		return -1;
	kv->end = sc->i;
	if (kv->kind == TOML_STRING && (kv->str = strdup(str)) == NULL)
		return fail(sc, "out of memory");
	d->nkv++;
	if (d->ntab > 0)
		d->tab[d->ntab - 1].last = kv->end;
	return 0;
}

int
toml_scan(const char *text, size_t len, struct toml_doc *d, char *err, size_t errsz)
{
	struct scan sc = { text, len, 0, 1, err, errsz, 0 };
	size_t kvcap = 0, tabcap = 0, line_start;
	const char *nl = memchr(text, '\n', len);

	memset(d, 0, sizeof *d);
	d->text = text;
	d->len = len;
	d->eol = nl != NULL && nl > text && nl[-1] == '\r' ? "\r\n" : "\n";
	/* A UTF-8 byte order mark is allowed before the first statement. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		sc.i = 3;
	while (!at_end(&sc)) {
		line_start = sc.i;
		skip_blank(&sc);
		skip_comment(&sc);
		if (at_end(&sc) || eat_eol(&sc))
			continue;
		if (peek(&sc, 0) == '[' ? header(&sc, d, &tabcap) != 0
		    : key_value(&sc, d, &kvcap, line_start) != 0) {
			toml_free(d);
			return -1;
		}
	}
	return 0;
}

void
toml_free(struct toml_doc *d)
{
	size_t i;

	for (i = 0; i < d->nkv; i++)
		free(d->kv[i].str);
	free(d->kv);
	free(d->tab);
	d->kv = NULL;
	d->tab = NULL;
	d->nkv = d->ntab = 0;
}

void
toml_full_key(const struct toml_doc *d, const struct toml_kv *kv, char *buf, size_t size)
{
	if (kv->table < 0)
		snprintf(buf, size, "%s", kv->key);
	else
		snprintf(buf, size, "%s%c%s", d->tab[kv->table].name, TOML_SEP, kv->key);
}

const struct toml_kv *
toml_find(const struct toml_doc *d, const char *full, int *count)
{
	const struct toml_kv *found = NULL;
	char k[TOML_KEY_MAX * 2 + 2];
	size_t i;

	*count = 0;
	for (i = 0; i < d->nkv; i++) {
		toml_full_key(d, &d->kv[i], k, sizeof k);
		if (strcmp(k, full) == 0) {
			if (found == NULL)
				found = &d->kv[i];
			++*count;
		}
	}
	return found;
}

const struct toml_table *
toml_table(const struct toml_doc *d, const char *name, int *count)
{
	const struct toml_table *found = NULL;
	size_t i;

	*count = 0;
	for (i = 0; i < d->ntab; i++) {
		if (strcmp(d->tab[i].name, name) != 0)
			continue;
		if (found == NULL)
			found = &d->tab[i];
		++*count;
	}
	return found;
}

int
toml_quote(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	const unsigned char *p;
	char esc[8];
	size_t k;

	if (size < 3)
		return -1;
	buf[n++] = '"';
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			snprintf(esc, sizeof esc, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			snprintf(esc, sizeof esc, "\\u%04X", *p);
		else
			snprintf(esc, sizeof esc, "%c", *p);
		k = strlen(esc);
		if (n + k + 2 > size)
			return -1;
		memcpy(buf + n, esc, k);
		n += k;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return (int)n;
}
