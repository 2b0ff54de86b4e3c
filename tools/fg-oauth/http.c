/* http.c — curl's multi interface for a single transfer, so its wait can
 * include the signal pipe: Ctrl-C ends a stalled request at once, not at
 * its timeout. One multi handle for the whole run keeps connections alive
 * between polls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "bodybuf.h"
#include "http.h"
#include "sig.h"

#define POLL_MS 1000

static CURLM *multi;

struct sink {
	struct http_response *r;
	size_t cap;
};

int
http_init(struct fg_err *e)
{
	if (multi != NULL)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || (multi = curl_multi_init()) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "http: cannot initialise libcurl");
	return 0;
}

const char *
http_url_problem(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	const char *problem = NULL;

	if (u == NULL)
		problem = "out of memory";
	else if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
		problem = "not a URL (http://HOST:PORT)";
	else if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0)
		problem = "unsupported scheme (only http and https)";
	else if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || host[0] == '\0')
		problem = "no host in the URL";
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return problem;
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

static CURL *
make_easy(const struct http_request *q, struct curl_slist *hdrs, struct sink *s)
{
	CURL *h = curl_easy_init();

	if (h == NULL)
		return NULL;
	curl_easy_setopt(h, CURLOPT_URL, q->url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, q->method);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, q->timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, q->timeout_ms);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	/* A proxy from the environment must not stand between us and a local service. */
	curl_easy_setopt(h, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
	curl_easy_setopt(h, CURLOPT_USERAGENT, "fg-oauth/" FG_VERSION);
	curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
	curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, q->bearer);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	if (q->json != NULL) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, q->json);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(q->json));
	}
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
	return h;
}

static void
describe(CURL *h, CURLcode rc, const struct http_request *q, struct http_response *r)
{
	long oserr = 0;

	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
	r->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
	if (r->too_big)
		snprintf(r->error, sizeof r->error, "answer larger than %zu bytes", HTTP_BODY_MAX);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(r->error, sizeof r->error, "no answer within %g s",
		    (double)q->timeout_ms / 1000.0);
	else if (rc == CURLE_COULDNT_CONNECT && oserr != 0)
		snprintf(r->error, sizeof r->error, "cannot connect: %s", strerror((int)oserr));
	else if (rc == CURLE_GOT_NOTHING)
		snprintf(r->error, sizeof r->error, "the connection closed without an answer");
	else
		snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(rc));
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
		if (curl_multi_perform(multi, &running) != CURLM_OK)
			return -2;
		while ((msg = curl_multi_info_read(multi, &left)) != NULL)
			if (msg->msg == CURLMSG_DONE && msg->easy_handle == h)
				*result = msg->data.result;
		if (running && curl_multi_poll(multi, interruptible ? &wfd : NULL,
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
	hdrs = curl_slist_append(NULL, "Accept: application/json");
	if (hdrs != NULL && q->json != NULL &&
	    curl_slist_append(hdrs, "Content-Type: application/json") == NULL) {
		curl_slist_free_all(hdrs);
		hdrs = NULL;
	}
	if (hdrs == NULL || (h = make_easy(q, hdrs, &s)) == NULL ||
	    curl_multi_add_handle(multi, h) != CURLM_OK) {
		snprintf(r->error, sizeof r->error, "out of memory");
		goto out;
	}
	ran = run(h, q->interruptible, &result);
	curl_multi_remove_handle(multi, h);
	if (ran == -1) {
		r->interrupted = 1;
		snprintf(r->error, sizeof r->error, "interrupted");
	} else if (ran == -2) {
		snprintf(r->error, sizeof r->error, "libcurl failed (out of memory?)");
	} else if (result != CURLE_OK) {
		describe(h, result, q, r);
	} else {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
		rc = r->status != 0 ? 0 : -1;
		if (rc != 0)
			snprintf(r->error, sizeof r->error, "no HTTP status in the answer");
	}
out:
	if (h != NULL)
		curl_easy_cleanup(h);
	curl_slist_free_all(hdrs);
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
	char *c = curl_easy_escape(NULL, s, 0), *copy;

	if (c == NULL)
		return NULL;
	copy = strdup(c);
	curl_free(c);
	return copy;
}
