/* mgmt.c — the management API of CLIProxyAPIPlus as fg-oauth meets it: the
 * Bearer key (404 everywhere without one, 401 for a wrong one), the
 * <provider>-auth-url / get-auth-status login, auth-files read from a folder,
 * oauth-callback and oauth-session. A scenario picks the login's course; the
 * request log records what each request carried, the key only as auth=ok or
 * auth=bad. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accounts.h"
#include "mgmt.h"

#define AUTH_FILE_MAX 65536
#define HUGE_BODY ((size_t)5 << 20)

enum scenario {
	OK_AFTER_3, OK_NO_FILE, ERROR, DEVICE, MIDPOLL, BUSY, GARBAGE, HUGE, STALL, FLAKY,
	PASTE, BANNED,
};

static const char *const scenario_names[] = { "ok-after-3", "ok-no-file", "error", "device",
	"midpoll", "busy", "garbage", "huge", "stall", "flaky", "paste", "banned", NULL };

static const char known_list[] = "ok-after-3, ok-no-file, error, device, midpoll, busy, "
    "garbage, huge, stall, flaky, paste, banned";

static struct mgmt_opts opts;
static enum scenario scenario;

/* What the login has seen so far; requests come on many threads. */
static struct {
	pthread_mutex_t lock;
	int polls;              /* get-auth-status requests for the issued state */
	int sessions;           /* auth-url requests answered */
	int files;              /* auth files written */
	int callback;           /* a valid oauth-callback arrived */
	char state[64];         /* the state last issued */
	char type[128];         /* its provider's auth file type */
} login = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, "", "" };

int
mgmt_configure(const struct mgmt_opts *o, const char **known)
{
	size_t i;

	opts = *o;
	*known = known_list;
	if (o->scenario == NULL) {
		scenario = OK_AFTER_3;
		return 0;
	}
	for (i = 0; scenario_names[i] != NULL; i++)
		if (strcmp(scenario_names[i], o->scenario) == 0) {
			scenario = (enum scenario)i;
			return 0;
		}
	return -1;
}

/* ---- the request log ---- */

static void
put_escaped(FILE *f, const char *s, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '\\')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

/* Each header but the ones that carry the key, as " Name: value". */
static void
put_headers(FILE *f, const struct http_req *r)
{
	const char *line = strstr(r->head, "\r\n"), *end;
	size_t len;

	while (line != NULL && line[2] != '\0') {
		line += 2;
		end = strstr(line, "\r\n");
		len = end ? (size_t)(end - line) : strlen(line);
		if (strncasecmp(line, "Authorization:", 14) != 0 &&
		    strncasecmp(line, "X-Management-Key:", 17) != 0) {
			fputs("\t", f);
			put_escaped(f, line, len);
		}
		line = end;
	}
}

/* One line per request: METHOD PATH[?QUERY] auth=ok|bad, the headers, and
 * the body of a POST; one write under the lock, so lines never mix. */
static void
log_request(const struct http_req *r, int auth_ok)
{
	static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int fd;

	if (opts.log == NULL || (f = open_memstream(&buf, &len)) == NULL)
		return;
	fprintf(f, "%s %s%s%s auth=%s", r->method, r->path, r->query[0] ? "?" : "", r->query,
	    auth_ok ? "ok" : "bad");
	put_headers(f, r);
	if (strcmp(r->method, "POST") == 0) {
		fputs("\tbody=", f);
		put_escaped(f, r->body, r->body_len);
	}
	fputc('\n', f);
	if (fclose(f) != 0 || buf == NULL)
		return;
	pthread_mutex_lock(&log_lock);
	if ((fd = open(opts.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) >= 0) {
		(void)!write(fd, buf, len);
		close(fd);
	}
	pthread_mutex_unlock(&log_lock);
	free(buf);
}

/* ---- small JSON helpers (no JSON library in the test server) ---- */

/* A JSON string literal of s, into buf. */
static void
json_quote(char *buf, size_t size, const char *s)
{
	size_t n = 0;
	unsigned char c;

	buf[n++] = '"';
	for (; *s && n + 8 < size; s++) {
		c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			n += (size_t)snprintf(buf + n, size - n, "\\%c", c);
		else if (c < 0x20)
			n += (size_t)snprintf(buf + n, size - n, "\\u%04x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n++] = '"';
	buf[n] = '\0';
}

/* The string value of "key" in a flat JSON object (no escapes in it), or NULL. */
const char *
json_string_field(const char *json, const char *key, char *out, size_t size)
{
	char pat[80];
	const char *p, *end;

	snprintf(pat, sizeof pat, "\"%s\"", key);
	if ((p = strstr(json, pat)) == NULL)
		return NULL;
	p += strlen(pat);
	p += strspn(p, " \t\r\n");
	if (*p++ != ':')
		return NULL;
	p += strspn(p, " \t\r\n");
	if (*p++ != '"' || (end = strchr(p, '"')) == NULL || (size_t)(end - p) >= size)
		return NULL;
	memcpy(out, p, (size_t)(end - p));
	out[end - p] = '\0';
	return out;
}

/* The value of name in the query string (no %-escapes expected), or NULL. */
const char *
query_param(const char *query, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name), vlen;
	const char *p = query;

	while (p != NULL && *p) {
		if (strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			p += nlen + 1;
			vlen = strcspn(p, "&");
			if (vlen >= size)
				return NULL;
			memcpy(out, p, vlen);
			out[vlen] = '\0';
			return out;
		}
		if ((p = strchr(p, '&')) != NULL)
			p++;
	}
	return NULL;
}

/* ---- auth files ---- */

/* DIR/TYPE-user-N.json, written whole (temp file, rename) so a listing
 * never reads half of it. */
static void
write_auth_file(const char *type)
{
	char path[4096], tmp[4200], body[512];
	int fd, n;

	if (opts.auth_dir == NULL)
		return;
	n = ++login.files;
	snprintf(path, sizeof path, "%s/%s-user%d.json", opts.auth_dir, type, n);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	snprintf(body, sizeof body, "{\"type\":\"%s\",\"email\":\"user%d@example.com\","
	    "\"access_token\":\"test-access-%d\"}\n", type, n, n);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return;
	(void)!write(fd, body, strlen(body));
	close(fd);
	(void)rename(tmp, path);
}

static int
read_small(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static void
list_entry(FILE *out, const char *dir, const char *name, int *first)
{
	char path[4096], q[4400], type[128], email[256], when[64], *buf;
	struct stat st;
	struct tm tm;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (buf = malloc(AUTH_FILE_MAX)) == NULL)
		return;
	if (read_small(path, buf, AUTH_FILE_MAX) != 0) {
		free(buf);
		return;
	}
	if (json_string_field(buf, "type", type, sizeof type) == NULL)
		snprintf(type, sizeof type, "unknown");
	gmtime_r(&st.st_mtim.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(out, "%s{\"name\":", *first ? "" : ",");
	json_quote(q, sizeof q, name);
	fputs(q, out);
	json_quote(q, sizeof q, type);
	fprintf(out, ",\"type\":%s,\"provider\":%s,\"email\":", q, q);
	if (json_string_field(buf, "email", email, sizeof email) != NULL) {
		json_quote(q, sizeof q, email);
		fputs(q, out);
	} else {
		fputs("null", out);
	}
	json_quote(q, sizeof q, path);
	fprintf(out, ",\"modtime\":\"%s.%09ldZ\",\"size\":%lld,\"path\":%s", when,
	    st.st_mtim.tv_nsec, (long long)st.st_size, q);
	/* The proxy keeps an account's state in its file ("disabled": true). */
	fprintf(out, ",\"disabled\":%s,\"status\":\"%s\"}", json_true_field(buf, "disabled") ?
	    "true" : "false", json_true_field(buf, "disabled") ? "disabled" : "active");
	*first = 0;
	free(buf);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* {"files":[...]} for DIR's *.json, by name. */
static void
handle_auth_files(struct http_req *r)
{
	char *body = NULL, **names = NULL;
	size_t len = 0, n = 0, i, nlen;
	struct dirent *de;
	FILE *out;
	DIR *d;
	int first = 1;

	if ((out = open_memstream(&body, &len)) == NULL)
		return;
	fputs("{\"files\":[", out);
	if (opts.auth_dir != NULL && (d = opendir(opts.auth_dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			nlen = strlen(de->d_name);
			if (nlen > 5 && strcmp(de->d_name + nlen - 5, ".json") == 0 &&
			    (names = realloc(names, (n + 1) * sizeof *names)) != NULL)
				names[n++] = strdup(de->d_name);
		}
		closedir(d);
	}
	if (names != NULL)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		if (names[i] != NULL)
			list_entry(out, opts.auth_dir, names[i], &first);
		free(names[i]);
	}
	free(names);
	fputs("]}", out);
	if (fclose(out) == 0 && body != NULL)
		http_respond(r->fd, 200, "application/json", body, len);
	free(body);
}

/* ---- the login ---- */

/* codex-auth-url -> codex; github-auth-url -> github-copilot (Copilot's
 * device flow, whose reply carries the user code). */
static void
handle_auth_url(struct http_req *r, const char *provider)
{
	char body[1024];

	if (scenario == BUSY) {
		http_respond_json(r->fd, 500, "{\"error\":\"failed to start callback server\"}");
		return;
	}
	if (scenario == GARBAGE) {
		http_respond(r->fd, 200, "application/json", "<html>surprise</html>", 21);
		return;
	}
	pthread_mutex_lock(&login.lock);
	snprintf(login.type, sizeof login.type, "%s",
	    strcmp(provider, "github") == 0 ? "github-copilot" : provider);
	snprintf(login.state, sizeof login.state, "st%ld-%d", (long)getpid(), ++login.sessions);
	login.polls = 0;
	login.callback = 0;
	if (strcmp(provider, "github") == 0 || scenario == DEVICE)
		snprintf(body, sizeof body, "{\"status\":\"ok\",\"url\":\"https://github.com/login/device\","
		    "\"state\":\"%s\",\"user_code\":\"ABCD-1234\","
		    "\"verification_uri\":\"https://github.com/login/device\"}", login.state);
	else
		snprintf(body, sizeof body, "{\"status\":\"ok\",\"url\":\"https://auth.example.test/"
		    "oauth/authorize?client_id=test&state=%s\",\"state\":\"%s\"}", login.state,
		    login.state);
	pthread_mutex_unlock(&login.lock);
	http_respond_json(r->fd, 200, body);
}

/* Holds the connection until the client gives up. */
static void
stall(struct http_req *r)
{
	char buf[256];
	ssize_t n;

	do
		n = recv(r->fd, buf, sizeof buf, 0);
	while (n > 0 || (n < 0 && errno == EINTR));
}

/* 200 with a 5 MiB JSON body: a client must stop reading, not hang or grow. */
static void
huge(struct http_req *r)
{
	char chunk[65536], head[200];
	size_t left = HUGE_BODY - 20;
	int len;

	len = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n{\"status\":\"wait\",\"x\":\"",
	    HUGE_BODY);
	if (http_send(r->fd, head, (size_t)len) != 0)
		return;
	memset(chunk, 'x', sizeof chunk);
	for (; left > 0; left -= left < sizeof chunk ? left : sizeof chunk)
		if (http_send(r->fd, chunk, left < sizeof chunk ? left : sizeof chunk) != 0)
			return;
	(void)http_send(r->fd, "\"}", 2);
}

static const char wait_json[] = "{\"status\":\"wait\"}";
static const char ok_json[] = "{\"status\":\"ok\"}";

/* The status of poll number n (1-based) in the scenarios that follow a script. */
static const char *
scripted_status(int n)
{
	switch (scenario) {
	case OK_AFTER_3:
	case DEVICE:
		return n < 3 ? wait_json : NULL;
	case OK_NO_FILE:
		return n < 2 ? wait_json : ok_json;
	case ERROR:
		return n < 2 ? wait_json : "{\"status\":\"error\",\"error\":\"access denied by user\"}";
	case MIDPOLL:
		if (n == 1)
			return "{\"status\":\"device_code\",\"verification_url\":"
			    "\"https://github.com/login/device\",\"user_code\":\"WXYZ-9876\"}";
		return n == 2 ? "{\"status\":\"auth_url\",\"url\":\"https://auth.example.test/again\"}"
		    : NULL;
	case FLAKY:
		return n < 4 ? wait_json : NULL;
	case PASTE:
		return login.callback ? NULL : wait_json;
	default:
		return NULL;
	}
}

/* ok, with the new auth file written just before, once per login. */
static const char *
login_done(void)
{
	if (login.files < login.sessions)
		write_auth_file(login.type);
	return ok_json;
}

static void
handle_status(struct http_req *r)
{
	char state[128];
	const char *body;
	int n;

	if (scenario == STALL) {
		stall(r);
		return;
	}
	if (scenario == HUGE) {
		huge(r);
		return;
	}
	pthread_mutex_lock(&login.lock);
	/* Older CLIProxyAPIPlus answers ok for a state it does not know. */
	if (query_param(r->query, "state", state, sizeof state) == NULL ||
	    strcmp(state, login.state) != 0) {
		pthread_mutex_unlock(&login.lock);
		http_respond_json(r->fd, 200, ok_json);
		return;
	}
	n = ++login.polls;
	if ((body = scripted_status(n)) == NULL)
		body = login_done();
	pthread_mutex_unlock(&login.lock);
	if (scenario == FLAKY && n == 1)
		(void)shutdown(r->fd, SHUT_RDWR);
	else if (scenario == FLAKY && n == 2)
		http_respond_json(r->fd, 503, "{\"error\":\"service unavailable\"}");
	else
		http_respond_json(r->fd, 200, body);
}

/* {"provider":..., "redirect_url":..., "state":...} for the issued state. */
static void
handle_callback(struct http_req *r)
{
	char provider[128], url[2048], state[128];
	int ok;

	if (strcmp(r->method, "POST") != 0) {
		http_respond_json(r->fd, 405, "{\"error\":\"method not allowed\"}");
		return;
	}
	pthread_mutex_lock(&login.lock);
	ok = json_string_field(r->body, "provider", provider, sizeof provider) != NULL &&
	    json_string_field(r->body, "redirect_url", url, sizeof url) != NULL &&
	    json_string_field(r->body, "state", state, sizeof state) != NULL &&
	    strcmp(state, login.state) == 0;
	if (ok)
		login.callback = 1;
	pthread_mutex_unlock(&login.lock);
	if (ok)
		http_respond_json(r->fd, 200, ok_json);
	else
		http_respond_json(r->fd, 400, "{\"error\":\"invalid callback: provider, redirect_url "
		    "and the session's state are required\"}");
}

/* ---- dispatch ---- */

/* 1: the key matches (Bearer or X-Management-Key); 0: missing; -1: wrong. */
static int
check_key(const struct http_req *r)
{
	char v[1024];
	const char *k = NULL;

	if (http_header(r, "Authorization", v, sizeof v) != NULL && strncmp(v, "Bearer ", 7) == 0)
		k = v + 7;
	else if (http_header(r, "X-Management-Key", v, sizeof v) != NULL)
		k = v;
	if (k == NULL || *k == '\0')
		return 0;
	return strcmp(k, opts.key) == 0 ? 1 : -1;
}

static void
route_mgmt(struct http_req *r, const char *rest)
{
	size_t len = strlen(rest);

	if (accounts_route(r, rest, opts.auth_dir, opts.old_proxy))
		return;

	if (len > 9 && strcmp(rest + len - 9, "-auth-url") == 0 && strcmp(r->method, "GET") == 0) {
		char provider[128];

		snprintf(provider, sizeof provider, "%.*s", (int)(len - 9), rest);
		handle_auth_url(r, provider);
	} else if (strcmp(rest, "get-auth-status") == 0)
		handle_status(r);
	else if (strcmp(rest, "auth-files") == 0)
		handle_auth_files(r);
	else if (strcmp(rest, "oauth-callback") == 0)
		handle_callback(r);
	else if (strcmp(rest, "oauth-session") == 0 && strcmp(r->method, "DELETE") == 0)
		http_respond_json(r->fd, 200, ok_json);
	else
		http_respond_json(r->fd, 404, "{\"error\":\"not found\"}");
}

void
handle_mgmt(struct http_req *r, const char *rest)
{
	int key = opts.key != NULL ? check_key(r) : 0;

	log_request(r, key == 1);
	/* Without a secret-key CLIProxyAPIPlus registers no management route. */
	if (opts.key == NULL) {
		http_respond(r->fd, 404, "text/plain", "404 page not found", 18);
		return;
	}
	if (scenario == BANNED) {
		http_respond_json(r->fd, 403, "{\"error\":\"IP banned due to too many failed "
		    "attempts. Try again in 29m59s\"}");
		return;
	}
	if (key != 1) {
		http_respond_json(r->fd, 401, key == 0 ? "{\"error\":\"missing management key\"}"
		    : "{\"error\":\"invalid management key\"}");
		return;
	}
	route_mgmt(r, rest);
}
