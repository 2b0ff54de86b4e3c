/* report.c — every string a server sent is printed as data: valid UTF-8 in
 * JSON, control bytes escaped in --lines, so a line stays a line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "err.h"
#include "events.h"
#include "jsonwrite.h"
#include "report.h"
#include "utf8.h"

#define PROG "fg-oauth"

static void
add_str(cJSON *o, const char *name, const char *v)
{
	char *fixed = v ? fg_utf8_fix(v) : NULL;

	if (fixed != NULL)
		cJSON_AddStringToObject(o, name, fixed);
	else
		cJSON_AddNullToObject(o, name);
	free(fixed);
}

/* One event: "event": name, then pairs of name, value (NULL ends them). */
static void
emit_json(const char *event, const char *const *kv)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL)
		return;
	add_str(o, "event", event);
	for (; kv[0] != NULL; kv += 2)
		add_str(o, kv[0], kv[1]);
	(void)fg_json_write(stdout, o, 0);
	fflush(stdout);
	cJSON_Delete(o);
}

static void
emit_line(const char *key, const char *value)
{
	size_t size = 4 * strlen(value) + 1;
	char *esc = malloc(size);

	if (esc == NULL)
		return;
	fg_escape_controls(esc, size, value);
	printf("%s=%s\n", key, esc);
	fflush(stdout);
	free(esc);
}

void
report_login_url(struct report *p, const char *url, const char *state)
{
	const char *kv[] = { "url", url, "state", state, NULL };

	if (p->lines)
		emit_line("login_url", url);
	else
		emit_json("login_url", kv);
}

void
report_device_code(struct report *p, const char *user_code, const char *verification_url)
{
	const char *kv[] = { "user_code", user_code, "verification_url", verification_url, NULL };

	if (!p->lines) {
		emit_json("device_code", kv);
		return;
	}
	if (user_code != NULL)
		emit_line("user_code", user_code);
	if (verification_url != NULL)
		emit_line("verification_url", verification_url);
}

void
report_auth_url(struct report *p, const char *url)
{
	const char *kv[] = { "url", url, NULL };

	if (p->lines)
		emit_line("login_url", url);
	else
		emit_json("auth_url", kv);
}

void
report_status(struct report *p, const char *status)
{
	const char *kv[] = { "status", status, NULL };

	if (strcmp(p->last_status, status) == 0)
		return;
	snprintf(p->last_status, sizeof p->last_status, "%s", status);
	/* The proxy's ok is not the login's yet (the new account file confirms
	 * it): the lines say ok, or unconfirmed, once, with the result. */
	if (p->lines && strcmp(status, "ok") != 0)
		emit_line("oauth_status", status);
	else if (!p->lines)
		emit_json("status", kv);
}

static void
print_result(struct report *p, const struct result *r)
{
	const char *kv[] = { "result", r->word, "provider", p->provider, "auth_file", r->auth_file,
		"error", r->error, "hint", r->hint, NULL };

	if (!p->lines) {
		emit_json("result", kv);
		return;
	}
	/* A failure word the proxy said already was printed as it came. */
	if (strcmp(r->word, "ok") == 0 || strcmp(p->last_status, r->word) != 0)
		emit_line("oauth_status", r->word);
	if (strcmp(r->word, "ok") == 0)
		emit_line("auth_file", r->auth_path ? r->auth_path : r->auth_file);
}

/* "ok: FILE" or "WORD: ERROR": never the key, which no message holds. */
static void
log_event(const struct report *p, const struct result *r, int ok)
{
	struct fg_event ev = { "oauth_login", NULL, NULL, p->provider, ok ? "success" : "failure",
		NULL, NULL };
	struct fg_err e = { 0 };
	char detail[2048];

	snprintf(detail, sizeof detail, "%s: %s", r->word, ok ? r->auth_file : r->error);
	ev.detail = detail;
	if (fg_event_append(p->events_log, &ev, &e) != 0)
		fg_warn(PROG, "events log: %s", e.msg);
}

/* The one line on stderr: what the server said may hold control bytes. An
 * unsupported provider's line is a key=value line of its own, whole. */
static void
print_failure(const struct result *r)
{
	char error[2048], hint[2048];

	fg_escape_controls(error, sizeof error, r->error ? r->error : r->word);
	if (strcmp(r->word, "unsupported_by_proxy") == 0) {
		fprintf(stderr, "%s\n", error);
		return;
	}
	fg_escape_controls(hint, sizeof hint, r->hint ? r->hint : "");
	fprintf(stderr, "%s: %s hint=%s\n", PROG, error, hint);
}

int
report_result(struct report *p, const struct result *r)
{
	int ok = strcmp(r->word, "ok") == 0;

	print_result(p, r);
	if (!ok)
		print_failure(r);
	if (p->events_log != NULL)
		log_event(p, r, ok);
	return ok ? 0 : 1;
}
