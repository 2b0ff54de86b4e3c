/* routes.c — the routes tests rely on; add a line to the table (and a handler,
 * in its own file when it is more than a few lines) to serve a new API. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "lies.h"
#include "llm.h"
#include "mgmt.h"
#include "releases.h"
#include "routes.h"

#define SLOW_MAX_MS 600000L
#define BYTES_MAX (64L << 20)

static int
parse_number(const char *s, long min, long max, long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtol(s, &end, 10);
	return (errno != 0 || *end != '\0' || *v < min || *v > max) ? -1 : 0;
}

static void
handle_status(struct http_req *r, const char *rest)
{
	char body[64];
	long code;

	if (parse_number(rest, 200, 599, &code) != 0) {
		http_respond_json(r->fd, 400, "{\"error\":\"status must be 200-599\"}");
		return;
	}
	snprintf(body, sizeof body, "{\"status\":%ld}", code);
	http_respond_json(r->fd, (int)code, body);
}

static void
handle_slow(struct http_req *r, const char *rest)
{
	struct timespec ts;
	char body[64];
	long ms;

	if (parse_number(rest, 0, SLOW_MAX_MS, &ms) != 0) {
		http_respond_json(r->fd, 400, "{\"error\":\"delay must be 0-600000 ms\"}");
		return;
	}
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	snprintf(body, sizeof body, "{\"slept_ms\":%ld}", ms);
	http_respond_json(r->fd, 200, body);
}

/* Never answers: holds the connection until the client gives up or the
 * server's lifetime ends. */
static void
handle_hang(struct http_req *r, const char *rest)
{
	char buf[256];
	ssize_t n;

	(void)rest;
	do
		n = recv(r->fd, buf, sizeof buf, 0);
	while (n > 0 || (n < 0 && errno == EINTR));
}

/* A body of exactly N bytes ("xxx..."), for clients that must bound what they read. */
static void
handle_bytes(struct http_req *r, const char *rest)
{
	char chunk[4096], head[160];
	long n, left;
	int len;

	if (parse_number(rest, 0, BYTES_MAX, &n) != 0) {
		http_respond_json(r->fd, 400, "{\"error\":\"size must be 0-67108864 bytes\"}");
		return;
	}
	len = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: "
	    "application/octet-stream\r\nContent-Length: %ld\r\nConnection: close\r\n\r\n", n);
	if (http_send(r->fd, head, (size_t)len) != 0)
		return;
	memset(chunk, 'x', sizeof chunk);
	for (left = n; left > 0; left -= (long)sizeof chunk)
		if (http_send(r->fd, chunk, left < (long)sizeof chunk ? (size_t)left : sizeof chunk))
			return;
}

static void
handle_ok(struct http_req *r, const char *rest)
{
	(void)rest;
	http_respond_json(r->fd, 200, "{\"status\":\"ok\"}");
}

static const struct route routes[] = {
	{ "/status/", 1, handle_status },
	{ "/slow/", 1, handle_slow },
	{ "/bytes/", 1, handle_bytes },
	{ "/hang", 0, handle_hang },
	{ "/lie/", 1, handle_lie },
	{ "/v0/management/", 1, handle_mgmt },
	{ "/repos/", 1, handle_repos }, { "/download/", 1, handle_download }, { "/redirect/", 1, handle_redirect },
	{ "/v1/models", 0, handle_models },
	{ "/v1/responses", 0, handle_responses },
	{ "/v1/messages", 1, handle_messages },
	{ "/health/readiness", 0, handle_ok },
	{ "/health", 0, handle_ok },
	{ "/", 0, handle_ok },
};

void
route_request(struct http_req *r)
{
	size_t i, len;

	if (r->proxied[0] != '\0') {
		handle_proxied(r);
		return;
	}

	for (i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		len = strlen(routes[i].path);
		if (routes[i].prefix ? strncmp(r->path, routes[i].path, len) == 0
		    : strcmp(r->path, routes[i].path) == 0) {
			routes[i].handle(r, routes[i].prefix ? r->path + len : "");
			return;
		}
	}
	http_respond_json(r->fd, 404, "{\"error\":\"not found\"}");
}
