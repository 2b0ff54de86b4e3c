/* jsonsize.h — the length of fg_json_write's text of a tree, counted before a
 * byte of it is written, so a tool refuses to print JSON the next stage would
 * refuse to read (more than FG_MAX_JSON bytes or YJ_MAX_NODES nodes). */
#ifndef FG_JSONSIZE_H
#define FG_JSONSIZE_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "err.h"

/* Bytes of fg_json_write(f, node, pretty), its final newline included; the
 * nodes of the tree in *nodes. */
size_t fg_json_size(const cJSON *node, int pretty, size_t *nodes);
/* 0 when the next stage reads root's JSON; else an error (exit 2: the
 * input made a document too large to pass on) naming what, in e. */
int fg_json_check_size(const cJSON *root, int pretty, const char *name, struct fg_err *e);

#endif
