/* client.h — what fg-client's parts share: the stack the clients are pointed
 * at (from the normalized config), a client's file, edits and records. */
#ifndef FG_CLIENT_CLIENT_H
#define FG_CLIENT_CLIENT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <cjson/cJSON.h>

#include "err.h"

#define PROG "fg-client"
#define URL_MAX 600
#define KEY_MAX 4096            /* a client key file is one short line */
#define CLIENT_FILE_MAX ((size_t)8 << 20)

enum client { CLIENT_CODEX, CLIENT_CLAUDE };

/* What the clients are pointed at. */
struct target {
	char base[URL_MAX];         /* http://host:port, LiteLLM's, no trailing slash */
	char codex_base[URL_MAX];   /* base + /v1 */
	const char *default_model, *fast_model;
	const char *env_key;        /* the variable Codex reads the key from */
	const char *key_file;
	const char *runtime_dir;
};

/* Loads the normalized config from path (NULL or "-": stdin), or from the
 * descriptor fd when it is not -1 (then closed, so a client exec'd later
 * never holds it), and fills t from it. The tree lives until exit. */
int config_load(const char *path, int fd, struct target *t, struct fg_err *e);
/* Parses --config-fd's N: a descriptor number above 2. */
int config_fd_parse(const char *s, int *fd);

int client_parse(const char *name, enum client *c);
const char *client_name(enum client c);

/* Fills t from the normalized config; the default model is the first
 * model_name of the active config, then of litellm_base.model_list. */
int target_load(const cJSON *cfg, struct target *t, struct fg_err *e);
/* Reads the key file (one line, trailing white space dropped) into key
 * (KEY_MAX). Returns 0, or -1 with e set (a missing file says how to make it). */
int target_key(const struct target *t, char *key, struct fg_err *e);

/* A client's file: the path the client reads, and the file written (the
 * symlink's target when the path is one). */
struct client_file {
	char path[4096];
	char real[4096];
	int exists;
	mode_t mode;
	char *text;                 /* the contents ("" when absent), NUL-terminated */
	size_t len;
};

/* The file client c reads: $CODEX_HOME/config.toml or ~/.codex/config.toml;
 * $CLAUDE_CONFIG_DIR/settings.json or ~/.claude/settings.json. override,
 * when not NULL, names it instead. */
int client_file_path(enum client c, const char *override, char *buf, size_t size, struct fg_err *e);
/* Loads it (absent is not an error); free with client_file_free. */
int client_file_load(struct client_file *f, const char *path, struct fg_err *e);
void client_file_free(struct client_file *f);
/* Copies the current file to <path>.backup.<epoch> (mode 0600, never over
 * an existing file); backup gets its path. */
int client_file_backup(const struct client_file *f, char *backup, size_t size, struct fg_err *e);
/* Writes text atomically over f's file (its folder made 0700 when missing),
 * with mode (0: the file's own mode, 0600 for a new file). */
int client_file_save(const struct client_file *f, const char *text, size_t len, mode_t mode,
    struct fg_err *e);

/* One change of a byte splice: replace len bytes at at by text. */
struct edit {
	size_t at, len;
	char *text;
	size_t seq;                 /* insertions at one place keep their order */
};
struct edits {
	struct edit *v;
	size_t n, cap;
};
int edits_add(struct edits *x, size_t at, size_t len, const char *text);
/* The source with every edit made (edits do not overlap); free() it. */
char *edits_apply(const struct edits *x, const char *src, size_t len, size_t *outlen);
void edits_free(struct edits *x);

/* A record of what apply replaced, for revert: {"client", "path", "items":
 * {NAME: {"before": V|null, "applied": V|null}}} in
 * RUNTIME/integration/CLIENT-HASH.json (mode 0600). */
int record_path(const struct target *t, enum client c, const char *file, char *buf, size_t size);
/* The record, or NULL when there is none (e not set) or it is unreadable (e set). */
cJSON *record_load(const char *path, struct fg_err *e);
int record_save(const char *path, const cJSON *rec, struct fg_err *e);
/* The before value an item keeps: the old record's, when the value now
 * there is what that record applied (a second apply), else now. */
const cJSON *record_before(const cJSON *old, const char *item, const cJSON *now);
/* Adds {"before", "applied"} (copies; NULL is null) under items.item. */
int record_item(cJSON *rec, const char *item, const cJSON *before, const cJSON *applied);

/* The outcome of an apply or revert, printed by main. */
struct change {
	char planned[4096], backup[4200], saved[4096];
	int changed;
	int removed;                /* revert deleted the file apply had made */
	char items[2048];           /* the items changed, space-separated */
	char kept[2048];            /* revert: items left as the user changed them */
};

/* codex.c */
int codex_apply(struct client_file *f, const struct target *t, const cJSON *old_rec,
    cJSON *rec, char **out, size_t *outlen, struct change *ch, struct fg_err *e);
int codex_revert(struct client_file *f, const cJSON *rec, char **out, size_t *outlen,
    struct change *ch, struct fg_err *e);
void codex_print(FILE *out, const struct target *t);
/* What Codex will use: the provider (a selected profile's wins over the
 * top-level one), its base_url and env_key; "" when unset. */
struct codex_view {
	int parsed;                 /* the file exists and scanned */
	char top_provider[256], provider[256], profile[256], env_key[256];
	char source[300];           /* config.toml, or profiles.NAME */
	char base_url[URL_MAX];
};
int codex_view(const struct client_file *f, struct codex_view *v, struct fg_err *e);

/* claude.c */
int claude_apply(struct client_file *f, const struct target *t, const char *key,
    const cJSON *old_rec, cJSON *rec, char **out, size_t *outlen, struct change *ch,
    struct fg_err *e);
int claude_revert(struct client_file *f, const cJSON *rec, char **out, size_t *outlen,
    struct change *ch, struct fg_err *e);
/* The env block apply writes, as a JSON object; key NULL puts a reference
 * to the key file in place of the token. */
cJSON *claude_env(const struct target *t, const char *key);
/* Loads a settings file's JSON object (absent or empty: an empty object). */
cJSON *claude_load(const char *text, size_t len, const char *name, struct fg_err *e);

/* Appends word to the space-separated list buf. */
void word_add(char *buf, size_t size, const char *word);

#endif
