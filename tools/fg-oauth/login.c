/* login.c — fg-oauth login: start a provider login in CLIProxyAPIPlus, show
 * the URL, poll its status until ok, error or the deadline, and believe an
 * "ok" only when a new auth file of the provider's type appears. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "authfiles.h"
#include "commands.h"
#include "request.h"
#include "key.h"
#include "login.h"
#include "mgmt.h"
#include "paste.h"
#include "report.h"
#include "sig.h"

#define REQUEST_MS 10000L      /* one request's limit, capped by the deadline */
#define CANCEL_MS 1000L        /* the DELETE that ends a session */
#define CONFIRM_MIN_MS 3000L   /* an ok at the deadline still gets its auth-files check */

struct login {
	const struct login_opts *o;
	struct mgmt m;
	struct report rep;
	long long deadline;
	char *state;                /* the session, from the auth-url answer */
	char *state_query;          /* "state=" and the state, %-escaped */
	cJSON *before;              /* auth-files before the login */
	char last_error[MGMT_TEXT]; /* the last failure polling went on through */
	char shown[1024];           /* the device code or URL last shown mid-poll */
	int url_shown;              /* the user has had a URL or a code */
	char version[64];           /* the proxy's X-CPA-VERSION, or "" */
};

static long
request_ms(const struct login *l)
{
	long long left = l->deadline - fg_now_ms();

	return left < REQUEST_MS ? (long)(left > 1 ? left : 1) : REQUEST_MS;
}

static int
finish(struct login *l, const char *word, const char *error, const char *hint)
{
	struct result r = { word, NULL, NULL, error, hint };

	return report_result(&l->rep, &r);
}

static int
fail_reply(struct login *l, const struct mgmt_reply *r)
{
	return finish(l, "error", r->error, r->hint);
}

/* Ends the session in CLIProxyAPIPlus; a 404 (older versions have no
 * oauth-session) or no answer changes nothing for the user. */
static void
cancel_session(struct login *l)
{
	struct mgmt_reply r;

	if (l->state_query == NULL)
		return;
	mgmt_call(&l->m, "DELETE", MGMT_PREFIX "/oauth-session", l->state_query, NULL, CANCEL_MS,
	    0, &r);
	mgmt_reply_free(&r);
}

/* A failure after the session started: the session goes too (it holds the
 * provider's callback port), unless the key was refused, where one more
 * call would count as one more wrong key. */
static int
fail_session(struct login *l, const struct mgmt_reply *r)
{
	if (r->status != 401 && r->status != 403 && r->status != 404)
		cancel_session(l);
	return fail_reply(l, r);
}

static int
cancelled(struct login *l)
{
	int sig = sig_caught() ? sig_caught() : SIGINT;
	char error[64];

	cancel_session(l);
	snprintf(error, sizeof error, "login cancelled by %s", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	finish(l, "cancelled", error, "run the login again when ready");
	return 128 + sig;
}

static int
timed_out(struct login *l)
{
	char error[MGMT_TEXT + 128];

	cancel_session(l);
	if (l->last_error[0] != '\0')
		snprintf(error, sizeof error, "no login within %g s (last error: %s)",
		    l->o->timeout_ms / 1000.0, l->last_error);
	else
		snprintf(error, sizeof error, "no login within %g s (last status: %s)",
		    l->o->timeout_ms / 1000.0, l->rep.last_status[0] ? l->rep.last_status : "none");
	return finish(l, "timeout", error, "finish the login in the browser sooner, or raise "
	    "--timeout");
}

/* ---- the steps ---- */

static int
list_before(struct login *l)
{
	struct mgmt_reply r;

	authfiles_list(&l->m, request_ms(l), 1, &l->before, &r);
	snprintf(l->version, sizeof l->version, "%s", r.version);
	if (r.outcome == MGMT_INTERRUPTED)
		return cancelled(l);
	if (r.outcome != MGMT_OK)
		return fail_reply(l, &r);
	return -1;
}

static int
keep_state(struct login *l, const char *state)
{
	char *esc = http_escape(state);
	size_t len;

	if (esc == NULL || (l->state = strdup(state)) == NULL) {
		free(esc);
		return -1;
	}
	len = strlen(esc) + sizeof "state=";
	if ((l->state_query = malloc(len)) != NULL)
		snprintf(l->state_query, len, "state=%s", esc);
	free(esc);
	return l->state_query != NULL ? 0 : -1;
}

/* A 404 from the auth-url endpoint of a proxy whose management API just
 * answered (the auth files): this version has no such login. An unknown
 * route gets gin's 404, without the version header, so the version is the
 * listing's. */
static int
unsupported(struct login *l, const struct mgmt_reply *r)
{
	char error[MGMT_TEXT], hint[MGMT_TEXT];
	const char *v = r->version[0] ? r->version : l->version[0] ? l->version : "unknown";
	struct result res = { "unsupported_by_proxy", NULL, NULL, error, hint };

	snprintf(error, sizeof error, "auth:login provider=%s unsupported_by_proxy version=%s",
	    l->o->provider, v);
	snprintf(hint, sizeof hint, "this CLIProxyAPIPlus has no GET %.200s: update it "
	    "(flowgate bootstrap), or check the provider's auth_url_endpoint",
	    l->o->auth_url_endpoint);
	return report_result(&l->rep, &res);
}

/* GET <provider>-auth-url?is_webui=true: the session, and the URL to open
 * (kiro's device code comes with a status instead). */
static int
start_login(struct login *l)
{
	const char *url, *state, *code, *vurl;
	struct mgmt_reply r;
	int rc = -1;

	mgmt_call(&l->m, "GET", l->o->auth_url_endpoint, l->o->auth_query, NULL, request_ms(l), 1,
	    &r);
	if (r.outcome == MGMT_INTERRUPTED)
		return cancelled(l);
	if (r.status == 404) {
		mgmt_reply_free(&r);
		return unsupported(l, &r);
	}
	if (r.outcome != MGMT_OK) {
		if (r.status == 500)
			snprintf(r.hint, sizeof r.hint, "the provider's callback port may be taken "
			    "(another login running?); end it or free the port, then try again");
		return fail_reply(l, &r);
	}
	url = json_str(r.json, "url");
	state = json_str(r.json, "state");
	if (state == NULL || state[0] == '\0') {
		snprintf(r.error, sizeof r.error, "GET %.200s: no url and state in the answer%s%.200s",
		    l->o->auth_url_endpoint, json_str(r.json, "error") ? ": " : "",
		    json_str(r.json, "error") ? json_str(r.json, "error") : "");
		rc = finish(l, "error", r.error, "check --auth-url-endpoint and --base");
	} else if (keep_state(l, state) != 0) {
		rc = finish(l, "error", "out of memory", "");
	} else {
		if (url != NULL)
			report_login_url(&l->rep, url, state);
		code = json_str(r.json, "user_code");
		if ((vurl = json_str(r.json, "verification_uri")) == NULL)
			vurl = json_str(r.json, "verification_url");
		if (code != NULL || vurl != NULL)
			report_device_code(&l->rep, code, vurl);
		l->url_shown = url != NULL || code != NULL || vurl != NULL;
	}
	mgmt_reply_free(&r);
	return rc;
}

/* --paste: the redirected address goes to oauth-callback. */
static int
send_pasted(struct login *l)
{
	char url[PASTE_MAX];
	struct mgmt_reply r;
	cJSON *body;

	switch (paste_read(l->deadline, url, sizeof url)) {
	case PASTE_INTERRUPTED: return cancelled(l);
	case PASTE_TIMEOUT: return timed_out(l);
	case PASTE_FAIL:
		cancel_session(l);
		return finish(l, "error", url, "paste the whole address from the browser's address "
		    "bar, http://localhost:PORT/...?code=...&state=...");
	case PASTE_OK: break;
	}
	if ((body = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(body, "provider", l->o->provider) == NULL ||
	    cJSON_AddStringToObject(body, "redirect_url", url) == NULL ||
	    cJSON_AddStringToObject(body, "state", l->state) == NULL) {
		cJSON_Delete(body);
		return finish(l, "error", "out of memory", "");
	}
	mgmt_call(&l->m, "POST", MGMT_PREFIX "/oauth-callback", NULL, body, request_ms(l), 1, &r);
	cJSON_Delete(body);
	mgmt_reply_free(&r);
	if (r.outcome == MGMT_INTERRUPTED)
		return cancelled(l);
	if (r.outcome != MGMT_OK)
		return fail_session(l, &r);
	return -1;
}

/* The device code or URL a status carries, shown once each. */
static void
show_mid_poll(struct login *l, const cJSON *j, const char *status)
{
	const char *a, *b = NULL;
	char now[sizeof l->shown];

	if (strcmp(status, "device_code") == 0) {
		a = json_str(j, "user_code");
		if ((b = json_str(j, "verification_url")) == NULL)
			b = json_str(j, "verification_uri");
	} else {
		a = json_str(j, "url");
	}
	snprintf(now, sizeof now, "%s|%s|%s", status, a ? a : "", b ? b : "");
	if (strcmp(now, l->shown) == 0 || (a == NULL && b == NULL))
		return;
	snprintf(l->shown, sizeof l->shown, "%s", now);
	l->url_shown = 1;
	if (b != NULL || strcmp(status, "device_code") == 0)
		report_device_code(&l->rep, a, b);
	else
		report_auth_url(&l->rep, a);
}

/* ok: confirm by the auth files. Their listing is tried again while the
 * deadline allows, as polling is. */
static int
confirm(struct login *l)
{
	struct result res = { "ok", NULL, NULL, NULL, NULL };
	const cJSON *found;
	struct mgmt_reply r;
	cJSON *after;
	long ms;
	int rc;

	for (;;) {
		ms = request_ms(l) < CONFIRM_MIN_MS ? CONFIRM_MIN_MS : request_ms(l);
		authfiles_list(&l->m, ms, 1, &after, &r);
		if (r.outcome == MGMT_INTERRUPTED)
			return cancelled(l);
		if (r.outcome == MGMT_OK)
			break;
		if (r.outcome == MGMT_FAIL || fg_now_ms() + l->o->interval_ms >= l->deadline)
			return finish(l, "unconfirmed", r.error, r.hint);
		if (sig_sleep_ms(l->o->interval_ms))
			return cancelled(l);
	}
	if ((found = authfiles_new(l->before, after, l->o->type)) == NULL) {
		char error[MGMT_TEXT];

		snprintf(error, sizeof error, "CLIProxyAPIPlus said ok, but no new %s auth file "
		    "appeared", l->o->type);
		rc = finish(l, "unconfirmed", error, "older CLIProxyAPIPlus says ok for an unknown or "
		    "expired session too: start the login again, and check the accounts with "
		    "flowgate auth list and CLIProxyAPIPlus's log");
	} else {
		res.auth_file = json_str(found, "name");
		res.auth_path = json_str(found, "path");
		rc = report_result(&l->rep, &res);
	}
	cJSON_Delete(after);
	return rc;
}

/* One status answer: -1 goes on polling, else the exit code. */
static int
on_status(struct login *l, const cJSON *j)
{
	const char *status = json_str(j, "status"), *error;

	if (status == NULL || status[0] == '\0') {
		snprintf(l->last_error, sizeof l->last_error, "GET %s: no status in the answer",
		    l->o->status_endpoint);
		cancel_session(l);
		return finish(l, "error", l->last_error, "check --status-endpoint and --base");
	}
	/* No login can be done before its URL was shown: this ok is the proxy
	 * not knowing the state yet (kiro's session starts in the background). */
	if (strcmp(status, "ok") == 0 && !l->url_shown)
		return -1;
	report_status(&l->rep, status);
	if (strcmp(status, "ok") == 0)
		return confirm(l);
	if (strcmp(status, "error") == 0) {
		error = json_str(j, "error");
		snprintf(l->last_error, sizeof l->last_error, "login failed: %s",
		    error ? error : "no reason given");
		return finish(l, "error", l->last_error, "start the login again; if it keeps "
		    "failing, see CLIProxyAPIPlus's log");
	}
	if (strcmp(status, "device_code") == 0 || strcmp(status, "auth_url") == 0)
		show_mid_poll(l, j, status);
	return -1;
}

/* Polls until a final status, a failure that ends it, the deadline or a signal. */
static int
poll_status(struct login *l)
{
	struct mgmt_reply r;
	long long left;
	int rc;

	for (;;) {
		if (sig_caught())
			return cancelled(l);
		if (fg_now_ms() >= l->deadline)
			return timed_out(l);
		mgmt_call(&l->m, "GET", l->o->status_endpoint, l->state_query, NULL, request_ms(l), 1,
		    &r);
		if (r.outcome == MGMT_INTERRUPTED)
			return cancelled(l);
		if (r.outcome == MGMT_FAIL)
			return fail_session(l, &r);
		if (r.outcome == MGMT_RETRY)
			snprintf(l->last_error, sizeof l->last_error, "%s", r.error);
		else if ((rc = on_status(l, r.json)) >= 0) {
			mgmt_reply_free(&r);
			return rc;
		} else
			l->last_error[0] = '\0';
		mgmt_reply_free(&r);
		left = l->deadline - fg_now_ms();
		if (sig_sleep_ms(left < l->o->interval_ms ? left : l->o->interval_ms))
			return cancelled(l);
	}
}

static int
run(struct login *l)
{
	int rc;

	if ((rc = list_before(l)) >= 0 || (rc = start_login(l)) >= 0)
		return rc;
	if (l->o->paste && (rc = send_pasted(l)) >= 0)
		return rc;
	return poll_status(l);
}

int
cmd_login(int argc, char **argv)
{
	struct login_opts o;
	struct login l = { 0 };
	struct key_src src = { .cmd = "login" };
	struct fg_err e = { 0 };
	char *key = NULL;
	int rc;

	if ((rc = login_parse(argc, argv, &o)) != 0)
		return rc;
	src.file = o.key_file;
	if (key_load(&src, &key, &e) != 0 || sig_setup(&e) != 0 ||
	    http_init(&e) != 0) {
		key_free(key);
		fg_err_print(PROG, &e);
		return e.code;
	}
	l.o = &o;
	l.m.base = o.base;
	l.m.key = key;
	l.m.key_source = src.name;
	l.rep = (struct report){ o.lines, o.provider, o.events_log, "" };
	l.deadline = fg_now_ms() + o.timeout_ms;
	rc = run(&l);
	key_free(key);
	free(l.state);
	free(l.state_query);
	cJSON_Delete(l.before);
	return rc;
}
