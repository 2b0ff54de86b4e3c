/* commands.h — the subcommands main dispatches to; each returns the exit code. */
#ifndef FG_CLIENT_COMMANDS_H
#define FG_CLIENT_COMMANDS_H

#include <stdio.h>

#include "subcmd.h"

int cmd_print(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_revert(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_exec(int argc, char **argv);

void usage_print(FILE *f);
void usage_apply(FILE *f);
void usage_revert(FILE *f);
void usage_check(FILE *f);
void usage_exec(FILE *f);

#endif
