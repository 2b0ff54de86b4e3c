/* probes.c — one curl multi loop for all probes, so the total wait is the
 * slowest probe's, never the sum; every transfer carries its own timeout and
 * lib/http's rules (http(s) only, no redirect, the proxy rules). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "curlapi.h"
#include "http.h"
#include "probes.h"
#include "clock.h"

#define POLL_MS 100

/* Set by probe_load: nothing here runs before it. */
static const struct curlapi *curl;

struct probe_ctx {
	size_t received;
	int capped;             /* the body passed PROBE_BODY_MAX: stop reading, not an error */
	size_t index;
	long long started_ms;   /* curl's own total time is not set for an aborted body */
	long timeout_ms;
};

int
probe_url_check(const char *url, const char **problem, const char **reason)
{
	struct fg_url u;
	int rc = fg_url_parse(curl, url, &u, problem);

	if (rc > 0)
		*reason = strncmp(*problem, "unsupported scheme", 18) == 0 ? "unsupported_protocol" :
		    "invalid_url";
	return rc;
}

static size_t
discard_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct probe_ctx *c = arg;
	size_t len = size * nmemb;

	(void)data;
	if (c->received + len > PROBE_BODY_MAX) {
		c->capped = 1;
		return 0;
	}
	c->received += len;
	return len;
}

/* NULL when out of memory: a setopt that copies its string can fail so too. */
static CURL *
make_easy(const char *url, long timeout_ms, struct probe_ctx *c)
{
	struct fg_http_conf conf = { url, "fg-spawn/" FG_VERSION, timeout_ms, 0, 0, NULL };
	CURL *h = curl->easy_init();

	if (h == NULL)
		return NULL;
	if (fg_http_setup(curl, h, &conf) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_body) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_WRITEDATA, c) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_PRIVATE, c) != CURLE_OK) {
		curl->easy_cleanup(h);
		return NULL;
	}
	return h;
}

static void
describe_failure(CURLcode rc, long oserr, long timeout_ms, struct probe_result *r)
{
	struct fg_http_failure f = { rc, oserr, NULL, timeout_ms, (long long)PROBE_BODY_MAX };

	if (rc == CURLE_OK)
		snprintf(r->errbuf, sizeof r->errbuf, "no HTTP status in the answer");
	else
		fg_http_describe(curl, &f, r->errbuf, sizeof r->errbuf);
	r->error = r->errbuf;
	r->reason = fg_http_reason(rc, oserr);
}

/* An answer: "none" for 2xx, else http_NNN. */
static void
describe_answer(long status, struct probe_result *r)
{
	r->error = NULL;
	r->ok = status >= 200 && status <= 299;
	if (r->ok)
		r->reason = "none";
	else {
		snprintf(r->reasonbuf, sizeof r->reasonbuf, "http_%03ld", status);
		r->reason = r->reasonbuf;
	}
}

/* -1 when the transfer ran out of memory: that fails the whole run. */
static int
finish(CURL *h, CURLcode rc, struct probe_result *res)
{
	struct probe_ctx *c = NULL;
	struct probe_result *r;
	long status = 0, oserr = 0;

	if (rc == CURLE_OUT_OF_MEMORY)
		return -1;
	curl->easy_getinfo(h, CURLINFO_PRIVATE, (char **)&c);
	r = &res[c->index];
	curl->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl->easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
	r->elapsed_ms = (long)(fg_now_ms() - c->started_ms);
	r->status = status;
	/* A body cut at the cap still answered: its status stands. */
	if (status != 0 && (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && c->capped)))
		describe_answer(status, r);
	else
		describe_failure(rc, oserr, c->timeout_ms, r);
	return 0;
}

static int
drain_done(CURLM *m, struct probe_result *res)
{
	CURLMsg *msg;
	int left, rc = 0;

	while ((msg = curl->multi_info_read(m, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE && finish(msg->easy_handle, msg->data.result, res) != 0)
			rc = -1;
	return rc;
}

/* A URL that is not http(s) gets its result here and no transfer. */
static int
add_all(CURLM *m, const char *const *urls, size_t n, long timeout_ms,
    struct probe_ctx *ctx, CURL **easy, struct probe_result *res)
{
	size_t i;
	int bad;

	for (i = 0; i < n; i++) {
		memset(&res[i], 0, sizeof res[i]);
		ctx[i].index = i;
		ctx[i].started_ms = fg_now_ms();
		ctx[i].timeout_ms = timeout_ms;
		if ((bad = probe_url_check(urls[i], &res[i].error, &res[i].reason)) != 0) {
			if (bad < 0)
				return -1;
			continue;
		}
		if ((easy[i] = make_easy(urls[i], timeout_ms, &ctx[i])) == NULL ||
		    curl->multi_add_handle(m, easy[i]) != CURLM_OK)
			return -1;
	}
	return 0;
}

/* Every failure of the multi interface itself is a lack of memory or descriptors. */
static int
run_loop(CURLM *m, struct probe_result *res)
{
	int running = 1;

	while (running) {
		if (curl->multi_perform(m, &running) != CURLM_OK || drain_done(m, res) != 0)
			return -1;
		if (running && curl->multi_poll(m, NULL, 0, POLL_MS, NULL) != CURLM_OK)
			return -1;
	}
	return 0;
}

int
probe_load(const char *cmd, struct fg_err *e)
{
	if (curl == NULL && (curl = fg_curl_loaded(cmd, e)) == NULL)
		return e->code;
	return 0;
}

int
probe_urls(const char *const *urls, size_t n, long timeout_ms,
    struct probe_result *res, struct fg_err *e)
{
	struct probe_ctx *ctx = NULL;
	CURL **easy = NULL;
	CURLM *m = NULL;
	size_t i;
	int rc = 0;

	if (probe_load("probe", e) != 0)
		return e->code;
	ctx = calloc(n + 1, sizeof *ctx);
	easy = calloc(n + 1, sizeof *easy);
	m = curl->multi_init();
	if (ctx == NULL || easy == NULL || m == NULL)
		rc = fg_err_set(e, FG_ERUNTIME, "probe: cannot set up libcurl (out of memory)");
	else if (add_all(m, urls, n, timeout_ms, ctx, easy, res) != 0 || run_loop(m, res) != 0)
		rc = fg_err_set(e, FG_ERUNTIME, "probe: libcurl failed (out of memory or descriptors)");
	for (i = 0; easy != NULL && i < n; i++) {
		if (easy[i] == NULL)
			continue;
		curl->multi_remove_handle(m, easy[i]);
		curl->easy_cleanup(easy[i]);
	}
	if (m != NULL)
		curl->multi_cleanup(m);
	free(easy);
	free(ctx);
	return rc;
}
