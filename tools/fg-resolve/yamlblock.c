/* yamlblock.c — block YAML as libyaml 0.2.5's emitter lays it out with
 * yamlemit.c's settings (indent 2, no width limit, unicode), written straight
 * from the tree: the emitter's per-event copies, queue and state machine were
 * most of fg-resolve's time. It covers every tree whose strings hold no line
 * break and whose keys fit in 128 bytes; libyaml lays out those two by
 * context (multi-line quoted scalars, "? " keys), so such a tree goes to it
 * whole. The state below is the emitter's own, and each function says which
 * of libyaml's it follows; test/props/yaml_writers.c holds the two writers
 * to the same bytes on random trees. */
#include <stdlib.h>
#include <string.h>

#include "yamlblock.h"
#include "yamlemit.h"
#include "yamlscalar.h"
#include "utf8.h"

/* libyaml's simple-key limit: a longer key is written as "? KEY". */
#define MAX_SIMPLE_KEY 128

enum style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED };

struct block {
	FILE *f;
	int indent;       /* -1 outside the root node */
	int column;       /* of indents and indicators; a scalar's text is not
	                   * counted, as libyaml's only use of it, write_indent
	                   * after a scalar, breaks the line whatever it is */
	int whitespace;   /* the last thing written was whitespace */
	int indention;    /* nothing but indentation on this line yet */
	int failed;       /* a write to f failed */
	size_t len;
	char buf[1 << 16];
};

/* A line break as libyaml counts them: CR, LF, NEL, LS, PS. */
static int
is_break(const unsigned char *p)
{
	return p[0] == '\r' || p[0] == '\n' || (p[0] == 0xc2 && p[1] == 0x85) ||
	    (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9));
}

/* The non-ASCII part of a string: UTF-8, and a multi-byte break? */
static enum yb_fit
fit_unicode(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	if (!fg_utf8_valid_len(s, len))
		return YB_NOT_UTF8;
	for (; p < end; p++)
		if (*p >= 0x80 && is_break(p))
			return YB_LIBYAML;
	return YB_FITS;
}

static enum yb_fit
fit_string(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	int ascii = 1;

	for (; *p; p++) {
		if (*p >= 0x0e && *p < 0x80)
			continue;
		if (*p == '\n' || *p == '\r')
			return YB_LIBYAML;
		ascii &= *p < 0x80;
	}
	if ((size_t)(p - (const unsigned char *)s) > max)
		return YB_LIBYAML;
	return ascii ? YB_FITS : fit_unicode(s, (size_t)(p - (const unsigned char *)s));
}

enum yb_fit
yaml_block_fit(const cJSON *n)
{
	const cJSON *ch;
	enum yb_fit fit;
	int object = (n->type & 0xff) == cJSON_Object;

	if ((n->type & 0xff) == cJSON_String)
		return fit_string(n->valuestring, (size_t)-1);
	for (ch = n->child; ch; ch = ch->next) {
		if (object && (fit = fit_string(ch->string, MAX_SIMPLE_KEY)) != YB_FITS)
			return fit;
		if ((fit = yaml_block_fit(ch)) != YB_FITS)
			return fit;
	}
	return YB_FITS;
}

static void
flush(struct block *b)
{
	if (b->len > 0 && fwrite(b->buf, 1, b->len, b->f) != b->len)
		b->failed = 1;
	b->len = 0;
}

/* Bytes out; the caller keeps the column. */
static void
put(struct block *b, const char *s, size_t n)
{
	if (n > sizeof b->buf - b->len) {
		flush(b);
		if (n > sizeof b->buf) {
			if (fwrite(s, 1, n, b->f) != n)
				b->failed = 1;
			return;
		}
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
}

static void
putch(struct block *b, char ch)
{
	if (b->len == sizeof b->buf)
		flush(b);
	b->buf[b->len++] = ch;
}

/* yaml_emitter_write_indent */
static void
write_indent(struct block *b)
{
	static const char spaces[] = "                                ";
	int indent = b->indent >= 0 ? b->indent : 0, n;

	if (!b->indention || b->column > indent || (b->column == indent && !b->whitespace)) {
		putch(b, '\n');
		b->column = 0;
	}
	while (b->column < indent) {
		n = indent - b->column < (int)sizeof spaces - 1 ? indent - b->column : (int)sizeof spaces - 1;
		put(b, spaces, (size_t)n);
		b->column += n;
	}
	b->whitespace = 1;
	b->indention = 1;
}

/* yaml_emitter_write_indicator, for the one-character indicators. */
static void
write_indicator(struct block *b, char ch, int need_whitespace, int is_whitespace,
    int is_indention)
{
	if (need_whitespace && !b->whitespace) {
		putch(b, ' ');
		b->column++;
	}
	putch(b, ch);
	b->column++;
	b->whitespace = is_whitespace;
	b->indention = b->indention && is_indention;
}

/* IS_PRINTABLE: what libyaml writes as it is (with unicode on). */
static int
is_printable(const unsigned char *p)
{
	return p[0] == 0x0a || (p[0] >= 0x20 && p[0] <= 0x7e) ||
	    (p[0] == 0xc2 && p[1] >= 0xa0) || (p[0] > 0xc2 && p[0] < 0xed) ||
	    (p[0] == 0xed && p[1] < 0xa0) || p[0] == 0xee ||
	    (p[0] == 0xef && !(p[1] == 0xbb && p[2] == 0xbf) &&
	    !(p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)));
}

/* IS_BLANKZ: a space, a tab, the end (or a break, which never comes here). */
static int
is_blankz(const unsigned char *p)
{
	return p[0] == ' ' || p[0] == '\t' || p[0] == '\0';
}

static size_t
width(unsigned char ch)
{
	return (ch & 0x80) == 0 ? 1 : (ch & 0xe0) == 0xc0 ? 2 : (ch & 0xf0) == 0xe0 ? 3 : 4;
}

/* What an indicator does as a plain scalar's first character: 1 always
 * keeps it from being plain, 2 only when a blank or the end follows. */
static int
first_indicator(unsigned char ch)
{
	switch (ch) {
	case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*':
	case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
		return 1;
	case '?': case ':': case '-':
		return 2;
	default:
		return 0;
	}
}

/* yaml_emitter_analyze_scalar for a string with no line break (s[len] is
 * its NUL), then yaml_emitter_select_scalar_style for a block context:
 * quote is what yamlemit.c asks for (double quotes, for a string YAML would
 * read as another type), simple_key whether s is a mapping's key. libyaml
 * walks characters; this walks bytes, which comes to the same: every
 * indicator and blank is ASCII, so a ':' is followed by a blank when the
 * next byte is one, and a '#' preceded by one when the byte before is. A
 * character libyaml would escape makes the scalar double-quoted at once. */
static enum style
select_style(const char *str, size_t len, int quote, int simple_key)
{
	const unsigned char *s = (const unsigned char *)str;
	int indicators = 0;
	size_t i;
	unsigned char c;

	if (quote)
		return DOUBLE_QUOTED;
	if (len == 0)
		return simple_key ? SINGLE_QUOTED : PLAIN;
	if (len >= 3 && ((s[0] == '-' && s[1] == '-' && s[2] == '-') ||
	    (s[0] == '.' && s[1] == '.' && s[2] == '.')))
		indicators = 1;
	switch (first_indicator(s[0])) {
	case 1:
		indicators = 1;
		break;
	case 2:
		indicators |= is_blankz(s + 1);
		break;
	}
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c >= 0x20 && c < 0x7f && c != ':' && c != '#')
			continue;
		if (c < 0x20 || c == 0x7f || (c >= 0xc0 && !is_printable(s + i)))
			return DOUBLE_QUOTED;
		if (i > 0 && ((c == ':' && is_blankz(s + i + 1)) ||
		    (c == '#' && (s[i - 1] == ' ' || s[i - 1] == '\t'))))
			indicators = 1;
	}
	/* A leading or trailing space keeps a scalar from being plain. */
	if (!indicators && s[0] != ' ' && s[len - 1] != ' ')
		return PLAIN;
	return SINGLE_QUOTED;
}

/* yaml_emitter_write_plain_scalar, with no break and no width limit. */
static void
write_plain(struct block *b, const char *s, size_t len)
{
	if (!b->whitespace && len > 0) {
		putch(b, ' ');
		b->column++;
	}
	put(b, s, len);
}

/* yaml_emitter_write_single_quoted_scalar, with no break and no width limit. */
static void
write_single_quoted(struct block *b, const char *s, size_t len)
{
	const char *q;

	write_indicator(b, '\'', 1, 0, 0);
	while ((q = memchr(s, '\'', len)) != NULL) {
		put(b, s, (size_t)(q - s) + 1);
		putch(b, '\'');
		len -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	put(b, s, len);
	write_indicator(b, '\'', 0, 0, 0);
}

/* The escape yaml_emitter_write_double_quoted_scalar writes for the
 * character at p, of w bytes. */
static void
write_escape(struct block *b, const unsigned char *p, size_t w)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char *const named = "\0" "0" "\a" "a" "\b" "b" "\t" "t" "\n" "n"
	    "\v" "v" "\f" "f" "\r" "r" "\x1b" "e" "\"" "\"" "\\" "\\";
	unsigned value = w == 1 ? p[0] : w == 2 ? p[0] & 0x1fu : w == 3 ? p[0] & 0x0fu : p[0] & 0x07u;
	char out[10];
	size_t i, n;

	for (i = 1; i < w; i++)
		value = (value << 6) + (p[i] & 0x3fu);
	out[0] = '\\';
	for (i = 0; i < 22; i += 2) {
		if ((unsigned char)named[i] == value) {
			out[1] = named[i + 1];
			put(b, out, 2);
			return;
		}
	}
	if (value == 0x85 || value == 0xa0 || value == 0x2028 || value == 0x2029) {
		out[1] = value == 0x85 ? 'N' : value == 0xa0 ? '_' : value == 0x2028 ? 'L' : 'P';
		put(b, out, 2);
		return;
	}
	out[1] = value <= 0xff ? 'x' : value <= 0xffff ? 'u' : 'U';
	n = value <= 0xff ? 2 : value <= 0xffff ? 4 : 8;
	for (i = 0; i < n; i++)
		out[2 + i] = hex[(value >> (4 * (n - 1 - i))) & 0xf];
	put(b, out, 2 + n);
}

/* yaml_emitter_write_double_quoted_scalar, with no width limit. */
static void
write_double_quoted(struct block *b, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i, w, run = 0;

	write_indicator(b, '"', 1, 0, 0);
	for (i = 0; i < len; i += w) {
		w = width(s[i]);
		if (is_printable(s + i) && !is_break(s + i) && s[i] != '"' && s[i] != '\\')
			continue;
		put(b, str + run, i - run);
		write_escape(b, s + i, w);
		run = i + w;
	}
	put(b, str + run, len - run);
	write_indicator(b, '"', 0, 0, 0);
}

/* yaml_emitter_emit_scalar: no anchor, no tag, and (no break) no indent. */
static void
write_scalar(struct block *b, const char *s, int quote, int simple_key)
{
	size_t len = strlen(s);

	switch (select_style(s, len, quote, simple_key)) {
	case PLAIN:
		write_plain(b, s, len);
		break;
	case SINGLE_QUOTED:
		write_single_quoted(b, s, len);
		break;
	case DOUBLE_QUOTED:
		write_double_quoted(b, s, len);
		break;
	}
	b->whitespace = 0;
	b->indention = 0;
}

static void write_node(struct block *b, const cJSON *n, int mapping_context);

/* An empty mapping or sequence: libyaml writes it in flow style. */
static void
write_empty(struct block *b, char open, char close)
{
	write_indicator(b, open, 1, 1, 0);
	write_indicator(b, close, 0, 0, 0);
}

/* yaml_emitter_emit_block_mapping_key and _value, simple keys only. */
static void
write_mapping(struct block *b, const cJSON *n)
{
	const cJSON *ch;
	int saved = b->indent;

	b->indent = b->indent < 0 ? 0 : b->indent + 2;
	for (ch = n->child; ch; ch = ch->next) {
		write_indent(b);
		write_scalar(b, ch->string, ys_needs_quotes(ch->string), 1);
		write_indicator(b, ':', 0, 0, 0);
		write_node(b, ch, 1);
	}
	b->indent = saved;
}

/* yaml_emitter_emit_block_sequence_item: a sequence that is a mapping's
 * value starts at the key's column ("key:\n- a"). */
static void
write_sequence(struct block *b, const cJSON *n, int mapping_context)
{
	const cJSON *ch;
	int saved = b->indent;

	if (b->indent < 0)
		b->indent = 0;
	else if (!mapping_context || b->indention)
		b->indent += 2;
	for (ch = n->child; ch; ch = ch->next) {
		write_indent(b);
		write_indicator(b, '-', 1, 0, 1);
		write_node(b, ch, 0);
	}
	b->indent = saved;
}

/* The scalars as yamlemit.c makes their events. The type is read from the
 * node: cJSON's cJSON_Is* are calls into the library, several a node. */
static void
write_node(struct block *b, const cJSON *n, int mapping_context)
{
	char num[64];

	switch (n->type & 0xff) {
	case cJSON_Object:
		if (n->child == NULL)
			write_empty(b, '{', '}');
		else
			write_mapping(b, n);
		break;
	case cJSON_Array:
		if (n->child == NULL)
			write_empty(b, '[', ']');
		else
			write_sequence(b, n, mapping_context);
		break;
	case cJSON_String:
		write_scalar(b, n->valuestring, ys_needs_quotes(n->valuestring), 0);
		break;
	case cJSON_Number:
		yaml_number(n->valuedouble, num, sizeof num);
		write_scalar(b, num, 0, 0);
		break;
	case cJSON_True:
		write_scalar(b, "true", 0, 0);
		break;
	case cJSON_False:
		write_scalar(b, "false", 0, 0);
		break;
	default:
		write_scalar(b, "null", 0, 0);
		break;
	}
}

/* One implicit document: no "---", and a line break to end it. */
int
yaml_block_write(FILE *f, const cJSON *root, struct fg_err *e)
{
	struct block *b = malloc(sizeof *b);
	int failed;

	if (b == NULL)
		return fg_err_set(e, FG_ERUNTIME, "yaml: out of memory");
	b->f = f;
	b->indent = -1;
	b->column = 0;
	b->whitespace = 1;
	b->indention = 1;
	b->failed = 0;
	b->len = 0;
	write_node(b, root, 0);
	write_indent(b);
	flush(b);
	failed = b->failed || ferror(f);
	free(b);
	return failed ? fg_err_set(e, FG_ERUNTIME, "yaml: write error") : 0;
}
