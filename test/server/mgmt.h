/* mgmt.h — /v0/management/...: CLIProxyAPIPlus's management API as fg-oauth
 * meets it, with the login's course chosen by a scenario, and the routes and
 * version of an older proxy (see mgmt.c). */
#ifndef FG_TESTSERVER_MGMT_H
#define FG_TESTSERVER_MGMT_H

#include "http.h"

struct mgmt_opts {
	const char *key;        /* NULL: every management path answers 404 */
	const char *auth_dir;   /* where logins write auth files; NULL: none */
	const char *scenario;   /* NULL: ok-after-3 */
	const char *log;        /* the request log, or NULL */
	const char *version;    /* X-CPA-VERSION; NULL: MGMT_VERSION, "": none */
	const char *without;    /* routes an older proxy lacks: "kiro-auth-url,..." */
};

#define MGMT_VERSION "6.6.0-test"

/* Takes the options (kept, not copied); -1 for an unknown scenario, with the
 * known ones in *known. */
int mgmt_configure(const struct mgmt_opts *o, const char **known);
void handle_mgmt(struct http_req *r, const char *rest);
/* The string value of "key" in a flat JSON object (no escapes in it), or NULL. */
const char *json_string_field(const char *json, const char *key, char *out, size_t size);
/* The value of name in the query string (no %-escapes expected), or NULL. */
const char *query_param(const char *query, const char *name, char *out, size_t size);

#endif
