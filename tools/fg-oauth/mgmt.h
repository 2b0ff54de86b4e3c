/* mgmt.h — calls to CLIProxyAPIPlus's management API, each answer sorted
 * into: a JSON object, a failure worth another try (no answer, 5xx, 429),
 * a failure that ends the login (401, 403, 404, garbage), or a signal. */
#ifndef FG_OAUTH_MGMT_H
#define FG_OAUTH_MGMT_H

#include <stddef.h>
#include <cjson/cJSON.h>

#define MGMT_PREFIX "/v0/management"
#define MGMT_TEXT 512

struct mgmt {
	const char *base;           /* http(s)://HOST:PORT, no trailing slash */
	const char *key;            /* the Bearer key: never printed */
	const char *key_source;     /* the key file, or the variable, for hints */
};

enum mgmt_outcome { MGMT_OK, MGMT_RETRY, MGMT_FAIL, MGMT_INTERRUPTED };

struct mgmt_reply {
	enum mgmt_outcome outcome;
	long status;                /* HTTP status, 0 when no answer */
	cJSON *json;                /* MGMT_OK: the answer, an object (mgmt_reply_free) */
	char error[MGMT_TEXT];      /* otherwise: what happened, "GET PATH: ..." */
	char hint[MGMT_TEXT];       /* and what to do */
	char version[64];           /* the proxy's X-CPA-VERSION, or "" */
};

/* METHOD base+path[?query], with body (an object) as JSON when not NULL. */
void mgmt_call(const struct mgmt *m, const char *method, const char *path,
    const char *query, const cJSON *body, long timeout_ms, int interruptible,
    struct mgmt_reply *r);
void mgmt_reply_free(struct mgmt_reply *r);
/* --base IN checked (an http(s) URL, no user, query or fragment) and copied
 * to OUT without trailing slashes: 0, or FG_EUSAGE (FG_ERUNTIME when
 * libcurl, which parses it, does not load) after the one line. */
int mgmt_base(const char *cmd, const char *in, char *out, size_t size);
/* The string member name of obj, or NULL. */
const char *json_str(const cJSON *obj, const char *name);

#endif
