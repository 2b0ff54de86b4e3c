/* err.c — one-line errors: "<tool>: <where>: <what>". */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

/* Keys, paths and arguments a message quotes may hold newlines and other
 * control bytes: escaped (\n, \t, \r, \xHH), the message stays one line. */
void
fg_escape_controls(char *dst, size_t size, const char *src)
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
	fg_escape_controls(e->msg, sizeof e->msg, raw);
	return code;
}

/* Every line a tool prints on stderr: "prog: [cmd: ][label]<what>", escaped. */
static void
vprint_line(const char *prog, const char *cmd, const char *label, const char *fmt, va_list ap)
{
	char raw[1024], msg[1024];

	vsnprintf(raw, sizeof raw, fmt, ap);
	fg_escape_controls(msg, sizeof msg, raw);
	if (cmd != NULL)
		fprintf(stderr, "%s: %s: %s%s\n", prog, cmd, label, msg);
	else
		fprintf(stderr, "%s: %s%s\n", prog, label, msg);
}

static void
print_line(const char *prog, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
print_line(const char *prog, const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_line(prog, cmd, "", fmt, ap);
	va_end(ap);
}

void
fg_err_print(const char *prog, const struct fg_err *e)
{
	print_line(prog, NULL, "%s", e->msg);
}

void
fg_warn(const char *prog, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_line(prog, NULL, "warning: ", fmt, ap);
	va_end(ap);
}

int
fg_usage_error(const char *prog, const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_line(prog, cmd, "", fmt, ap);
	va_end(ap);
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

	if (opt == ':' && is_long)
		print_line(prog, cmd, "option %s needs a value", arg);
	else if (opt == ':')
		print_line(prog, cmd, "option -%c needs a value", optopt);
	else if (is_long && strchr(arg, '=') != NULL)
		print_line(prog, cmd, "option %s: unknown, or takes no value", arg);
	else if (is_long)
		print_line(prog, cmd, "unknown option %s (see %s%s%s --help)", arg, prog,
		    cmd ? " " : "", cmd ? cmd : "");
	else
		print_line(prog, cmd, "unknown option -%c (see %s%s%s --help)", optopt, prog,
		    cmd ? " " : "", cmd ? cmd : "");
	return FG_EUSAGE;
}
