/* httpcheck.c — one curl multi loop for all probes, so the total wait is the
 * slowest probe's, never the sum; every transfer carries its own timeout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>

#include "httpcheck.h"
#include "timeutil.h"

#define POLL_MS 100

struct probe_ctx {
	size_t received;
	int capped;             /* the body passed PROBE_BODY_MAX: stop reading, not an error */
	size_t index;
	long long started_ms;   /* curl's own total time is not set for an aborted body */
};

const char *
probe_url_problem(const char *url, const char **reason)
{
	CURLU *u = curl_url();
	char *scheme = NULL;
	const char *problem = NULL, *why = "error";

	if (u == NULL)
		problem = "out of memory";
	else if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		problem = "invalid url";
		why = "invalid_url";
	} else if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0) {
		problem = "unsupported protocol (only http and https)";
		why = "unsupported_protocol";
	}
	curl_free(scheme);
	curl_url_cleanup(u);
	if (reason != NULL)
		*reason = why;
	return problem;
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

static CURL *
make_easy(const char *url, long timeout_ms, struct probe_ctx *c)
{
	CURL *h = curl_easy_init();

	if (h == NULL)
		return NULL;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	/* A proxy from the environment must not stand between us and a local service. */
	curl_easy_setopt(h, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
	curl_easy_setopt(h, CURLOPT_USERAGENT, "fg-spawn/" FG_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(h, CURLOPT_PRIVATE, c);
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
	snprintf(r->errbuf, sizeof r->errbuf, "%s", text ? text : curl_easy_strerror(rc));
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

static void
finish(CURL *h, CURLcode rc, struct probe_result *res)
{
	struct probe_ctx *c = NULL;
	struct probe_result *r;
	long status = 0, oserr = 0;

	curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&c);
	r = &res[c->index];
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
	r->elapsed_ms = (long)(now_ms() - c->started_ms);
	r->status = status;
	/* A body cut at the cap still answered: its status stands. */
	if (status != 0 && (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && c->capped)))
		describe_answer(status, r);
	else
		describe_failure(rc, oserr, r);
}

static void
drain_done(CURLM *m, struct probe_result *res)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(m, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE)
			finish(msg->easy_handle, msg->data.result, res);
}

static int
add_all(CURLM *m, const char *const *urls, size_t n, long timeout_ms,
    struct probe_ctx *ctx, CURL **easy, struct probe_result *res)
{
	const char *problem;
	size_t i;

	for (i = 0; i < n; i++) {
		memset(&res[i], 0, sizeof res[i]);
		ctx[i].index = i;
		ctx[i].started_ms = now_ms();
		if ((problem = probe_url_problem(urls[i], &res[i].reason)) != NULL) {
			res[i].error = problem;
			continue;
		}
		if ((easy[i] = make_easy(urls[i], timeout_ms, &ctx[i])) == NULL ||
		    curl_multi_add_handle(m, easy[i]) != CURLM_OK)
			return -1;
	}
	return 0;
}

static int
run_loop(CURLM *m, struct probe_result *res)
{
	int running = 1;

	while (running) {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			return -1;
		drain_done(m, res);
		if (running && curl_multi_poll(m, NULL, 0, POLL_MS, NULL) != CURLM_OK)
			return -1;
	}
	return 0;
}

/* libcurl's global setup (TLS libraries included) costs milliseconds, so
 * only the commands that make HTTP requests pay for it, once. */
static int
http_init_once(void)
{
	static int done;

	if (done)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	atexit(curl_global_cleanup);
	done = 1;
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

	if (http_init_once() != 0)
		return fg_err_set(e, FG_ERUNTIME, "probe: cannot initialise libcurl");
	ctx = calloc(n + 1, sizeof *ctx);
	easy = calloc(n + 1, sizeof *easy);
	m = curl_multi_init();
	if (ctx == NULL || easy == NULL || m == NULL)
		rc = fg_err_set(e, FG_ERUNTIME, "probe: cannot set up libcurl (out of memory)");
	else if (add_all(m, urls, n, timeout_ms, ctx, easy, res) != 0 || run_loop(m, res) != 0)
		rc = fg_err_set(e, FG_ERUNTIME, "probe: libcurl failed (out of memory?)");
	for (i = 0; easy != NULL && i < n; i++) {
		if (easy[i] == NULL)
			continue;
		curl_multi_remove_handle(m, easy[i]);
		curl_easy_cleanup(easy[i]);
	}
	if (m != NULL)
		curl_multi_cleanup(m);
	free(easy);
	free(ctx);
	return rc;
}
