/* cli.h — what the subcommands share: the JSON result and the error line. */
#ifndef FG_SPAWN_CLI_H
#define FG_SPAWN_CLI_H

#include <cjson/cJSON.h>

#include "err.h"

#define PROG "fg-spawn"

/* Prints root (pretty, or compact) and frees it; returns 0, or 1 after reporting. */
int cli_emit(cJSON *root, int compact);
/* Reports e on stderr and returns its exit code. */
int cli_fail(const struct fg_err *e);

#endif
