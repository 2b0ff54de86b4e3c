/* yamlblock.h — block YAML written straight from a cJSON tree, byte for byte
 * what yamlemit.c's libyaml emitter writes, for the trees it covers. */
#ifndef FG_RESOLVE_YAMLBLOCK_H
#define FG_RESOLVE_YAMLBLOCK_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "err.h"

enum yb_fit {
	YB_FITS,       /* yaml_block_write writes it */
	YB_LIBYAML,    /* a string with a line break, or a key over 128 bytes */
	YB_NOT_UTF8    /* a string or key YAML cannot hold */
};

/* Which writer the tree needs; the first thing found decides. */
enum yb_fit yaml_block_fit(const cJSON *root);
/* Writes a tree yaml_block_fit said YB_FITS for; 0 or an error code. */
int yaml_block_write(FILE *f, const cJSON *root, struct fg_err *e);

#endif
