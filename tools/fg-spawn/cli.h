/* cli.h — what the subcommands share: printing a result (JSON, or sh
 * assignments with --sh), and the error line. */
#ifndef FG_SPAWN_CLI_H
#define FG_SPAWN_CLI_H

#include <cjson/cJSON.h>

#include <getopt.h>

#include "err.h"
#include "output.h"

#define PROG "fg-spawn"

/* A result field as an sh variable: JSON key -> name. */
struct sh_field {
	const char *key, *var;
};

/* How a subcommand prints its result. */
struct cli_out {
	const char *cmd;                /* for messages */
	int compact;                    /* -c */
	int sh;                         /* --sh: wins over -c */
	const struct sh_field *fields;  /* what --sh prints; ends with a NULL key */
};

/* The options every subcommand has: -c, --sh, --help, --version, for a
 * getopt_long table (it ends the table). */
#define CLI_LONGOPTS \
	{ "compact", no_argument, NULL, 'c' }, \
	{ "sh", no_argument, NULL, 's' }, \
	FG_END_LONGOPTS
/* Takes an option getopt_long returned that the subcommand did not: 0 for
 * -c or --sh (set in out), FG_SHOW_HELP, FG_SHOW_VERSION, or FG_EUSAGE
 * after the one line for an unknown or malformed option. */
int cli_option(struct cli_out *out, int opt, char **argv);

/* Prints root and frees it; returns 0, or 1 after reporting. As JSON: pretty,
 * or one line with -c. With --sh: var='value' for each field, strings as they
 * are, numbers as JSON writes them, true/false as yes/no, null as ''; an array
 * root gives var_1, var_2... for its elements in order. A NULL root is
 * reported as out of memory. */
int cli_emit(const struct cli_out *o, cJSON *root);
/* Prints "fg-spawn: cmd: out of memory" and returns FG_ERUNTIME. */
int cli_oom(const char *cmd);
/* Reports e on stderr and returns its exit code. */
int cli_fail(const struct fg_err *e);

/* Adds key: n, or key: null when !have; returns 0 when out of memory. */
int json_add_number_or_null(cJSON *obj, const char *key, int have, double n);
/* Adds key: s, or key: null when s is NULL; returns 0 when out of memory. */
int json_add_string_or_null(cJSON *obj, const char *key, const char *s);

#endif
