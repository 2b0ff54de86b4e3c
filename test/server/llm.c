/* llm.c — plays LiteLLM for the real clients: Codex CLI posts to
 * /v1/responses and Claude Code to /v1/messages, both with "stream": true,
 * and both read the answer as server-sent events. The events are the ones
 * the two APIs document, in their order, so a client prints the reply it
 * would print from the real service. The request log gets one line per
 * request with the model and how the key came (never the key itself). */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "llm.h"

#define DEFAULT_REPLY "Hello from the FlowGate stand-in."
#define MODEL_MAX 256

static struct llm_opts opts;

void
llm_configure(const struct llm_opts *o)
{
	opts = *o;
}

/* ---- the request body: top-level members only, no JSON library ---- */

static size_t
skip_ws(const char *s, size_t i, size_t len)
{
	while (i < len && strchr(" \t\r\n", s[i]) != NULL)
		i++;
	return i;
}

/* Just past the string whose quote is at i; len when it is not closed. */
static size_t
skip_string(const char *s, size_t i, size_t len)
{
	for (i++; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return len;
}

/* Just past the value at i: a string, or everything to the comma or brace
 * that closes it at its own depth. */
static size_t
skip_value(const char *s, size_t i, size_t len)
{
	int depth = 0;

	while (i < len) {
		if (s[i] == '"') {
			i = skip_string(s, i, len);
			if (depth == 0)
				return i;
			continue;
		}
		if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']') {
			if (depth == 0)
				return i;
			depth--;
		} else if (s[i] == ',' && depth == 0) {
			return i;
		}
		i++;
	}
	return len;
}

/* The span of the top-level member key's value; 0 when there is none. */
static int
member(const char *s, size_t len, const char *key, size_t *vs, size_t *ve)
{
	size_t i = skip_ws(s, 0, len), ks, ke, klen = strlen(key);

	if (i >= len || s[i] != '{')
		return 0;
	for (i++;;) {
		i = skip_ws(s, i, len);
		if (i >= len || s[i] != '"')
			return 0;
		ks = i + 1;
		i = skip_string(s, i, len);
		if (i >= len)
			return 0;
		ke = i - 1;
		i = skip_ws(s, i, len);
		if (i >= len || s[i] != ':')
			return 0;
		*vs = skip_ws(s, i + 1, len);
		*ve = skip_value(s, *vs, len);
		if (ke - ks == klen && *ve > *vs && memcmp(s + ks, key, klen) == 0)
			return 1;
		i = skip_ws(s, *ve, len);
		if (i >= len || s[i] != ',')
			return 0;
		i++;
	}
}

/* The body's "model" (its raw string text), or "" when it has none. */
static void
body_model(const struct http_req *r, char *buf, size_t size)
{
	size_t vs, ve;

	buf[0] = '\0';
	if (member(r->body, r->body_len, "model", &vs, &ve) && r->body[vs] == '"' && ve - vs >= 2 &&
	    ve - vs - 2 < size && memchr(r->body + vs + 1, '\\', ve - vs - 2) == NULL) {
		memcpy(buf, r->body + vs + 1, ve - vs - 2);
		buf[ve - vs - 2] = '\0';
	}
}

static int
body_streams(const struct http_req *r)
{
	size_t vs, ve;

	return member(r->body, r->body_len, "stream", &vs, &ve) && ve - vs == 4 &&
	    memcmp(r->body + vs, "true", 4) == 0;
}

/* ---- the key, the log ---- */

struct auth {
	const char *how;    /* bearer, x-api-key, none */
	int ok;
};

/* LiteLLM takes its key as a Bearer token or as x-api-key (Anthropic's
 * header), so both clients reach it with what they send by default. */
static struct auth
check_key(const struct http_req *r)
{
	char v[4200];
	struct auth a = { "none", opts.key == NULL };

	if (http_header(r, "Authorization", v, sizeof v) != NULL && strncasecmp(v, "Bearer ", 7) == 0) {
		a.how = "bearer";
		a.ok = opts.key == NULL || strcmp(v + 7, opts.key) == 0;
	} else if (http_header(r, "x-api-key", v, sizeof v) != NULL) {
		a.how = "x-api-key";
		a.ok = opts.key == NULL || strcmp(v, opts.key) == 0;
	}
	memset(v, 0, sizeof v);
	return a;
}

static void
log_line(const struct http_req *r, const char *model, int stream, struct auth a)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	char line[1024];
	int n, fd;
	size_t i;

	if (opts.log == NULL)
		return;
	n = snprintf(line, sizeof line, "LLM %s %s model=%s stream=%s auth=%s key=%s\n", r->method,
	    r->path, *model ? model : "-", stream ? "true" : "false", a.how,
	    opts.key == NULL ? "unchecked" : a.ok ? "ok" : "bad");
	if (n < 0 || (size_t)n >= sizeof line)
		return;
	for (i = 0; i + 1 < (size_t)n; i++)
		if ((unsigned char)line[i] < 0x20)
			line[i] = '?';
	pthread_mutex_lock(&lock);
	if ((fd = open(opts.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) >= 0) {
		(void)!write(fd, line, (size_t)n);
		close(fd);
	}
	pthread_mutex_unlock(&lock);
}

/* The start of a handler: the method, the key, the log. Returns 0 when the
 * request is to be answered, -1 when an error answer went out. */
static int
admit(struct http_req *r, const char *method, char *model, size_t size, int *stream)
{
	struct auth a = check_key(r);

	body_model(r, model, size);
	*stream = body_streams(r);
	log_line(r, model, *stream, a);
	if (strcmp(r->method, method) != 0) {
		http_respond_json(r->fd, 405, "{\"error\":{\"message\":\"method not allowed\"}}");
		return -1;
	}
	if (!a.ok) {
		http_respond_json(r->fd, 401, "{\"error\":{\"message\":\"Authentication Error, "
		    "Invalid proxy server token passed.\",\"type\":\"auth_error\",\"code\":\"401\"}}");
		return -1;
	}
	return 0;
}

/* ---- writing the answer ---- */

/* s as a JSON string literal. */
static void
put_json_string(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* Opens a memory stream for an answer; send_stream sends and frees it. */
struct out {
	FILE *f;
	char *buf;
	size_t len;
};

static int
out_open(struct out *o)
{
	o->buf = NULL;
	o->len = 0;
	return (o->f = open_memstream(&o->buf, &o->len)) == NULL ? -1 : 0;
}

static void
send_events(struct http_req *r, struct out *o)
{
	static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
	    "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";

	if (fclose(o->f) == 0 && http_send(r->fd, head, sizeof head - 1) == 0)
		(void)http_send(r->fd, o->buf, o->len);
	free(o->buf);
}

static void
send_json(struct http_req *r, struct out *o)
{
	if (fclose(o->f) == 0)
		(void)http_respond(r->fd, 200, "application/json", o->buf, o->len);
	free(o->buf);
}

static const char *
reply(void)
{
	return opts.reply != NULL ? opts.reply : DEFAULT_REPLY;
}

/* ---- the Responses API (Codex CLI) ---- */

/* The finished message item, as output_item.done and response.completed carry it. */
static void
responses_message(FILE *f)
{
	fputs("{\"id\":\"msg_fg1\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\","
	    "\"content\":[{\"type\":\"output_text\",\"annotations\":[],\"text\":", f);
	put_json_string(f, reply());
	fputs("}]}", f);
}

static void
responses_object(FILE *f, const char *model, const char *status, int done)
{
	fputs("{\"id\":\"resp_fg1\",\"object\":\"response\",\"created_at\":1796572800,\"status\":", f);
	put_json_string(f, status);
	fputs(",\"model\":", f);
	put_json_string(f, model);
	fputs(",\"output\":[", f);
	if (done)
		responses_message(f);
	fputs("]", f);
	if (done)
		fputs(",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":0},"
		    "\"output_tokens\":7,\"output_tokens_details\":{\"reasoning_tokens\":0},"
		    "\"total_tokens\":19}", f);
	fputs("}", f);
}

static void
event(FILE *f, const char *name)
{
	fprintf(f, "event: %s\ndata: {\"type\":\"%s\"", name, name);
}

static void
event_end(FILE *f)
{
	fputs("}\n\n", f);
}

void
handle_responses(struct http_req *r, const char *rest)
{
	char model[MODEL_MAX];
	struct out o;
	int stream;

	(void)rest;
	if (admit(r, "POST", model, sizeof model, &stream) != 0 || out_open(&o) != 0)
		return;
	if (!stream) {
		responses_object(o.f, model, "completed", 1);
		send_json(r, &o);
		return;
	}
	event(o.f, "response.created");
	fputs(",\"sequence_number\":0,\"response\":", o.f);
	responses_object(o.f, model, "in_progress", 0);
	event_end(o.f);
	event(o.f, "response.output_item.added");
	fputs(",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"msg_fg1\",\"type\":\"message\","
	    "\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}", o.f);
	event_end(o.f);
	event(o.f, "response.output_text.delta");
	fputs(",\"sequence_number\":2,\"item_id\":\"msg_fg1\",\"output_index\":0,\"content_index\":0,"
	    "\"delta\":", o.f);
	put_json_string(o.f, reply());
	event_end(o.f);
	event(o.f, "response.output_text.done");
	fputs(",\"sequence_number\":3,\"item_id\":\"msg_fg1\",\"output_index\":0,\"content_index\":0,"
	    "\"text\":", o.f);
	put_json_string(o.f, reply());
	event_end(o.f);
	event(o.f, "response.output_item.done");
	fputs(",\"sequence_number\":4,\"output_index\":0,\"item\":", o.f);
	responses_message(o.f);
	event_end(o.f);
	event(o.f, "response.completed");
	fputs(",\"sequence_number\":5,\"response\":", o.f);
	responses_object(o.f, model, "completed", 1);
	event_end(o.f);
	send_events(r, &o);
}

/* ---- the Messages API (Claude Code) ---- */

static void
messages_object(FILE *f, const char *model, int done)
{
	fputs("{\"id\":\"msg_fg1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":", f);
	put_json_string(f, model);
	fputs(",\"content\":[", f);
	if (done) {
		fputs("{\"type\":\"text\",\"text\":", f);
		put_json_string(f, reply());
		fputs("}", f);
	}
	fprintf(f, "],\"stop_reason\":%s,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,"
	    "\"output_tokens\":%d}}", done ? "\"end_turn\"" : "null", done ? 7 : 1);
}

void
handle_messages(struct http_req *r, const char *rest)
{
	char model[MODEL_MAX];
	struct out o;
	int stream;

	if (admit(r, "POST", model, sizeof model, &stream) != 0 || out_open(&o) != 0)
		return;
	if (strcmp(rest, "/count_tokens") == 0) {
		fputs("{\"input_tokens\":12}", o.f);
		send_json(r, &o);
		return;
	}
	if (*rest != '\0') {
		fclose(o.f);
		free(o.buf);
		http_respond_json(r->fd, 404, "{\"error\":{\"message\":\"not found\"}}");
		return;
	}
	if (!stream) {
		messages_object(o.f, model, 1);
		send_json(r, &o);
		return;
	}
	event(o.f, "message_start");
	fputs(",\"message\":", o.f);
	messages_object(o.f, model, 0);
	event_end(o.f);
	event(o.f, "content_block_start");
	fputs(",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}", o.f);
	event_end(o.f);
	event(o.f, "ping");
	event_end(o.f);
	event(o.f, "content_block_delta");
	fputs(",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":", o.f);
	put_json_string(o.f, reply());
	fputs("}", o.f);
	event_end(o.f);
	event(o.f, "content_block_stop");
	fputs(",\"index\":0", o.f);
	event_end(o.f);
	event(o.f, "message_delta");
	fputs(",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
	    "\"usage\":{\"output_tokens\":7}", o.f);
	event_end(o.f);
	event(o.f, "message_stop");
	event_end(o.f);
	send_events(r, &o);
}

/* ---- the model list ---- */

void
handle_models(struct http_req *r, const char *rest)
{
	const char *list = opts.models != NULL ? opts.models : "test-model", *p, *comma;
	char model[MODEL_MAX];
	struct out o;
	int stream, first = 1;

	(void)rest;
	if (admit(r, "GET", model, sizeof model, &stream) != 0 || out_open(&o) != 0)
		return;
	fputs("{\"object\":\"list\",\"data\":[", o.f);
	for (p = list; *p; p = *comma ? comma + 1 : comma) {
		comma = p + strcspn(p, ",");
		snprintf(model, sizeof model, "%.*s", (int)(comma - p), p);
		fputs(first ? "{\"id\":" : ",{\"id\":", o.f);
		put_json_string(o.f, model);
		fputs(",\"object\":\"model\",\"owned_by\":\"fg-testserver\"}", o.f);
		first = 0;
	}
	fputs("]}", o.f);
	send_json(r, &o);
}

/* ---- the proxy stand-in ---- */

void
handle_proxied(struct http_req *r)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	char line[2200], body[2200];
	int n, fd;

	n = snprintf(line, sizeof line, "PROXY %s %s\n", r->method, r->proxied);
	if (opts.log != NULL && n > 0 && (size_t)n < sizeof line) {
		pthread_mutex_lock(&lock);
		if ((fd = open(opts.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) >= 0) {
			(void)!write(fd, line, (size_t)n);
			close(fd);
		}
		pthread_mutex_unlock(&lock);
	}
	snprintf(body, sizeof body, "{\"proxied\":\"%.2000s\"}", r->proxied);
	http_respond_json(r->fd, 200, body);
}
