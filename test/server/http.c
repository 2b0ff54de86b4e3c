/* http.c — one request per connection (Connection: close) keeps the server
 * simple; every read is bounded in size and in time. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "http.h"

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Content Too Large";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "Status";
	}
}

int
http_send(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 1xx, 204 and 304 answers carry no body, whatever the handler passed. */
int
http_respond_with(int fd, int status, const char *type, const char *extra, const char *body,
    size_t len)
{
	char head[1024];
	int n;

	if ((status >= 100 && status < 200) || status == 204 || status == 304)
		len = 0;
	n = snprintf(head, sizeof head,
	    "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s"
	    "Connection: close\r\n\r\n", status, reason(status), type, len, extra ? extra : "");
	if (n < 0 || (size_t)n >= sizeof head || http_send(fd, head, (size_t)n) != 0)
		return -1;
	return len > 0 ? http_send(fd, body, len) : 0;
}

int
http_respond(int fd, int status, const char *type, const char *body, size_t len)
{
	return http_respond_with(fd, status, type, NULL, body, len);
}

int
http_respond_json(int fd, int status, const char *json)
{
	return http_respond(fd, status, "application/json", json, strlen(json));
}

static ssize_t
recv_some(int fd, char *buf, size_t size)
{
	ssize_t n;

	while ((n = recv(fd, buf, size, 0)) < 0 && errno == EINTR)
		;
	return n;
}

/* Reads until the blank line; bytes after it are the body's start. */
static int
read_head(int fd, struct http_req *r, char **body_start, size_t *got)
{
	char *end;
	ssize_t n;

	r->head_len = 0;
	for (;;) {
		if (r->head_len == HTTP_MAX_HEAD)
			return 413;
		n = recv_some(fd, r->head + r->head_len, HTTP_MAX_HEAD - r->head_len);
		if (n <= 0)
			return -1;
		r->head_len += (size_t)n;
		r->head[r->head_len] = '\0';
		if ((end = strstr(r->head, "\r\n\r\n")) != NULL) {
			*body_start = end + 4;
			*got = r->head_len - (size_t)(*body_start - r->head);
			return 0;
		}
	}
}

static int
copy_bounded(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);

	if (len >= size)
		return -1;
	memcpy(dst, src, len + 1);
	return 0;
}

static int
parse_request_line(struct http_req *r)
{
	char target[4096], *q;

	r->proxied[0] = '\0';
	if (sscanf(r->head, "%15s %4095s HTTP/1.%*c", r->method, target) != 2)
		return 400;
	/* The absolute form a client sends a proxy: kept whole, served by the
	 * proxy stand-in (routes.c). */
	if (strncmp(target, "http://", 7) == 0)
		return copy_bounded(r->proxied, sizeof r->proxied, target) != 0 ? 400 : 0;
	if (target[0] != '/')
		return 400;
	if ((q = strchr(target, '?')) != NULL)
		*q++ = '\0';
	if (copy_bounded(r->path, sizeof r->path, target) != 0 ||
	    copy_bounded(r->query, sizeof r->query, q ? q : "") != 0)
		return 400;
	return 0;
}

static int
read_body(int fd, struct http_req *r, const char *start, size_t got)
{
	char value[32], *end;
	unsigned long want = 0;
	ssize_t n;

	if (http_header(r, "Content-Length", value, sizeof value) != NULL) {
		want = strtoul(value, &end, 10);
		if (end == value || *end != '\0')
			return 400;
	}
	if (want > HTTP_MAX_BODY)
		return 413;
	if (got > want)
		got = want;
	memmove(r->body, start, got);
	while (got < want) {
		if ((n = recv_some(fd, r->body + got, want - got)) <= 0)
			return -1;
		got += (size_t)n;
	}
	r->body_len = got;
	r->body[got] = '\0';
	return 0;
}

int
http_read_request(int fd, struct http_req *r)
{
	char *body_start = NULL;
	size_t got = 0;
	int rc;

	r->fd = fd;
	r->body_len = 0;
	r->body[0] = '\0';
	if ((rc = read_head(fd, r, &body_start, &got)) != 0)
		return rc;
	/* Cut the head at the blank line so header lookups stay inside it. */
	body_start[-2] = '\0';
	if ((rc = parse_request_line(r)) != 0)
		return rc;
	return read_body(fd, r, body_start, got);
}

const char *
http_header(const struct http_req *r, const char *name, char *buf, size_t size)
{
	size_t nlen = strlen(name), vlen;
	const char *line = strstr(r->head, "\r\n"), *v;

	while (line != NULL) {
		line += 2;
		if (strncasecmp(line, name, nlen) == 0 && line[nlen] == ':') {
			v = line + nlen + 1;
			v += strspn(v, " \t");
			vlen = strcspn(v, "\r\n");
			while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			snprintf(buf, size, "%.*s", (int)vlen, v);
			return buf;
		}
		line = strstr(line, "\r\n");
	}
	return NULL;
}
