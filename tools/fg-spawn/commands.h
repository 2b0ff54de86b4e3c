/* commands.h — the subcommands main dispatches to; each returns the exit code. */
#ifndef FG_SPAWN_COMMANDS_H
#define FG_SPAWN_COMMANDS_H

#include <stdio.h>

int cmd_start(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_port(int argc, char **argv);

void usage_start(FILE *f);
void usage_stop(FILE *f);
void usage_status(FILE *f);
void usage_probe(FILE *f);
void usage_port(FILE *f);

#endif
