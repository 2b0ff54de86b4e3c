/* releases.c — the GitHub release API from a folder (--release-dir DIR):
 * /repos/OWNER/NAME/releases/tags/TAG answers DIR/OWNER/NAME/TAG/release.json,
 * /releases/latest answers DIR/OWNER/NAME/latest.json, /download/PATH serves
 * DIR/download/PATH with its Content-Length. Test-made faults sit beside an
 * asset: NAME.truncate holding N sends N bytes of NAME, announcing all of
 * them, and closes; NAME.stall holding N sends N bytes and then nothing,
 * holding the connection. /repos/rate/limited/... is rate limited (403;
 * rate/limited-429: 429), /redirect/PATH answers 302 to /PATH. The request
 * log gets "METHOD PATH auth=none|bearer|other" and the User-Agent and Accept
 * headers, never a token. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "releases.h"

/* The reset time the rate-limited repository announces: 2100-01-01T00:00:00Z. */
#define RATE_RESET_EPOCH "4102444800"
#define MAX_PARTS 8
#define SEND_CHUNK ((size_t)1 << 20)

static const char *release_dir;
static const char *request_log;

void
releases_configure(const char *dir, const char *log)
{
	release_dir = dir;
	request_log = log;
}

static const char *
auth_kind(const struct http_req *r)
{
	char v[1024];

	if (http_header(r, "Authorization", v, sizeof v) == NULL)
		return "none";
	return strncmp(v, "Bearer ", 7) == 0 && v[7] != '\0' ? "bearer" : "other";
}

static void
log_request(const struct http_req *r)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	char ua[256], accept[256], line[2600];
	int fd, n;

	if (request_log == NULL)
		return;
	if (http_header(r, "User-Agent", ua, sizeof ua) == NULL)
		ua[0] = '\0';
	if (http_header(r, "Accept", accept, sizeof accept) == NULL)
		accept[0] = '\0';
	n = snprintf(line, sizeof line, "%s %s auth=%s\tUser-Agent: %s\tAccept: %s\n", r->method,
	    r->path, auth_kind(r), ua, accept);
	if (n < 0 || (size_t)n >= sizeof line)
		return;
	pthread_mutex_lock(&lock);
	if ((fd = open(request_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) >= 0) {
		(void)!write(fd, line, (size_t)n);
		close(fd);
	}
	pthread_mutex_unlock(&lock);
}

/* A path component the folder may hold: no "." or "..", no separators. */
static int
safe_part(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > 255 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+@-") == len;
}

/* Splits rest at '/' into parts (in buf); returns their count, or -1 when one
 * is unsafe or there are too many. */
static int
split_parts(const char *rest, char *buf, size_t size, char **parts)
{
	char *p, *save = NULL;
	int n = 0;

	if ((size_t)snprintf(buf, size, "%s", rest) >= size)
		return -1;
	for (p = strtok_r(buf, "/", &save); p != NULL; p = strtok_r(NULL, "/", &save)) {
		if (n == MAX_PARTS || !safe_part(p))
			return -1;
		parts[n++] = p;
	}
	return n;
}

/* The number in a fault file beside path (path.SUFFIX), or -1 when none. */
static long long
fault_bytes(const char *path, const char *suffix)
{
	char name[4200], text[32];
	long long n;
	ssize_t got;
	int fd;

	snprintf(name, sizeof name, "%s.%s", path, suffix);
	if ((fd = open(name, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	got = read(fd, text, sizeof text - 1);
	close(fd);
	if (got <= 0)
		return -1;
	text[got] = '\0';
	n = strtoll(text, NULL, 10);
	return n < 0 ? 0 : n;
}

/* Holds the connection open without sending, until the client leaves. */
static void
hold(int fd)
{
	char buf[256];
	ssize_t n;

	do
		n = recv(fd, buf, sizeof buf, 0);
	while (n > 0 || (n < 0 && errno == EINTR));
}

static int
send_file_bytes(int out, int in, long long count)
{
	off_t off = 0;
	ssize_t n;

	while (count > 0) {
		n = sendfile(out, in, &off, count > (long long)SEND_CHUNK ? SEND_CHUNK : (size_t)count);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		count -= n;
	}
	return 0;
}

static void
serve_file(struct http_req *r, const char *path, const char *type)
{
	long long trunc = fault_bytes(path, "truncate"), stall = fault_bytes(path, "stall"), count;
	char head[256];
	struct stat st;
	int fd, n;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		http_respond_json(r->fd, 404, "{\"message\":\"Not Found\"}");
		return;
	}
	count = st.st_size;
	if (trunc >= 0 && trunc < count)
		count = trunc;
	if (stall >= 0 && stall < count)
		count = stall;
	n = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
	    "Content-Length: %lld\r\nConnection: close\r\n\r\n", type, (long long)st.st_size);
	if (http_send(r->fd, head, (size_t)n) == 0 && send_file_bytes(r->fd, fd, count) == 0 &&
	    stall >= 0 && stall < st.st_size)
		hold(r->fd);
	close(fd);
}

static void
rate_limited(struct http_req *r, int status)
{
	static const char body[] = "{\"message\":\"API rate limit exceeded for 127.0.0.1.\"}";
	char head[512];
	int n;

	n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
	    "x-ratelimit-limit: 60\r\nx-ratelimit-remaining: 0\r\nx-ratelimit-reset: "
	    RATE_RESET_EPOCH "\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", status,
	    status == 429 ? "Too Many Requests" : "Forbidden", sizeof body - 1);
	if (http_send(r->fd, head, (size_t)n) == 0)
		(void)http_send(r->fd, body, sizeof body - 1);
}

static int
get_only(struct http_req *r)
{
	log_request(r);
	if (strcmp(r->method, "GET") == 0)
		return 1;
	http_respond_json(r->fd, 405, "{\"message\":\"GET only\"}");
	return 0;
}

void
handle_repos(struct http_req *r, const char *rest)
{
	char buf[2048], path[4096], *p[MAX_PARTS];
	int n;

	if (!get_only(r))
		return;
	n = split_parts(rest, buf, sizeof buf, p);
	if (n >= 3 && strcmp(p[0], "rate") == 0 && strncmp(p[1], "limited", 7) == 0) {
		rate_limited(r, strcmp(p[1], "limited-429") == 0 ? 429 : 403);
		return;
	}
	path[0] = '\0';
	if (release_dir != NULL && n == 5 && strcmp(p[2], "releases") == 0 && strcmp(p[3], "tags") == 0)
		snprintf(path, sizeof path, "%s/%s/%s/%s/release.json", release_dir, p[0], p[1], p[4]);
	else if (release_dir != NULL && n == 4 && strcmp(p[2], "releases") == 0 &&
	    strcmp(p[3], "latest") == 0)
		snprintf(path, sizeof path, "%s/%s/%s/latest.json", release_dir, p[0], p[1]);
	if (path[0] == '\0') {
		http_respond_json(r->fd, 404, "{\"message\":\"Not Found\"}");
		return;
	}
	serve_file(r, path, "application/json; charset=utf-8");
}

void
handle_download(struct http_req *r, const char *rest)
{
	char buf[2048], path[4096], *p[MAX_PARTS];
	size_t used;
	int n, i;

	if (!get_only(r))
		return;
	if (release_dir == NULL || (n = split_parts(rest, buf, sizeof buf, p)) <= 0) {
		http_respond_json(r->fd, 404, "{\"message\":\"Not Found\"}");
		return;
	}
	used = (size_t)snprintf(path, sizeof path, "%s/download", release_dir);
	for (i = 0; i < n && used < sizeof path; i++)
		used += (size_t)snprintf(path + used, sizeof path - used, "/%s", p[i]);
	serve_file(r, path, "application/octet-stream");
}

void
handle_redirect(struct http_req *r, const char *rest)
{
	char host[256], head[4096 + 512];
	int n;

	if (!get_only(r))
		return;
	if (http_header(r, "Host", host, sizeof host) == NULL || strpbrk(host, "/\\@") != NULL)
		host[0] = '\0';
	n = snprintf(head, sizeof head, "HTTP/1.1 302 Found\r\nLocation: %s%s/%s%s%s\r\n"
	    "Content-Length: 0\r\nConnection: close\r\n\r\n", host[0] ? "http://" : "", host, rest,
	    r->query[0] ? "?" : "", r->query);
	if (n > 0 && (size_t)n < sizeof head)
		(void)http_send(r->fd, head, (size_t)n);
}
