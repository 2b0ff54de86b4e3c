/* check.h — is a client wired to the stack, and does the stack answer it. */
#ifndef FG_CLIENT_CHECK_H
#define FG_CLIENT_CHECK_H

#include "client.h"

struct check_opts {
	double timeout;             /* seconds for the one request */
	int no_request;
	const char *codex_file, *claude_file;   /* --file, or NULL */
	const char *project;        /* the folder Claude Code would start in */
	const char *managed;        /* Claude Code's managed-settings.json */
};

struct check_result {
	char client[16];
	char state[16];             /* wired, overridden, not_wired, key_conflict, invalid */
	char base_url[URL_MAX];     /* what the client will use; "" when unset */
	char source[320];           /* where that came from */
	char key[16];               /* present, missing, conflict */
	int requested, reachable, models;
	char reason[64];            /* one token, when not reachable */
	char detail[1200];          /* more, for invalid and key_conflict */
	int ok;
};

void check_client(const struct check_opts *o, const struct target *t, enum client c,
    struct check_result *r);
/* Whether a settings file Claude Code reads (user, project, local,
 * managed) sets ANTHROPIC_AUTH_TOKEN or ANTHROPIC_API_KEY, which would win
 * over the token exec puts in its environment: 1 with where set to "FILE
 * sets NAME", 0 when none does, -1 with e set when one cannot be read. */
int claude_key_override(const struct check_opts *o, char *where, size_t size, struct fg_err *e);
/* The defaults of the options: the current folder as the project, the
 * platform's managed-settings.json, 5 s. */
void check_opts_default(struct check_opts *o, char *cwd, size_t size);
void check_print_sh(FILE *f, const struct check_result *r);
cJSON *check_json(const struct check_result *r);

#endif
