/* output.h — a tool's result to stdout or, atomically, to -o FILE. */
#ifndef FG_OUTPUT_H
#define FG_OUTPUT_H

#include <stdio.h>
#include <sys/types.h>

#include "err.h"

struct fg_out {
	const char *path;   /* -o FILE, or NULL for stdout */
	mode_t mode;        /* --mode, for FILE */
	int compact;        /* -c */
};

/* Writes the whole result into f; returns 0 or an error code (set in e). */
typedef int (*fg_writer)(FILE *f, const void *arg, struct fg_err *e);

/* Runs w to completion before anything reaches stdout or FILE. */
int fg_output(const struct fg_out *o, fg_writer w, const void *arg, struct fg_err *e);
/* For a writer that fails only when its stream does (a write error): stdout
 * gets the text as it is made, with nothing staged; FILE is still written
 * atomically. */
int fg_output_streamed(const struct fg_out *o, fg_writer w, const void *arg, struct fg_err *e);
/* Writers for JSON results: pretty, or compact when o->compact (-c). */
fg_writer fg_json_writer(const struct fg_out *o);
/* The long options of -c, -o FILE and --mode MODE, for a getopt_long table. */
#define FG_OUT_LONGOPTS \
	{ "compact", no_argument, NULL, 'c' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "mode", required_argument, NULL, 'm' }

/* --help, --version and the terminator that ends every getopt_long table. */
#define FG_END_LONGOPTS \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ NULL, 0, NULL, 0 }

/* Applies -c, -o or --mode to o. Returns 1 when opt was one of them, 0 when
 * it was not, -1 after reporting a bad mode ("prog: --mode: ..."). */
int fg_out_option(struct fg_out *o, int opt, const char *arg, const char *prog);
/* Parses an octal mode such as 0600; returns -1 when it is not one. */
int fg_parse_mode(const char *s, mode_t *mode);

#endif
