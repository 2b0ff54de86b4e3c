/* httpcheck.c — one curl multi loop for all probes, so the total wait is the
 * slowest probe's, never the sum; every transfer carries its own timeout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "curlapi.h"
#include "httpcheck.h"
#include "timeutil.h"

#define POLL_MS 100

/* Set by probe_load: nothing here runs before it. */
static const struct curlapi *curl;

struct probe_ctx {
	size_t received;
	int capped;             /* the body passed PROBE_BODY_MAX: stop reading, not an error */
	size_t index;
	long long started_ms;   /* curl's own total time is not set for an aborted body */
};

int
probe_url_check(const char *url, const char **problem, const char **reason)
{
	CURLU *u = curl->url();
	char *scheme = NULL;
	CURLUcode uc = CURLUE_OUT_OF_MEMORY;
	int rc = 0;

	if (u != NULL && (uc = curl->url_set(u, CURLUPART_URL, url, 0)) == CURLUE_OK)
		uc = curl->url_get(u, CURLUPART_SCHEME, &scheme, 0);
	if (uc == CURLUE_OUT_OF_MEMORY)
		rc = -1;
	else if (uc != CURLUE_OK) {
		*problem = "invalid url";
		*reason = "invalid_url";
		rc = 1;
	} else if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0) {
		*problem = "unsupported protocol (only http and https)";
		*reason = "unsupported_protocol";
		rc = 1;
	}
	curl->free(scheme);
	curl->url_cleanup(u);
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
	CURL *h = curl->easy_init();

	if (h == NULL)
		return NULL;
	if (curl->easy_setopt(h, CURLOPT_URL, url) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    /* A proxy from the environment must not stand between us and a local service. */
	    curl->easy_setopt(h, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1") != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_USERAGENT, "fg-spawn/" FG_VERSION) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_body) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_WRITEDATA, c) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_PRIVATE, c) != CURLE_OK) {
		curl->easy_cleanup(h);
		return NULL;
	}
	return h;
}

/* The one-word reason for a transfer that got no HTTP answer. */
static const char *
failure_reason(CURLcode rc, long oserr)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT: return "timeout";
	case CURLE_URL_MALFORMAT: return "invalid_url";
	case CURLE_UNSUPPORTED_PROTOCOL: return "unsupported_protocol";
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY: return "dns";
	case CURLE_GOT_NOTHING: return "empty_reply";
	case CURLE_COULDNT_CONNECT:
		return oserr == ECONNREFUSED ? "connection_refused" : "connect_failed";
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CLIENTCERT:
	case CURLE_USE_SSL_FAILED: return "tls";
	default: return "error";
	}
}

static void
describe_failure(CURLcode rc, long oserr, struct probe_result *r)
{
	const char *text;

	switch (rc) {
	case CURLE_OK: text = "no HTTP status in the answer"; break;
	case CURLE_OPERATION_TIMEDOUT: text = "timeout"; break;
	case CURLE_URL_MALFORMAT: text = "invalid url"; break;
	case CURLE_UNSUPPORTED_PROTOCOL: text = "unsupported protocol (only http and https)"; break;
	case CURLE_COULDNT_RESOLVE_HOST: text = "could not resolve host"; break;
	case CURLE_GOT_NOTHING: text = "empty reply"; break;
	case CURLE_COULDNT_CONNECT:
		text = oserr == ECONNREFUSED ? "connection refused" : NULL;
		if (text == NULL && oserr != 0)
			text = strerror((int)oserr);
		break;
	default: text = NULL; break;
	}
	snprintf(r->errbuf, sizeof r->errbuf, "%s", text ? text : curl->easy_strerror(rc));
	r->error = r->errbuf;
	r->reason = failure_reason(rc, oserr);
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
	r->elapsed_ms = (long)(now_ms() - c->started_ms);
	r->status = status;
	/* A body cut at the cap still answered: its status stands. */
	if (status != 0 && (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && c->capped)))
		describe_answer(status, r);
	else
		describe_failure(rc, oserr, r);
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
		ctx[i].started_ms = now_ms();
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
	if (curl == NULL && (curl = curlapi_get(cmd, e)) == NULL)
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
