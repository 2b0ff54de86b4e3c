/* transfer.h — libcurl as fg-fetch uses it: small GETs into memory (the release
 * API, checksums) and one download streamed to a sink. Redirects are
 * followed over http and https only; every wait is bounded. */
#ifndef FG_FETCH_TRANSFER_H
#define FG_FETCH_TRANSFER_H

#include <stddef.h>

#include "err.h"

struct http_reply {
	long status;
	char *body;                 /* NUL-terminated; free with http_reply_free */
	size_t len;
	long long rate_remaining;   /* x-ratelimit-remaining, -1 when absent */
	long long rate_reset;       /* x-ratelimit-reset (epoch s), -1 when absent */
	char error[256];            /* why no answer came */
};

/* Receives the body as it arrives; returns 0, or -1 to stop the transfer. */
typedef int (*http_sink)(void *arg, const char *data, size_t len);

struct http_download {
	const char *url;
	const char *label;          /* what the progress bar names */
	long long max;              /* bytes; more ends the transfer */
	http_sink sink;
	void *arg;
	int progress;               /* draw a progress bar on stderr */
	long status;                /* out: the final HTTP status */
	long long got;              /* out: body bytes received */
	char error[256];            /* out: why it failed */
};

/* token (GITHUB_TOKEN, or NULL) goes as "Authorization: Bearer" to the API's
 * origin (api_base's scheme, host and port) only, never across a redirect
 * to another host. Both strings are kept, not copied. */
int http_init(const char *api_base, const char *token, struct fg_err *e);
/* GET url (Accept: accept) into r, at most max bytes of body. 0 when an
 * HTTP answer came, whatever its status; -1 with r->error otherwise. */
int http_get(const char *url, const char *accept, size_t max, struct http_reply *r);
void http_reply_free(struct http_reply *r);
/* GET d->url into d->sink. 0 for a complete 2xx body; -1 with d->error for
 * an HTTP error status, a body cut short or past d->max, a stall, a
 * timeout, a refused sink or an interrupt. */
int http_stream(struct http_download *d);

#endif
