/* request.h — one HTTP request at a time over libcurl: bounded body, no
 * redirects, http and https only, no proxy for loopback, and a wait that a
 * signal (sig.h) ends at once. */
#ifndef FG_OAUTH_REQUEST_H
#define FG_OAUTH_REQUEST_H

#include <stddef.h>

#include "err.h"
#include "http.h"

#define HTTP_BODY_MAX ((size_t)1 << 20)   /* a larger answer is an error, not a hang */

struct http_request {
	const char *method;         /* GET, POST, DELETE */
	const char *url;
	const char *bearer;         /* the Authorization: Bearer value; never logged */
	const char *json;           /* the body of a POST, or NULL */
	long timeout_ms;            /* connect and whole transfer */
	int interruptible;          /* a signal ends the wait */
};

struct http_response {
	long status;                /* 0: no HTTP answer */
	char *body;                 /* NUL-terminated; free with http_response_free */
	size_t len;
	int too_big;                /* the body passed HTTP_BODY_MAX */
	int interrupted;            /* a signal ended the wait */
	int timed_out;
	char version[64];           /* X-CPA-VERSION, when sent and plain; else "" */
	char error[256];            /* why there is no answer */
};

/* Loads libcurl (dlopen, once: commands that make no request never do);
 * 0, or the exit code after one line naming cmd and the loader's reason. */
int http_load(const char *cmd);
/* libcurl's global setup, once. */
int http_init(struct fg_err *e);
/* Whether url is an http:// or https:// URL with a host and no user or
 * password (NULL, with u filled), else why not. http_load first. */
const char *http_url_problem(const char *url, struct fg_url *u);
/* Returns 0 when an answer came (any status), -1 when none did (r->error,
 * r->interrupted, r->timed_out or r->too_big says why; no body is kept). */
int http_send(const struct http_request *q, struct http_response *r);
void http_response_free(struct http_response *r);
/* A %-escaped copy of s for a query string (free() it); NULL when out of memory. */
char *http_escape(const char *s);

#endif
