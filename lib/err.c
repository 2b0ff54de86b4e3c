/* err.c — one-line errors: "<tool>: <where>: <what>". */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

/* Records the error and returns its code, so callers can `return fg_err_set(...)`. */
int
fg_err_set(struct fg_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

void
fg_err_print(const char *prog, const struct fg_err *e)
{
	fprintf(stderr, "%s: %s\n", prog, e->msg);
}

void
fg_warn(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: warning: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
fg_bad_option(const char *prog, int opt, char **argv)
{
	const char *arg = argv[optind - 1];

	if (opt == ':')
		fprintf(stderr, "%s: option %s needs a value\n", prog, arg);
	else if (optopt != 0)
		fprintf(stderr, "%s: unknown option -%c (see %s --help)\n", prog, optopt, prog);
	else
		fprintf(stderr, "%s: unknown option %s (see %s --help)\n", prog, arg, prog);
	return FG_EUSAGE;
}
