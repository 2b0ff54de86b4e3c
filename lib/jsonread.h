/* jsonread.h — JSON text to a cJSON tree in one pass, as cJSON reads it: the
 * loader's fast path. The text may still be arriving (a fg_stream). */
#ifndef FG_JSONREAD_H
#define FG_JSONREAD_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "err.h"
#include "input.h"

enum jr_status {
	JR_OK,          /* *root is the tree */
	JR_NOT_JSON,    /* not JSON, or JSON the YAML path must place (a
	                 * NUL, "\u0000", UTF-8 that is not); the text is as it
	                 * was, and *stop is the offset where it went wrong */
	JR_FAILED,      /* e says why: duplicate key, depth, node count, a number
	                 * out of range, out of memory, a read error */
};

struct jr_text {
	char *buf;               /* the text (s->buf when s is given) */
	size_t len;              /* bytes of it there are (so far) */
	struct fg_stream *s;     /* where more of it comes from, or NULL */
	int in_place;            /* strings may stay in buf: the tree lives
	                          * in it (the arena, which never frees) */
};

/* Parses the JSON value at offset start (a '{' or '['), then white space to
 * the end of the text. Checks what the YAML path checks: duplicate keys,
 * YJ_MAX_DEPTH, YJ_MAX_NODES, numbers that are not finite, UTF-8. */
enum jr_status jr_parse(struct jr_text *t, size_t start, const char *name,
    cJSON **root, size_t *stop, struct fg_err *e);

/* JSON from outside (an HTTP body, a file another program wrote), held to
 * what every input is held to: one object or array and white space, checked
 * as jr_parse checks (depth, node count, duplicate keys, UTF-8, no NUL).
 * text is not changed; its size the caller has bounded already. NULL with e
 * set ("name: not JSON at byte N", or jr_parse's reason) when it is not. */
cJSON *jr_parse_outside(const char *text, size_t len, const char *name, struct fg_err *e);

#endif
