/* yamlemit.h — a cJSON tree as block-style YAML that PyYAML reads back exactly. */
#ifndef FG_RESOLVE_YAMLEMIT_H
#define FG_RESOLVE_YAMLEMIT_H

#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#include "err.h"
#include "output.h"

/* Keys keep their order; strings that would read back as another type are
 * quoted. Written by yamlblock.c where it applies, else by libyaml's
 * emitter: the same bytes either way. FG_YAML_EMITTER=libyaml (a test hook)
 * takes libyaml's emitter for every tree. */
int yaml_write(FILE *f, const void *root, struct fg_err *e);
/* yaml_write in two steps: which writer takes root, in *w, and whether it
 * may stream (*streams: yamlblock.c's writer fails only on a write error,
 * so stdout may see its text as it is made; libyaml's emitter can fail
 * halfway, so its text is staged first). Returns 0, or an error (a string
 * or key that is not UTF-8) before anything is written. */
int yaml_plan(const void *root, fg_writer *w, int *streams, struct fg_err *e);
/* libyaml's emitter, for any tree. */
int yaml_write_libyaml(FILE *f, const cJSON *root, struct fg_err *e);
/* A number's text for YAML: fg_fmt_number's, with a '.' in every float. */
void yaml_number(double d, char *buf, size_t size);

#endif
