/* commands.h — the subcommands main dispatches to; each returns the exit code. */
#ifndef FG_OAUTH_COMMANDS_H
#define FG_OAUTH_COMMANDS_H

#include <stdio.h>

#define PROG "fg-oauth"

int cmd_login(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_accounts(int argc, char **argv);
int cmd_check_key(int argc, char **argv);
int cmd_providers(int argc, char **argv);
int cmd_files(int argc, char **argv);
int cmd_usage(int argc, char **argv);

void usage_login(FILE *f);
void usage_import(FILE *f);
void usage_accounts(FILE *f);
void usage_check_key(FILE *f);
void usage_providers(FILE *f);
void usage_files(FILE *f);
void usage_usage(FILE *f);

#endif
