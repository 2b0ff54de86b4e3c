/* mgmt.c — what each answer of the management API means for the caller,
 * with the message and the hint a user needs. A 401 or 403 is never tried
 * again: five wrong keys ban the caller for 30 minutes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "err.h"
#include "jsonread.h"
#include "request.h"
#include "mgmt.h"

#define ERROR_TEXT_MAX 200

const char *
json_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The "error" of a JSON answer, else its first line, shortened; "" if none. */
static void
answer_text(const struct http_response *h, char *buf, size_t size)
{
	struct fg_err e = { 0 };
	cJSON *j = jr_parse_outside(h->body, h->len, "answer", &e);
	const char *s = json_str(j, "error");
	size_t n;

	if (s == NULL && j == NULL) {
		n = strcspn(h->body, "\r\n");
		snprintf(buf, size, "%.*s", (int)(n < ERROR_TEXT_MAX ? n : ERROR_TEXT_MAX), h->body);
	} else {
		snprintf(buf, size, "%.*s", ERROR_TEXT_MAX, s ? s : "");
	}
	cJSON_Delete(j);
}

static void
set(struct mgmt_reply *r, enum mgmt_outcome o, const char *hint)
{
	r->outcome = o;
	snprintf(r->hint, sizeof r->hint, "%s", hint);
}

static void
refused(const struct mgmt *m, const char *where, const char *text, struct mgmt_reply *r)
{
	snprintf(r->error, sizeof r->error, "%s: %ld: %s", where, r->status,
	    text[0] ? text : "refused");
	if (r->status == 401) {
		r->outcome = MGMT_FAIL;
		snprintf(r->hint, sizeof r->hint, "put the plaintext of remote-management.secret-key "
		    "in %s (CLIProxyAPIPlus keeps only its hash); 5 wrong keys ban this address for "
		    "30 minutes, so fix the key before trying again", m->key_source);
	} else if (r->status == 403 && strstr(text, "banned") != NULL) {
		set(r, MGMT_FAIL, "after 5 wrong keys CLIProxyAPIPlus refuses every management call "
		    "from this address, localhost included, for 30 minutes; fix the key, then wait "
		    "for the ban to end (or restart CLIProxyAPIPlus)");
	} else if (r->status == 403) {
		set(r, MGMT_FAIL, "set remote-management.allow-remote: true in cliproxyapi.yaml, "
		    "or run the login on CLIProxyAPIPlus's own machine");
	} else {
		snprintf(r->error, sizeof r->error, "management API disabled: set "
		    "remote-management.secret-key in CLIProxyAPIPlus's config (%s: 404)", where);
		snprintf(r->hint, sizeof r->hint, "restart CLIProxyAPIPlus after setting it, and put "
		    "the same key in %s", m->key_source);
		r->outcome = MGMT_FAIL;
	}
}

/* Sorts an answer that came. */
static void
classify(const struct mgmt *m, const char *where, const struct http_response *h,
    struct mgmt_reply *r)
{
	char text[ERROR_TEXT_MAX + 1];
	struct fg_err e = { 0 };

	r->status = h->status;
	if (h->status >= 200 && h->status <= 299) {
		r->json = jr_parse_outside(h->body, h->len, where, &e);
		if (cJSON_IsObject(r->json)) {
			r->outcome = MGMT_OK;
			return;
		}
		cJSON_Delete(r->json);
		r->json = NULL;
		snprintf(r->error, sizeof r->error, "%s: the answer is not a JSON object", where);
		set(r, MGMT_FAIL, "check that --base is CLIProxyAPIPlus's address");
		return;
	}
	answer_text(h, text, sizeof text);
	if (h->status == 401 || h->status == 403 || h->status == 404) {
		refused(m, where, text, r);
		return;
	}
	snprintf(r->error, sizeof r->error, "%s: %ld%s%s", where, h->status, text[0] ? ": " : "",
	    text);
	if (h->status >= 500 || h->status == 429)
		set(r, MGMT_RETRY, "see CLIProxyAPIPlus's log");
	else if (h->status >= 300 && h->status <= 399)
		set(r, MGMT_FAIL, "redirects are not followed: give --base as the address "
		    "CLIProxyAPIPlus listens on");
	else
		set(r, MGMT_FAIL, "see CLIProxyAPIPlus's log");
}

/* No answer: a signal, a body past the limit, or the network. */
static void
no_answer(const struct mgmt *m, const char *where, const struct http_response *h,
    struct mgmt_reply *r)
{
	char hint[MGMT_TEXT];

	snprintf(r->error, sizeof r->error, "%.250s: %.255s", where, h->error);
	if (h->interrupted) {
		r->outcome = MGMT_INTERRUPTED;
	} else if (h->too_big) {
		set(r, MGMT_FAIL, "check that --base is CLIProxyAPIPlus's address");
	} else {
		snprintf(hint, sizeof hint, "check that CLIProxyAPIPlus is running at %s "
		    "(flowgate service start cliproxyapi_plus)", m->base);
		set(r, MGMT_RETRY, hint);
	}
}

int
mgmt_base(const char *cmd, const char *in, char *out, size_t size)
{
	struct fg_url u;
	const char *why;
	size_t len;
	int rc;

	if (strlen(in) >= size)
		return fg_usage_error(PROG, cmd, "--base: too long");
	if ((rc = http_load(cmd)) != 0)
		return rc;
	if ((why = http_url_problem(in, &u)) != NULL)
		return fg_usage_error(PROG, cmd, "--base %s: %s", in, why);
	if (strpbrk(in, "?#") != NULL)
		return fg_usage_error(PROG, cmd, "--base %s: give only http(s)://HOST:PORT, with "
		    "no query or fragment", in);
	len = strlen(in);
	while (len > 0 && in[len - 1] == '/')
		len--;
	snprintf(out, size, "%.*s", (int)len, in);
	return 0;
}

static char *
url_of(const struct mgmt *m, const char *path, const char *query)
{
	size_t len = strlen(m->base) + strlen(path) + (query ? strlen(query) + 1 : 0) + 1;
	char *url = malloc(len);

	if (url != NULL)
		snprintf(url, len, "%s%s%s%s", m->base, path, query ? "?" : "", query ? query : "");
	return url;
}

void
mgmt_call(const struct mgmt *m, const char *method, const char *path, const char *query,
    const cJSON *body, long timeout_ms, int interruptible, struct mgmt_reply *r)
{
	struct http_request q = { method, NULL, m->key, NULL, timeout_ms, interruptible };
	struct http_response h;
	char where[300];
	char *url = url_of(m, path, query), *json = NULL;

	memset(r, 0, sizeof *r);
	snprintf(where, sizeof where, "%s %s", method, path);
	if (url == NULL || (body != NULL && (json = cJSON_PrintUnformatted(body)) == NULL)) {
		snprintf(r->error, sizeof r->error, "%s: out of memory", where);
		set(r, MGMT_FAIL, "");
		goto out;
	}
	q.url = url;
	q.json = json;
	if (http_send(&q, &h) != 0) {
		no_answer(m, where, &h, r);
	} else {
		classify(m, where, &h, r);
		snprintf(r->version, sizeof r->version, "%s", h.version);
	}
	http_response_free(&h);
out:
	free(url);
	cJSON_free(json);
}

void
mgmt_reply_free(struct mgmt_reply *r)
{
	cJSON_Delete(r->json);
	r->json = NULL;
}
