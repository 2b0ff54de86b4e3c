/* err.h — errors lib functions return; tools report them once, in one line. */
#ifndef FG_ERR_H
#define FG_ERR_H

#include <stddef.h>

enum { FG_OK = 0, FG_ERUNTIME = 1, FG_EUSAGE = 2 };

struct fg_err {
	int code;           /* exit code the tool should use */
	char msg[1024];     /* "<where>: <what>", never a secret's value */
};

/* Every message goes through this: the user's names, keys, paths and
 * arguments it embeds keep their text, but control bytes (a newline in a key
 * or a folder name) become \n, \t, \r or \xHH, so the message is one line.
 * fg_err_set, fg_usage_error, fg_warn and fg_bad_option all apply it. */
void fg_escape_controls(char *dst, size_t size, const char *src);
int fg_err_set(struct fg_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void fg_err_print(const char *prog, const struct fg_err *e);
/* Reports, in one line, the option getopt_long (with opterr = 0 and an
 * optstring starting with ':') returned opt for: "prog: [cmd: ]unknown option
 * --x (see prog [cmd] --help)", "option --x=1: unknown, or takes no value" or
 * "option --x needs a value". cmd is the subcommand, or NULL. Returns FG_EUSAGE. */
int fg_bad_option(const char *prog, const char *cmd, int opt, char **argv);
/* Prints "prog: [cmd: ]<what>" and returns FG_EUSAGE. */
int fg_usage_error(const char *prog, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void fg_warn(const char *prog, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
