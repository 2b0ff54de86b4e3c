/* shell.h — the normalized config as sh assignments, for the porcelain. */
#ifndef FG_CONFIG_SHELL_H
#define FG_CONFIG_SHELL_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "err.h"

int cfg_write_shell(FILE *f, const void *root, struct fg_err *e);

/* The same, then the compact JSON as fg_config_json (--sh-json). */
int cfg_write_shell_json(FILE *f, const void *arg, struct fg_err *e);

#endif
