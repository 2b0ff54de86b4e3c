/* cli.h — what the subcommands share: option errors, --version, the JSON result. */
#ifndef FG_SPAWN_CLI_H
#define FG_SPAWN_CLI_H

#include <cjson/cJSON.h>

#include "err.h"

#define PROG "fg-spawn"

/* Reports the option getopt_long rejected (it returned opt); returns FG_EUSAGE. */
int cli_bad_option(const char *cmd, int opt, char **argv);
/* Prints "fg-spawn: cmd: <what>" and returns FG_EUSAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cli_version(void);
/* Prints root (pretty, or compact) and frees it; returns 0, or 1 after reporting. */
int cli_emit(cJSON *root, int compact);
/* Reports e on stderr and returns its exit code. */
int cli_fail(const struct fg_err *e);

#endif
