/* cli.c — one place for the one-line error format and the JSON output path. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"

/* getopt_long's own messages would name the subcommand as the program. */
int
cli_bad_option(const char *cmd, int opt, char **argv)
{
	const char *arg = argv[optind - 1];

	if (opt == ':')
		fprintf(stderr, "%s: %s: option %s needs a value\n", PROG, cmd, arg);
	else if (strncmp(arg, "--", 2) == 0 && strchr(arg, '=') != NULL)
		fprintf(stderr, "%s: %s: option %s: unknown, or takes no value\n", PROG, cmd, arg);
	else if (strncmp(arg, "--", 2) == 0)
		fprintf(stderr, "%s: %s: unknown option %s (see %s %s --help)\n", PROG, cmd, arg,
		    PROG, cmd);
	else
		fprintf(stderr, "%s: %s: unknown option -%c (see %s %s --help)\n", PROG, cmd,
		    optopt, PROG, cmd);
	return FG_EUSAGE;
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", PROG, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return FG_EUSAGE;
}

int
cli_version(void)
{
	printf("%s %s\n", PROG, FG_VERSION);
	return 0;
}

int
cli_emit(cJSON *root, int compact)
{
	struct fg_out out = { NULL, 0600, compact };
	struct fg_err e = { 0 };
	int rc;

	if (root == NULL) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		return FG_ERUNTIME;
	}
	rc = fg_output(&out, fg_json_writer(&out), root, &e);
	cJSON_Delete(root);
	if (rc != 0)
		fg_err_print(PROG, &e);
	return rc;
}

int
cli_fail(const struct fg_err *e)
{
	fg_err_print(PROG, e);
	return e->code ? e->code : FG_ERUNTIME;
}
