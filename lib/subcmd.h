/* subcmd.h — a tool made of subcommands (fg-state, fg-spawn): one table gives
 * each its name, its function and its usage; dispatch and help come from it. */
#ifndef FG_SUBCMD_H
#define FG_SUBCMD_H

#include <stdio.h>

/* What a subcommand returns instead of an exit code when its options held
 * --help or --version: the dispatcher prints its usage or the version (exit 0). */
#define FG_SHOW_HELP    (-1)
#define FG_SHOW_VERSION (-2)

struct fg_subcmd {
	const char *name;
	int (*run)(int argc, char **argv);  /* argv[0] is the name; returns the exit code */
	void (*usage)(FILE *f);             /* "usage: PROG NAME ...", then what it does */
};

struct fg_tool {
	const char *prog;
	const char *about;                  /* one line on what the tool is for */
	const struct fg_subcmd *cmds;       /* ends with an entry whose name is NULL */
};

/* Runs the subcommand argv[1] names and returns its exit code. No argument:
 * one usage line on stderr, 2. --help: every usage on stdout, 0. An unknown
 * command: one line listing the known ones, 2. */
int fg_subcmd_main(const struct fg_tool *t, int argc, char **argv);

#endif
