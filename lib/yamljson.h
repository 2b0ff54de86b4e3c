/* yamljson.h — load YAML or JSON text into a cJSON tree, bounded and strict. */
#ifndef FG_YAMLJSON_H
#define FG_YAMLJSON_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "err.h"
#include "strmap.h"

#define YJ_MAX_DEPTH       64
#define YJ_MAX_NODES       (20u * 1000 * 1000)
#define YJ_MAX_ALIAS_NODES (1000u * 1000)
/* The string bytes aliases and merge keys may copy: as much as a whole
 * config (FG_MAX_INPUT), so their expansion is bounded in memory too. */
#define YJ_MAX_ALIAS_BYTES (64u << 20)

/* Where each node began in the source (1-based), for error messages. */
struct yj_mark { int line, col; };
struct yj_marks {
	struct yj_mark *v;
	const void **node;
	size_t len, cap;
};

/*
 * Parses one document. JSON takes a fast path (lib/jsonread); anything else
 * (or broken JSON, for a positioned error) goes through libyaml. Anchors,
 * aliases and merge keys are expanded; duplicate keys are an error.
 * marks may be NULL; when given, every node's position is recorded (this
 * forces the YAML path, which knows positions). buf is left as it was.
 */
cJSON *yj_load(const char *buf, size_t len, const char *name,
    struct yj_marks *marks, struct fg_err *e);

/* The same, but JSON strings may stay in buf (with the arena), which must
 * then outlive the tree; yj_restore_text gives buf its text back (and the
 * tree's strings are then gone). For a caller that may load buf again. */
cJSON *yj_load_in_place(char *buf, size_t len, const char *name, struct fg_err *e);
void yj_restore_text(char *buf, size_t len);

/* Reads path (NULL or "-" = stdin) and loads it: JSON of up to FG_MAX_JSON
 * bytes, parsed as it arrives (with the arena, its strings stay in the text,
 * which then lives until exit), or YAML of up to FG_MAX_INPUT. */
cJSON *yj_load_file(const char *path, struct yj_marks *marks, struct fg_err *e);

void yj_marks_free(struct yj_marks *m);
/* Returns 0 and the position of a node, or of a key when given a node's
 * ->string; -1 when it has none. */
int yj_mark_of(struct yj_marks *m, const void *node, struct yj_mark *out);

#endif
