/* http.c — the rules of http.h, set through the curlapi table so the tools
 * that load libcurl late and the ones that link it share them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

/* Loopback is never proxied: a local service must be reached directly. */
#define LOOPBACK "localhost,127.0.0.0/8,::1"

const char *
fg_http_noproxy(void)
{
	static char list[4096];
	const char *env;

	if (list[0] != '\0')
		return list;
	/* curl reads no_proxy first, then NO_PROXY; setting CURLOPT_NOPROXY
	 * replaces both, so the user's list is carried over. */
	if ((env = getenv("no_proxy")) == NULL || *env == '\0')
		env = getenv("NO_PROXY");
	if (env == NULL || *env == '\0' || strlen(env) + sizeof LOOPBACK + 1 > sizeof list)
		snprintf(list, sizeof list, "%s", LOOPBACK);
	else
		snprintf(list, sizeof list, "%s,%s", env, LOOPBACK);
	return list;
}

#define SET(opt, val) \
	do { \
		if ((rc = c->easy_setopt(h, opt, val)) != CURLE_OK) \
			return rc; \
	} while (0)

CURLcode
fg_http_setup(const struct curlapi *c, CURL *h, const struct fg_http_conf *conf)
{
	CURLcode rc;

	if (conf->errbuf != NULL) {
		conf->errbuf[0] = '\0';
		SET(CURLOPT_ERRORBUFFER, conf->errbuf);
	}
	SET(CURLOPT_URL, conf->url);
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SET(CURLOPT_FOLLOWLOCATION, conf->follow ? 1L : 0L);
	SET(CURLOPT_MAXREDIRS, conf->follow ? FG_HTTP_REDIRS_MAX : 0L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_NOPROXY, fg_http_noproxy());
	SET(CURLOPT_USERAGENT, conf->agent);
	if (conf->timeout_ms > 0)
		SET(CURLOPT_TIMEOUT_MS, conf->timeout_ms);
	if (conf->connect_ms > 0 || conf->timeout_ms > 0)
		SET(CURLOPT_CONNECTTIMEOUT_MS, conf->connect_ms > 0 ? conf->connect_ms : conf->timeout_ms);
	return CURLE_OK;
}

#undef SET

const char *
fg_http_reason(CURLcode rc, long oserr)
{
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT: return "timeout";
	case CURLE_URL_MALFORMAT: return "invalid_url";
	case CURLE_UNSUPPORTED_PROTOCOL: return "unsupported_protocol";
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY: return "dns";
	case CURLE_GOT_NOTHING: return "empty_reply";
	case CURLE_TOO_MANY_REDIRECTS: return "too_many_redirects";
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_WRITE_ERROR: return "answer_too_large";
	case CURLE_ABORTED_BY_CALLBACK: return "interrupted";
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

void
fg_http_describe(const struct curlapi *c, const struct fg_http_failure *f, char *out, size_t size)
{
	const char *words = f->errbuf != NULL && f->errbuf[0] != '\0' ? f->errbuf :
	    c->easy_strerror(f->rc);

	switch (f->rc) {
	case CURLE_OPERATION_TIMEDOUT:
		if (f->timeout_ms > 0)
			snprintf(out, size, "no answer within %g s", (double)f->timeout_ms / 1000.0);
		else
			snprintf(out, size, "%s", words);
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		snprintf(out, size, "interrupted");
		break;
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_WRITE_ERROR:
		snprintf(out, size, "larger than the %lld bytes allowed", f->max);
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		snprintf(out, size, "more than %ld redirects", FG_HTTP_REDIRS_MAX);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		snprintf(out, size, "a redirect or URL to a protocol other than http or https");
		break;
	case CURLE_COULDNT_CONNECT:
		snprintf(out, size, "cannot connect: %s", f->oserr ? strerror((int)f->oserr) : words);
		break;
	case CURLE_GOT_NOTHING:
		snprintf(out, size, "the connection closed without an answer");
		break;
	default:
		snprintf(out, size, "%s", words);
	}
}

/* Copies part of u into buf; 0, 1 when it is absent, -1 when too long or out of memory. */
static int
part(const struct curlapi *c, CURLU *u, CURLUPart what, unsigned flags, char *buf, size_t size)
{
	char *v = NULL;
	CURLUcode uc = c->url_get(u, what, &v, flags);
	int rc;

	buf[0] = '\0';
	if (uc == CURLUE_OUT_OF_MEMORY)
		return -1;
	if (uc != CURLUE_OK || v == NULL)
		return 1;
	rc = strlen(v) < size ? 0 : -1;
	if (rc == 0)
		memcpy(buf, v, strlen(v) + 1);
	c->free(v);
	return rc;
}

int
fg_url_parse(const struct curlapi *c, const char *url, struct fg_url *out, const char **problem)
{
	CURLU *u = c->url();
	CURLUcode uc;
	char user[8];
	int rc = 1;

	memset(out, 0, sizeof *out);
	if (u == NULL)
		return -1;
	/* No guessing: "127.0.0.1:8317" is not taken for http://. */
	if ((uc = c->url_set(u, CURLUPART_URL, url, 0)) != CURLUE_OK) {
		*problem = uc == CURLUE_OUT_OF_MEMORY ? "out of memory" : "not a URL (http://HOST:PORT/PATH)";
		rc = uc == CURLUE_OUT_OF_MEMORY ? -1 : 1;
		goto out;
	}
	if (part(c, u, CURLUPART_SCHEME, 0, out->scheme, sizeof out->scheme) != 0 ||
	    (strcasecmp(out->scheme, "http") != 0 && strcasecmp(out->scheme, "https") != 0)) {
		*problem = "unsupported scheme (only http and https)";
		goto out;
	}
	if (part(c, u, CURLUPART_HOST, 0, out->host, sizeof out->host) != 0 || out->host[0] == '\0') {
		*problem = "no host in the URL";
		goto out;
	}
	if (part(c, u, CURLUPART_USER, 0, user, sizeof user) != 1 ||
	    part(c, u, CURLUPART_PASSWORD, 0, user, sizeof user) != 1) {
		*problem = "a user or password in the URL (it would be logged): put the key in its file";
		goto out;
	}
	if (part(c, u, CURLUPART_PORT, CURLU_DEFAULT_PORT, out->port, sizeof out->port) != 0 ||
	    part(c, u, CURLUPART_PATH, 0, out->path, sizeof out->path) < 0 ||
	    part(c, u, CURLUPART_QUERY, 0, out->query, sizeof out->query) < 0) {
		*problem = "a URL part too long";
		goto out;
	}
	if (out->path[0] == '\0')
		snprintf(out->path, sizeof out->path, "/");
	snprintf(out->base, sizeof out->base, "%s://%s:%s", out->scheme, out->host, out->port);
	rc = 0;
out:
	c->url_cleanup(u);
	return rc;
}
