/* transfer.c — one easy handle per request, held to lib/http's rules. The
 * token goes only to the API's origin; curl itself drops it on a redirect to
 * another host. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "bodybuf.h"
#include "curlapi.h"
#include "http.h"
#include "transfer.h"
#include "interrupt.h"
#include "progress.h"

#define CONNECT_TIMEOUT_S 30L
#define API_TIMEOUT_S 60L
#define DOWNLOAD_TIMEOUT_S 3600L
/* A download slower than this for that long is stalled. */
#define LOW_SPEED_BYTES 1024L
#define LOW_SPEED_S 60L
#define DOWNLOAD_BUFFER (256L << 10)

static const struct curlapi *curl;
static const char *token;
static char token_origin[512];

/* scheme://host:port of url, lowercased, into buf; "" when url is not one. */
static void
origin_of(const char *url, char *buf, size_t size)
{
	struct fg_url u;
	const char *problem;

	buf[0] = '\0';
	if (fg_url_parse(curl, url, &u, &problem) == 0)
		snprintf(buf, size, "%s", u.base);
	for (; *buf; buf++)
		*buf = (char)(*buf >= 'A' && *buf <= 'Z' ? *buf + 32 : *buf);
}

int
http_init(const char *api_base, const char *tok, struct fg_err *e)
{
	if ((curl = fg_curl_linked(e)) == NULL)
		return e->code;
	token = tok;
	origin_of(api_base, token_origin, sizeof token_origin);
	return 0;
}

static int
token_goes_to(const char *url)
{
	char origin[512];

	if (token == NULL || token_origin[0] == '\0')
		return 0;
	origin_of(url, origin, sizeof origin);
	return strcmp(origin, token_origin) == 0;
}

static CURL *
make_easy(const char *url, long timeout_s, struct curl_slist *hdrs, char *errbuf)
{
	struct fg_http_conf conf = { url, "fg-fetch/" FG_VERSION, timeout_s * 1000,
		CONNECT_TIMEOUT_S * 1000, 1, errbuf };
	CURL *h = curl->easy_init();

	if (h == NULL)
		return NULL;
	if (fg_http_setup(curl, h, &conf) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_HTTPHEADER, hdrs) != CURLE_OK ||
	    (token_goes_to(url) &&
	    (curl->easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_XOAUTH2_BEARER, token) != CURLE_OK))) {
		curl->easy_cleanup(h);
		return NULL;
	}
	return h;
}

/* Why a transfer failed, in words; the caller adds where. */
static void
describe(CURL *h, CURLcode rc, const char *errbuf, long long max, char *out, size_t size)
{
	struct fg_http_failure f = { rc, 0, errbuf, 0, max };

	curl->easy_getinfo(h, CURLINFO_OS_ERRNO, &f.oserr);
	fg_http_describe(curl, &f, out, size);
}

/* ---- small GETs ---- */

struct sink_mem {
	struct http_reply *r;
	size_t cap, max;
	int too_big;
};

static size_t
keep_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct sink_mem *s = arg;
	size_t len = size * nmemb;
	int rc = fg_body_append(&s->r->body, &s->r->len, &s->cap, s->max, data, len);

	if (rc > 0)
		s->too_big = 1;
	return rc == 0 ? len : 0;
}

static long long
header_number(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);
	char buf[32];

	if (len <= n || strncasecmp(line, name, n) != 0)
		return -2;
	line += n;
	len -= n;
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	return strtoll(buf, NULL, 10);
}

/* The rate-limit headers of the last response (a redirect's are dropped). */
static size_t
keep_rate_headers(char *line, size_t size, size_t nmemb, void *arg)
{
	struct http_reply *r = arg;
	size_t len = size * nmemb;
	long long v;

	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0)
		r->rate_remaining = r->rate_reset = -1;
	else if ((v = header_number(line, len, "x-ratelimit-remaining:")) != -2)
		r->rate_remaining = v;
	else if ((v = header_number(line, len, "x-ratelimit-reset:")) != -2)
		r->rate_reset = v;
	return len;
}

static int
stop_if_interrupted(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
    curl_off_t ulnow)
{
	(void)arg, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return interrupted();
}

int
http_get(const char *url, const char *accept, size_t max, struct http_reply *r)
{
	char errbuf[CURL_ERROR_SIZE], hdr[256];
	struct sink_mem s = { r, 0, max, 0 };
	struct curl_slist *hdrs;
	CURLcode rc = CURLE_OUT_OF_MEMORY;
	CURL *h = NULL;

	memset(r, 0, sizeof *r);
	r->rate_remaining = r->rate_reset = -1;
	snprintf(hdr, sizeof hdr, "Accept: %s", accept);
	if ((hdrs = curl->slist_append(NULL, hdr)) != NULL && strstr(accept, "github") != NULL &&
	    curl->slist_append(hdrs, "X-GitHub-Api-Version: 2022-11-28") == NULL) {
		curl->slist_free_all(hdrs);
		hdrs = NULL;
	}
	if (hdrs != NULL && (h = make_easy(url, API_TIMEOUT_S, hdrs, errbuf)) != NULL &&
	    curl->easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_body) == CURLE_OK &&
	    curl->easy_setopt(h, CURLOPT_WRITEDATA, &s) == CURLE_OK &&
	    curl->easy_setopt(h, CURLOPT_HEADERFUNCTION, keep_rate_headers) == CURLE_OK &&
	    curl->easy_setopt(h, CURLOPT_HEADERDATA, r) == CURLE_OK &&
	    curl->easy_setopt(h, CURLOPT_NOPROGRESS, 0L) == CURLE_OK &&
	    curl->easy_setopt(h, CURLOPT_XFERINFOFUNCTION, stop_if_interrupted) == CURLE_OK) {
		rc = curl->easy_perform(h);
		curl->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	}
	if (s.too_big)
		describe(h, CURLE_FILESIZE_EXCEEDED, errbuf, (long long)max, r->error, sizeof r->error);
	else if (h == NULL || rc == CURLE_WRITE_ERROR)
		snprintf(r->error, sizeof r->error, "out of memory");
	else if (rc != CURLE_OK)
		describe(h, rc, errbuf, (long long)max, r->error, sizeof r->error);
	else if (r->status == 0)
		snprintf(r->error, sizeof r->error, "no HTTP status in the answer");
	if (h != NULL)
		curl->easy_cleanup(h);
	curl->slist_free_all(hdrs);
	if (r->error[0] == '\0' && r->body == NULL && (r->body = calloc(1, 1)) == NULL)
		snprintf(r->error, sizeof r->error, "out of memory");
	if (r->error[0] != '\0') {
		http_reply_free(r);
		return -1;
	}
	return 0;
}

void
http_reply_free(struct http_reply *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}

/* ---- the download ---- */

struct stream_ctx {
	struct http_download *d;
	int too_big, refused;
};

static size_t
pass_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct stream_ctx *c = arg;
	size_t len = size * nmemb;

	if (c->d->got + (long long)len > c->d->max) {
		c->too_big = 1;
		return 0;
	}
	if (c->d->sink(c->d->arg, data, len) != 0) {
		c->refused = 1;
		return 0;
	}
	c->d->got += (long long)len;
	return len;
}

static int
show_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
    curl_off_t ulnow)
{
	struct stream_ctx *c = arg;

	(void)ultotal, (void)ulnow;
	if (interrupted())
		return 1;
	if (c->d->progress && dlnow > 0)
		progress_draw(c->d->label, (long long)dlnow, (long long)dltotal);
	return 0;
}

static void
describe_stream(CURL *h, CURLcode rc, const char *errbuf, struct stream_ctx *c)
{
	struct http_download *d = c->d;
	curl_off_t announced = -1;

	curl->easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
	if (rc == CURLE_HTTP_RETURNED_ERROR)
		snprintf(d->error, sizeof d->error, "HTTP %ld", d->status);
	else if (c->too_big)
		describe(h, CURLE_FILESIZE_EXCEEDED, errbuf, d->max, d->error, sizeof d->error);
	else if (c->refused)
		snprintf(d->error, sizeof d->error, "cannot write the download");
	else if (rc == CURLE_PARTIAL_FILE && announced > 0)
		snprintf(d->error, sizeof d->error, "the connection closed after %lld of %lld bytes",
		    d->got, (long long)announced);
	else
		describe(h, rc, errbuf, d->max, d->error, sizeof d->error);
}

int
http_stream(struct http_download *d)
{
	struct stream_ctx c = { d, 0, 0 };
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *hdrs;
	CURLcode rc = CURLE_OUT_OF_MEMORY;
	CURL *h = NULL;

	d->status = 0;
	d->got = 0;
	d->error[0] = '\0';
	if ((hdrs = curl->slist_append(NULL, "Accept: application/octet-stream")) == NULL ||
	    (h = make_easy(d->url, DOWNLOAD_TIMEOUT_S, hdrs, errbuf)) == NULL ||
	    curl->easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_BYTES) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_S) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)d->max) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_FAILONERROR, 1L) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_BUFFERSIZE, DOWNLOAD_BUFFER) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_WRITEFUNCTION, pass_body) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_WRITEDATA, &c) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_NOPROGRESS, 0L) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_XFERINFOFUNCTION, show_progress) != CURLE_OK ||
	    curl->easy_setopt(h, CURLOPT_XFERINFODATA, &c) != CURLE_OK) {
		if (h != NULL)
			curl->easy_cleanup(h);
		curl->slist_free_all(hdrs);
		snprintf(d->error, sizeof d->error, "out of memory");
		return -1;
	}
	rc = curl->easy_perform(h);
	if (d->progress)
		progress_end();
	curl->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &d->status);
	if (rc != CURLE_OK)
		describe_stream(h, rc, errbuf, &c);
	else if (d->status < 200 || d->status > 299)
		snprintf(d->error, sizeof d->error, "HTTP %ld", d->status);
	curl->easy_cleanup(h);
	curl->slist_free_all(hdrs);
	return d->error[0] ? -1 : 0;
}
