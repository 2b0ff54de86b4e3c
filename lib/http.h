/* http.h — what every HTTP request FlowGate makes is held to, in one place:
 * http and https only (redirects too, at most FG_HTTP_REDIRS_MAX of them and
 * only where asked for), bounded waits, no signals, the proxy the
 * environment names except for the hosts in NO_PROXY and loopback (never
 * proxied), every option checked; one vocabulary for why a request got no
 * answer; and URLs taken apart by libcurl's URL parser, never by hand. */
#ifndef FG_HTTP_H
#define FG_HTTP_H

#include <stddef.h>

#include "curlapi.h"

#define FG_HTTP_REDIRS_MAX 5L

struct fg_http_conf {
	const char *url;
	const char *agent;          /* "fg-NAME/VERSION" */
	long timeout_ms;            /* the whole transfer; 0: none (a download bounds it so) */
	long connect_ms;            /* connecting; 0: timeout_ms */
	int follow;                 /* follow redirects (at most FG_HTTP_REDIRS_MAX) */
	char *errbuf;               /* CURL_ERROR_SIZE bytes for libcurl's words, or NULL */
};

/* Sets conf's options on h, each checked. CURLE_OK, or the code of the
 * first option libcurl refused (out of memory, or a libcurl too old). */
CURLcode fg_http_setup(const struct curlapi *c, CURL *h, const struct fg_http_conf *conf);

/* The hosts a proxy from the environment must not be used for: NO_PROXY (or
 * no_proxy, as curl reads them), then localhost, 127.0.0.0/8 and ::1. */
const char *fg_http_noproxy(void);

/* One word for why a transfer got no HTTP answer: timeout, dns,
 * connection_refused, connect_failed, empty_reply, tls, invalid_url,
 * unsupported_protocol, too_many_redirects, answer_too_large,
 * interrupted, error. */
const char *fg_http_reason(CURLcode rc, long oserr);

/* The same in words, for a message (the caller adds where). */
struct fg_http_failure {
	CURLcode rc;
	long oserr;                 /* CURLINFO_OS_ERRNO */
	const char *errbuf;         /* libcurl's words, or NULL */
	long timeout_ms;            /* for "no answer within S s" */
	long long max;              /* for "larger than the N bytes allowed" */
};
void fg_http_describe(const struct curlapi *c, const struct fg_http_failure *f, char *out,
    size_t size);

/* A URL taken apart: its scheme (lower case), host (an IPv6 one in
 * brackets), port (the scheme's when none is given), path ("/" when none),
 * query ("" when none), and base, scheme://host:port. */
struct fg_url {
	char scheme[8];
	char host[300];
	char port[8];
	char path[2048];
	char query[1024];
	char base[340];
};

/* 0 with u filled; 1 with *problem when url is not an http(s) URL FlowGate
 * takes: not a URL, another scheme, no host, or a user or password in it
 * (refused: it would be logged); -1 when out of memory. */
int fg_url_parse(const struct curlapi *c, const char *url, struct fg_url *u, const char **problem);

#endif
