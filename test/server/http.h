/* http.h — just enough HTTP/1.1 for tests: read one request, write one response. */
#ifndef FG_TESTSERVER_HTTP_H
#define FG_TESTSERVER_HTTP_H

#include <stddef.h>

#define HTTP_MAX_HEAD 8192
/* Claude Code posts about 85 KB and Codex CLI 40 KB with each request. */
#define HTTP_MAX_BODY (4 << 20)

struct http_req {
	int fd;
	char method[16];
	char path[2048];            /* without the query string */
	char proxied[2048];         /* the absolute URL of a request sent as to a
	                             * proxy (GET http://host/path), else "" */
	char query[2048];           /* after '?', "" when none */
	char head[HTTP_MAX_HEAD + 1];   /* request line and headers, as received */
	size_t head_len;
	char body[HTTP_MAX_BODY + 1];   /* NUL-terminated for handlers that parse text */
	size_t body_len;
};

/* Returns 0 with r filled, -1 when the peer went away, or an HTTP status to
 * answer with (400, 413) when the request is not one we accept. */
int http_read_request(int fd, struct http_req *r);
/* Copies header name's value into buf; returns buf, or NULL when absent. */
const char *http_header(const struct http_req *r, const char *name, char *buf, size_t size);
/* Sends all of buf (a response written by hand); returns 0 or -1. */
int http_send(int fd, const char *buf, size_t len);
/* Sends a whole response and asks the client to close; returns 0 or -1. */
int http_respond(int fd, int status, const char *type, const char *body, size_t len);
int http_respond_json(int fd, int status, const char *json);
/* The same with extra header lines ("Name: value\r\n" each), or NULL. */
int http_respond_with(int fd, int status, const char *type, const char *extra,
    const char *body, size_t len);

#endif
