/* yamlemit.h — a cJSON tree as block-style YAML that PyYAML reads back exactly. */
#ifndef FG_RESOLVE_YAMLEMIT_H
#define FG_RESOLVE_YAMLEMIT_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "err.h"

/* Keys keep their order; strings that would read back as another type are quoted. */
int yaml_write(FILE *f, const void *root, struct fg_err *e);

#endif
