/* err.c — one-line errors: "<tool>: <where>: <what>". */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

/* Keys and scalars quoted in a message may hold newlines and other control
 * bytes: escaped (\n, \t, \r, \xHH), the error stays one line. */
static void
escape_controls(char *dst, size_t size, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	unsigned char ch;

	for (; *src && n + 1 < size; src++) {
		ch = (unsigned char)*src;
		if (ch >= 0x20 && ch != 0x7f) {
			dst[n++] = (char)ch;
			continue;
		}
		if (n + 5 > size)
			break;
		dst[n++] = '\\';
		if (ch == '\n' || ch == '\t' || ch == '\r') {
			dst[n++] = ch == '\n' ? 'n' : ch == '\t' ? 't' : 'r';
		} else {
			dst[n++] = 'x';
			dst[n++] = hex[ch >> 4];
			dst[n++] = hex[ch & 15];
		}
	}
	dst[n] = '\0';
}

/* Records the error and returns its code, so callers can `return fg_err_set(...)`. */
int
fg_err_set(struct fg_err *e, int code, const char *fmt, ...)
{
	char raw[sizeof e->msg];
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	escape_controls(e->msg, sizeof e->msg, raw);
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

/* "prog: " or "prog: cmd: ", the start of every line a tool prints. */
static void
print_where(const char *prog, const char *cmd)
{
	if (cmd != NULL)
		fprintf(stderr, "%s: %s: ", prog, cmd);
	else
		fprintf(stderr, "%s: ", prog);
}

int
fg_usage_error(const char *prog, const char *cmd, const char *fmt, ...)
{
	va_list ap;

	print_where(prog, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return FG_EUSAGE;
}

/* A short option rejected inside a bundle ("-xc") leaves optind on that word;
 * every other rejection has moved optind past the word it rejected. */
static int
inside_bundle(char **argv)
{
	const char *w = argv[optind], *p;

	if (optopt == 0 || w == NULL || w[0] != '-' || w[1] == '-' || w[1] == '\0')
		return 0;
	p = strchr(w + 1, optopt);
	return p != NULL && p[1] != '\0';
}

int
fg_bad_option(const char *prog, const char *cmd, int opt, char **argv)
{
	const char *arg = argv[optind - 1];
	int is_long = strncmp(arg, "--", 2) == 0 && !inside_bundle(argv);

	print_where(prog, cmd);
	if (opt == ':' && is_long)
		fprintf(stderr, "option %s needs a value\n", arg);
	else if (opt == ':')
		fprintf(stderr, "option -%c needs a value\n", optopt);
	else if (is_long && strchr(arg, '=') != NULL)
		fprintf(stderr, "option %s: unknown, or takes no value\n", arg);
	else if (is_long)
		fprintf(stderr, "unknown option %s (see %s%s%s --help)\n", arg, prog,
		    cmd ? " " : "", cmd ? cmd : "");
	else
		fprintf(stderr, "unknown option -%c (see %s%s%s --help)\n", optopt, prog,
		    cmd ? " " : "", cmd ? cmd : "");
	return FG_EUSAGE;
}
