/* normalize.h — validate a loaded config and bring it to its one normal form. */
#ifndef FG_CONFIG_NORMALIZE_H
#define FG_CONFIG_NORMALIZE_H

#include <cjson/cJSON.h>

struct cfg_ctx {
	const char *config_path;   /* absolute, or "-" for stdin */
	const char *config_dir;    /* absolute; relative paths resolve here */
	char err[768];             /* "<key path> <what>" */
	const void *err_node;      /* a node, or a key (node->string), for file:line:col */
	int err_code;              /* FG_EUSAGE, or FG_ERUNTIME for out of memory */
};

/* Migrates legacy keys, validates, fills defaults, makes paths absolute and
 * adds _meta. Returns 0, or -1 with ctx->err set. */
int cfg_normalize(cJSON *root, struct cfg_ctx *ctx);

#endif
