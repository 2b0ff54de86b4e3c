/* lies.c — servers that lie, for the hostile-input tests: answers that are
 * endless, truncated, mislabelled, garbled, or redirect where a client must
 * not follow. Every handler still ends by itself (the peer closes, or the
 * server's lifetime ends). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "lies.h"

static void
send_text(struct http_req *r, const char *text)
{
	(void)http_send(r->fd, text, strlen(text));
}

/* 200 with no length, and a body that never ends. */
static void
lie_endless(struct http_req *r)
{
	char chunk[4096];

	send_text(r, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "Connection: close\r\n\r\n[");
	memset(chunk, ' ', sizeof chunk);
	while (http_send(r->fd, chunk, sizeof chunk) == 0)
		;
}

/* Content-Length promises more than is sent, then the connection closes. */
static void
lie_truncated(struct http_req *r)
{
	send_text(r, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "Content-Length: 1000\r\nConnection: close\r\n\r\n{\"status\":");
}

static void
lie_redirect(struct http_req *r, const char *to)
{
	char head[512];

	snprintf(head, sizeof head, "HTTP/1.1 302 Found\r\nLocation: %s\r\n"
	    "Content-Length: 0\r\nConnection: close\r\n\r\n", to);
	send_text(r, head);
}

/* An object whose one value nests 5,000 arrays deep: a reader that walks it
 * by recursion without a bound runs out of stack. */
static void
lie_deep(struct http_req *r)
{
	char body[2 * 5000 + 32];
	size_t n = 0;
	int i;

	n += (size_t)snprintf(body, sizeof body, "{\"status\":");
	for (i = 0; i < 5000; i++)
		body[n++] = '[';
	for (i = 0; i < 5000; i++)
		body[n++] = ']';
	body[n++] = '}';
	http_respond(r->fd, 200, "application/json", body, n);
}

void
handle_lie(struct http_req *r, const char *rest)
{
	if (strcmp(rest, "endless") == 0)
		lie_endless(r);
	else if (strcmp(rest, "truncated") == 0)
		lie_truncated(r);
	else if (strcmp(rest, "garbage") == 0)
		http_respond(r->fd, 200, "application/json", "{\"status\": ok,,]\x01\xff", 18);
	else if (strcmp(rest, "duplicate") == 0)
		http_respond_json(r->fd, 200, "{\"status\":\"ok\",\"url\":\"https://a.example/\","
		    "\"state\":\"s1\",\"status\":\"error\"}");
	else if (strcmp(rest, "deep") == 0)
		lie_deep(r);
	else if (strcmp(rest, "html") == 0)
		http_respond(r->fd, 200, "text/html", "<html>not json</html>", 21);
	else if (strcmp(rest, "wrong-type") == 0)
		http_respond(r->fd, 200, "image/png", "{\"status\":\"ok\"}", 15);
	else if (strcmp(rest, "bad-status") == 0)
		send_text(r, "HTTP/1.1 OK then\r\n\r\n");
	else if (strcmp(rest, "drop") == 0)
		(void)shutdown(r->fd, SHUT_RDWR);
	else if (strcmp(rest, "redirect-loop") == 0)
		lie_redirect(r, "/lie/redirect-loop");
	else if (strcmp(rest, "redirect-file") == 0)
		lie_redirect(r, "file:///etc/passwd");
	else if (strcmp(rest, "redirect-ok") == 0)
		lie_redirect(r, "/health");
	else
		http_respond_json(r->fd, 404, "{\"error\":\"no such lie\"}");
}
