/* yamlfast.c — the block YAML a person writes for a config, read without
 * libyaml: most of fg-config's time on a large config was libyaml's tokens,
 * events and their allocations. Only a plain subset is taken: mappings and
 * sequences by indentation, keys of name characters, one-line plain and
 * quoted scalars without escapes, one-line flow collections of such scalars,
 * comments. Anything else (anchors, tags, block scalars, multi-line scalars,
 * escapes, tabs, CR, non-ASCII, document markers, duplicate keys, limits)
 * is left to libyaml, which reads it from the start and places its errors:
 * this path never reports one. Scalars are typed by ys_resolve, as there. */
#include <math.h>
#include <string.h>

#include "arena.h"
#include "keyindex.h"
#include "yamlfast.h"
#include "yamljson.h"
#include "yamlscalar.h"

struct yf {
	const char *p, *end;      /* the next line */
	const char *line, *eol;   /* the current line, after its indentation */
	int indent;               /* of the current line; -1 after the last */
	size_t nodes;
	int depth;
	int bail;
};

/* ---- lines ---- */

/* Moves to the next line that is neither blank nor a comment. */
static void
next_line(struct yf *y)
{
	const char *start, *s, *nl;

	while (y->p < y->end) {
		start = y->p;
		if ((nl = memchr(start, '\n', (size_t)(y->end - start))) == NULL)
			nl = y->end;
		for (s = start; s < nl && *s == ' '; s++)
			;
		y->p = nl < y->end ? nl + 1 : nl;
		if (s == nl || *s == '#')
			continue;
		y->line = s;
		y->eol = nl;
		y->indent = (int)(s - start);
		return;
	}
	y->indent = -1;
	y->line = y->eol = y->end;
}

static void *
bail(struct yf *y)
{
	y->bail = 1;
	return NULL;
}

/* ---- nodes ---- */

static cJSON *
node(struct yf *y, cJSON *n)
{
	if (n == NULL || ++y->nodes > YJ_MAX_NODES) {
		cJSON_Delete(n);
		return bail(y);
	}
	return n;
}

/* Whether obj has two members with one key: checked once it is whole, in
 * one table sized for all its members. */
static int
has_duplicates(cJSON *obj)
{
	struct keyindex keys;
	const cJSON *dup = NULL;
	int rc = keyindex_init(&keys, obj, &dup);

	keyindex_free(&keys);
	return rc != 0;
}

/* ---- scalars ---- */

static int
is_name(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c == '.' || c == '/' || c == '-';
}

/* A key of name characters not starting with '-', then ':' and a blank or
 * the end of the line; *after is past the ':'. 0 when there is none. */
static size_t
key_at(const char *s, const char *eol, const char **after)
{
	const char *p = s;

	if (p < eol && *p == '-')
		return 0;
	while (p < eol && is_name((unsigned char)*p))
		p++;
	if (p == s || p == eol || *p != ':' || (p + 1 < eol && p[1] != ' '))
		return 0;
	*after = p + 1;
	return (size_t)(p - s);
}

static const char *
skip_blanks(const char *s, const char *e)
{
	while (s < e && *s == ' ')
		s++;
	return s;
}

/* A plain scalar's text, typed as PyYAML types it. */
static cJSON *
plain(struct yf *y, const char *s, size_t n)
{
	struct ys_value v;
	cJSON *item;

	ys_resolve(s, n, &v);
	if ((v.kind == YS_INT || v.kind == YS_FLOAT) && !isfinite(v.number))
		return bail(y);    /* libyaml's path says where */
	switch (v.kind) {
	case YS_NULL:
		return node(y, cJSON_CreateNull());
	case YS_BOOL:
		return node(y, cJSON_CreateBool(v.boolean));
	case YS_INT:
	case YS_FLOAT:
		return node(y, cJSON_CreateNumber(v.number));
	default:
		break;
	}
	if ((item = node(y, cJSON_CreateNull())) == NULL)
		return NULL;
	item->type = cJSON_String;
	if ((item->valuestring = fg_json_strndup(s, n)) == NULL) {
		cJSON_Delete(item);
		return bail(y);
	}
	return item;
}

/* A quoted scalar at *s, without escapes, ending on its line; *s moves past
 * it. Single quotes take '' for '. */
static cJSON *
quoted(struct yf *y, const char **s, const char *e)
{
	char q = **s, *out, *o;
	const char *p = *s + 1, *start = p;
	cJSON *item;

	for (;; p++) {
		if (p >= e || *p == '\\')
			return bail(y);
		if (*p == q && !(q == '\'' && p + 1 < e && p[1] == '\''))
			break;
		if (*p == '\'' && q == '\'')
			p++;
	}
	if ((item = node(y, cJSON_CreateNull())) == NULL)
		return NULL;
	item->type = cJSON_String;
	if ((out = fg_json_strndup(start, (size_t)(p - start))) == NULL) {
		cJSON_Delete(item);
		return bail(y);
	}
	if (q == '\'') {
		for (o = out, start = out; *start; start++) {
			*o++ = *start;
			if (*start == '\'')
				start++;
		}
		*o = '\0';
	}
	item->valuestring = out;
	*s = p + 1;
	return item;
}

/* The first byte of a plain scalar: none of YAML's indicators, but '-' and
 * '.' before a digit or a name (-1, .5, -x). */
static int
plain_start(const char *s, const char *e)
{
	if (strchr("-?:,[]{}#&*!|>'\"%@`", *s) == NULL)
		return 1;
	return (*s == '-' || *s == '.') && s + 1 < e && is_name((unsigned char)s[1]);
}

/* After a value: blanks, then the end of the line or a comment. */
static int
rest_is_empty(const char *s, const char *e)
{
	s = skip_blanks(s, e);
	return s == e || (*s == '#' && s[-1] == ' ');
}

/* ---- flow collections, on one line ---- */

/* A scalar in a flow collection: plain (up to ',', ']' or '}') or quoted. */
static cJSON *
flow_scalar(struct yf *y, const char **s, const char *e)
{
	const char *p = *s, *end;

	if (p < e && (*p == '"' || *p == '\''))
		return quoted(y, s, e);
	if (p >= e || !plain_start(p, e))
		return bail(y);
	/* libyaml's rules for ':' in a flow scalar changed between versions. */
	for (end = p; end < e && !strchr(",[]{}#", *end); end++)
		if (*end == ':')
			return bail(y);
	while (end > p && end[-1] == ' ')
		end--;
	*s = end;
	return plain(y, p, (size_t)(end - p));
}

static cJSON *
flow(struct yf *y, const char **s, const char *e)
{
	int is_map = **s == '{';
	char close = is_map ? '}' : ']';
	const char *p = skip_blanks(*s + 1, e), *after;
	cJSON *coll, *last = NULL, *item;
	size_t n;
	char *key;

	if (++y->depth > YJ_MAX_DEPTH ||
	    (coll = node(y, is_map ? cJSON_CreateObject() : cJSON_CreateArray())) == NULL)
		return bail(y);
	if (p < e && *p == close)
		goto done;
	for (;;) {
		key = NULL;
		if (is_map) {
			if ((n = key_at(p, e, &after)) == 0 || after == e)
				goto fail;
			if ((key = fg_json_key(p, n)) == NULL || ++y->nodes > YJ_MAX_NODES) {
				cJSON_free(key);
				goto fail;
			}
			p = skip_blanks(after, e);
		}
		if ((item = flow_scalar(y, &p, e)) == NULL) {
			cJSON_free(key);
			goto fail;
		}
		item->string = key;
		fg_json_append(coll, &last, item);
		p = skip_blanks(p, e);
		if (p < e && *p == close)
			break;
		if (p >= e || *p != ',')
			goto fail;
		p = skip_blanks(p + 1, e);
	}
done:
	if (is_map && has_duplicates(coll))
		goto fail;
	y->depth--;
	*s = p + 1;
	return coll;
fail:
	cJSON_Delete(coll);
	return bail(y);
}

/* ---- block collections ---- */

static cJSON *block(struct yf *y, int indent);

/* The value on the rest of a line (after "key:" or "- "), s not blank. */
static cJSON *
inline_value(struct yf *y, const char *s, const char *e)
{
	const char *end;
	cJSON *v;

	if (*s == '"' || *s == '\'' || *s == '{' || *s == '[') {
		v = *s == '{' || *s == '[' ? flow(y, &s, e) : quoted(y, &s, e);
		if (v != NULL && !rest_is_empty(s, e)) {
			cJSON_Delete(v);
			return bail(y);
		}
		return v;
	}
	if (!plain_start(s, e))
		return bail(y);
	/* To the end of the line or a comment; ": " or a final ':' is a
	 * mapping libyaml refuses here. */
	for (end = s; end < e && !(*end == '#' && end[-1] == ' '); end++)
		if (*end == ':' && (end + 1 == e || end[1] == ' '))
			return bail(y);
	while (end > s && end[-1] == ' ')
		end--;
	return plain(y, s, (size_t)(end - s));
}

/* What follows "key:" or "-" at indent, the line ending there: a block
 * nested deeper, a sequence at the same indent (after a key), or null. */
static cJSON *
nested(struct yf *y, int indent, int after_key)
{
	next_line(y);
	if (y->indent > indent)
		return block(y, y->indent);
	if (after_key && y->indent == indent && y->line[0] == '-' &&
	    (y->line + 1 == y->eol || y->line[1] == ' '))
		return block(y, indent);
	return node(y, cJSON_CreateNull());
}

/* The value of an entry whose text starts at s on the current line. */
static cJSON *
entry_value(struct yf *y, const char *s, int indent, int after_key)
{
	cJSON *v;

	s = skip_blanks(s, y->eol);
	if (rest_is_empty(s, y->eol))
		return nested(y, indent, after_key);
	if ((v = inline_value(y, s, y->eol)) == NULL)
		return NULL;
	next_line(y);
	/* A deeper line after a scalar would continue it, or be an error. */
	if (y->indent > indent) {
		cJSON_Delete(v);
		return bail(y);
	}
	return v;
}

static cJSON *
mapping(struct yf *y, int indent)
{
	cJSON *map, *last = NULL, *item;
	const char *after;
	char *key;
	size_t n;

	if ((map = node(y, cJSON_CreateObject())) == NULL)
		return NULL;
	while (y->indent == indent) {
		if ((n = key_at(y->line, y->eol, &after)) == 0)
			goto fail;
		if ((key = fg_json_key(y->line, n)) == NULL || ++y->nodes > YJ_MAX_NODES) {
			cJSON_free(key);
			goto fail;
		}
		if ((item = entry_value(y, after, indent, 1)) == NULL) {
			cJSON_free(key);
			goto fail;
		}
		item->string = key;
		fg_json_append(map, &last, item);
	}
	if (y->indent > indent || has_duplicates(map))
		goto fail;
	return map;
fail:
	cJSON_Delete(map);
	return bail(y);
}

static cJSON *
sequence(struct yf *y, int indent)
{
	cJSON *seq, *last = NULL, *item;
	const char *s, *after;

	if ((seq = node(y, cJSON_CreateArray())) == NULL)
		return NULL;
	while (y->indent == indent && y->line[0] == '-' &&
	    (y->line + 1 == y->eol || y->line[1] == ' ')) {
		s = skip_blanks(y->line + 1, y->eol);
		if (s < y->eol && *s == '-' && (s + 1 == y->eol || s[1] == ' '))
			goto fail;    /* - - x */
		if (key_at(s, y->eol, &after) > 0) {
			/* "- key: ...": a mapping whose lines start at the key's column. */
			y->indent = (int)(s - y->line) + indent;
			y->line = s;
			if (++y->depth > YJ_MAX_DEPTH)
				goto fail;
			item = mapping(y, y->indent);
			y->depth--;
		} else {
			item = entry_value(y, s, indent, 0);
		}
		if (item == NULL)
			goto fail;
		fg_json_append(seq, &last, item);
	}
	if (y->indent > indent)
		goto fail;
	return seq;
fail:
	cJSON_Delete(seq);
	return bail(y);
}

static cJSON *
block(struct yf *y, int indent)
{
	cJSON *b;

	if (++y->depth > YJ_MAX_DEPTH)
		return bail(y);
	b = y->line[0] == '-' && (y->line + 1 == y->eol || y->line[1] == ' ') ?
	    sequence(y, indent) : mapping(y, indent);
	y->depth--;
	return b;
}

/* Bytes this path leaves to libyaml wherever they are: control bytes but
 * the newline (tabs, CR), and all of non-ASCII (BOMs, encodings). */
static int
plain_bytes(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	unsigned bad = 0;

	for (; p < end; p++)
		bad |= (unsigned)(*p < 0x20 && *p != '\n') | (unsigned)(*p >= 0x7f);
	return !bad;
}

/* A line that starts a document, ends one, or is a directive. */
static int
has_markers(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	if (len > 0 && (*s == '%' || (len >= 3 && (memcmp(s, "---", 3) == 0 ||
	    memcmp(s, "...", 3) == 0))))
		return 1;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL && ++p < end)
		if (*p == '%' || (end - p >= 3 && (memcmp(p, "---", 3) == 0 ||
		    memcmp(p, "...", 3) == 0)))
			return 1;
	return 0;
}

cJSON *
yf_load(const char *buf, size_t len)
{
	struct yf y = { buf, buf + len, NULL, NULL, 0, 0, 0, 0 };
	cJSON *root;

	if (!plain_bytes(buf, len) || has_markers(buf, len))
		return NULL;
	next_line(&y);
	if (y.indent < 0)
		return NULL;    /* empty: libyaml's path says so */
	root = block(&y, y.indent);
	if (root != NULL && !y.bail && y.indent < 0)
		return root;
	fg_json_drop(root);
	return NULL;
}
