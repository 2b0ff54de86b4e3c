/* request.c — curl's multi interface for a single transfer, so its wait can
 * include the signal pipe: Ctrl-C ends a stalled request at once, not at
 * its timeout. One multi handle for the whole run keeps connections alive
 * between polls. Every request is held to lib/http's rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "bodybuf.h"
#include "commands.h"
#include "curlapi.h"
#include "http.h"
#include "request.h"
#include "sig.h"

#define POLL_MS 1000

static const struct curlapi *curl;
static CURLM *multi;

struct sink {
	struct http_response *r;
	size_t cap;
};

int
http_load(const char *cmd)
{
	struct fg_err e = { 0 };

	if (curl == NULL && (curl = fg_curl_loaded(cmd, &e)) == NULL) {
		fg_err_print(PROG, &e);
		return e.code;
	}
	return 0;
}

int
http_init(struct fg_err *e)
{
	if (multi != NULL)
		return 0;
	if (curl == NULL && (curl = fg_curl_loaded("http", e)) == NULL)
		return e->code;
	if ((multi = curl->multi_init()) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "http: cannot initialise libcurl");
	return 0;
}

const char *
http_url_problem(const char *url, struct fg_url *u)
{
	struct fg_err e = { 0 };
	const char *problem = NULL;

	if (curl == NULL && (curl = fg_curl_loaded("http", &e)) == NULL)
		return "libcurl did not load";
	return fg_url_parse(curl, url, u, &problem) != 0 ? problem : NULL;
}

static size_t
keep_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t len = size * nmemb;
	int rc = fg_body_append(&s->r->body, &s->r->len, &s->cap, HTTP_BODY_MAX, data, len);

	if (rc > 0)
		s->r->too_big = 1;
	return rc == 0 ? len : 0;
}

/* CLIProxyAPIPlus's management middleware names its version in
 * X-CPA-VERSION. A value is kept only when it is a plain word, so it can be
 * printed as it is. */
static size_t
keep_version(char *data, size_t size, size_t nmemb, void *arg)
{
	static const char name[] = "X-CPA-VERSION:";
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-_+";
	struct sink *s = arg;
	size_t len = size * nmemb, skip = sizeof name - 1, n;

	if (len <= skip || strncasecmp(data, name, skip) != 0)
		return len;
	while (skip < len && (data[skip] == ' ' || data[skip] == '\t'))
		skip++;
	n = 0;
	while (skip + n < len && strchr(plain, data[skip + n]) != NULL && data[skip + n] != '\0')
		n++;
	if (n > 0 && n < sizeof s->r->version && strspn(data + skip + n, " \t\r\n") == len - skip - n)
		snprintf(s->r->version, sizeof s->r->version, "%.*s", (int)n, data + skip);
	return len;
}

static CURL *
make_easy(const struct http_request *q, struct curl_slist *hdrs, struct sink *s)
{
	struct fg_http_conf conf = { q->url, "fg-oauth/" FG_VERSION, q->timeout_ms, 0, 0, NULL };
	CURL *h = curl->easy_init();

	if (h == NULL)
		return NULL;
	if (fg_http_setup(curl, h, &conf) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_CUSTOMREQUEST, q->method) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_XOAUTH2_BEARER, q->bearer) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_HTTPHEADER, hdrs) != CURLE_OK ||
	    (q->json != NULL &&
	    (curl->easy_setopt(h, CURLOPT_POSTFIELDS, q->json) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(q->json)) != CURLE_OK)) ||
	    curl->easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_body) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_WRITEDATA, s) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_HEADERFUNCTION, keep_version) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_HEADERDATA, s) != CURLE_OK) {
		curl->easy_cleanup(h);
		return NULL;
	}
	return h;
}

static void
describe(CURL *h, CURLcode rc, const struct http_request *q, struct http_response *r)
{
	struct fg_http_failure f = { rc, 0, NULL, q->timeout_ms, (long long)HTTP_BODY_MAX };

	curl->easy_getinfo(h, CURLINFO_OS_ERRNO, &f.oserr);
	r->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
	if (r->too_big)
		f.rc = CURLE_FILESIZE_EXCEEDED;
	fg_http_describe(curl, &f, r->error, sizeof r->error);
}

/* Runs the transfer; returns its result, or -1 when a signal ended it. */
static int
run(CURL *h, int interruptible, CURLcode *result)
{
	struct curl_waitfd wfd = { sig_fd(), CURL_WAIT_POLLIN, 0 };
	CURLMsg *msg;
	int running = 1, left;

	while (running) {
		if (interruptible && sig_caught())
			return -1;
		if (curl->multi_perform(multi, &running) != CURLM_OK)
			return -2;
		while ((msg = curl->multi_info_read(multi, &left)) != NULL)
			if (msg->msg == CURLMSG_DONE && msg->easy_handle == h)
				*result = msg->data.result;
		if (running && curl->multi_poll(multi, interruptible ? &wfd : NULL,
		    interruptible ? 1 : 0, POLL_MS, NULL) != CURLM_OK)
			return -2;
	}
	return 0;
}

int
http_send(const struct http_request *q, struct http_response *r)
{
	struct curl_slist *hdrs;
	struct sink s = { r, 0 };
	CURLcode result = CURLE_OK;
	CURL *h = NULL;
	int rc = -1, ran = -2;

	memset(r, 0, sizeof *r);
	hdrs = curl->slist_append(NULL, "Accept: application/json");
	if (hdrs != NULL && q->json != NULL &&
	    curl->slist_append(hdrs, "Content-Type: application/json") == NULL) {
		curl->slist_free_all(hdrs);
		hdrs = NULL;
	}
	if (hdrs == NULL || (h = make_easy(q, hdrs, &s)) == NULL ||
	    curl->multi_add_handle(multi, h) != CURLM_OK) {
		snprintf(r->error, sizeof r->error, "out of memory");
		goto out;
	}
	ran = run(h, q->interruptible, &result);
	curl->multi_remove_handle(multi, h);
	if (ran == -1) {
		r->interrupted = 1;
		snprintf(r->error, sizeof r->error, "interrupted");
	} else if (ran == -2) {
		snprintf(r->error, sizeof r->error, "libcurl failed (out of memory?)");
	} else if (result != CURLE_OK) {
		describe(h, result, q, r);
	} else {
		curl->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
		rc = r->status != 0 ? 0 : -1;
		if (rc != 0)
			snprintf(r->error, sizeof r->error, "no HTTP status in the answer");
	}
out:
	if (h != NULL)
		curl->easy_cleanup(h);
	curl->slist_free_all(hdrs);
	if (rc == 0 && r->body == NULL && (r->body = calloc(1, 1)) == NULL) {
		snprintf(r->error, sizeof r->error, "out of memory");
		rc = -1;
	}
	if (rc != 0)
		http_response_free(r);
	return rc;
}

void
http_response_free(struct http_response *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}

char *
http_escape(const char *s)
{
	char *c = curl->easy_escape(NULL, s, 0), *copy;

	if (c == NULL)
		return NULL;
	copy = strdup(c);
	curl->free(c);
	return copy;
}
