/* import.h — what each headless import knows of its provider: where the
 * login it copies lives, and how it becomes CLIProxyAPIPlus's auth file.
 * import.c does the rest (read, write atomically, print, log) for all. */
#ifndef FG_OAUTH_IMPORT_H
#define FG_OAUTH_IMPORT_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "err.h"

#define IMPORT_FAILED "headless import failed: "

struct importer {
	const char *provider;
	const char *dest_name;          /* the auth file's name in the folder */
	const char *missing_hint;       /* how to make the absent source */
	const char *const *shown;       /* the auth file's fields the summary copies */
	const char *notice;             /* once on stderr after a save */
	/* The source when --source is not given, into buf. */
	const char *(*default_source)(char *buf, size_t size);
	/* The auth file, or NULL with e set (never quoting a token). */
	cJSON *(*convert)(const cJSON *src, struct fg_err *e);
};

extern const struct importer import_codex, import_kiro;

/* $HOME, else the password database's, else "/". */
const char *import_home(void);
/* The non-empty string member name of obj, or NULL. */
const char *import_str(const cJSON *obj, const char *name);
/* Adds name: v to o unless v is NULL; 0 only when out of memory. */
int import_add(cJSON *o, const char *name, const char *v);

#endif
