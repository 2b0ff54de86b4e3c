/* mgmt.c — the management API of CLIProxyAPIPlus as fg-oauth meets it: the
 * Bearer key (404 everywhere without one, 401 for a wrong one), the
 * <provider>-auth-url / get-auth-status login of each provider its source
 * serves (internal/api/server.go, handlers/management/auth_files.go), the
 * auth-files read from a folder, oauth-callback and oauth-session. As gin
 * does, a route it lacks (--mgmt-without: an older proxy) answers a plain
 * 404 before the key is checked and without the X-CPA-VERSION header that
 * every other management answer carries. A scenario picks the login's
 * course; the request log records what each request carried, the key only as
 * auth=ok or auth=bad. */
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
static char version_header[128];

/* How a provider's login goes in CLIProxyAPIPlus: a URL to open at once
 * (redirect; qwen's device URL carries its code), Copilot's device code in
 * the answer, or kiro's, which comes with a later status. */
enum flow { REDIRECT, GITHUB, KIRO, DEVICE_URL };

static const struct endpoint {
	const char *name;       /* NAME-auth-url */
	const char *type;       /* the auth file it writes */
	const char *state;      /* its state's prefix, as the handler makes it */
	enum flow flow;
	const char *url;        /* the URL its answer carries; %s: the state */
} endpoints[] = {
	{ "anthropic", "claude", "", REDIRECT,
	  "https://auth.example.test/oauth/authorize?client_id=test&state=%s" },
	{ "codex", "codex", "", REDIRECT,
	  "https://auth.example.test/oauth/authorize?client_id=test&state=%s" },
	{ "gemini-cli", "gemini", "gem-", REDIRECT,
	  "https://accounts.example.test/o/oauth2/auth?access_type=offline&state=%s" },
	{ "antigravity", "antigravity", "", REDIRECT,
	  "https://accounts.example.test/o/oauth2/v2/auth?prompt=consent&state=%s" },
	/* Qwen's device flow: the URL is verification_uri_complete, and the
	 * handler reuses gemini's state prefix. */
	{ "qwen", "qwen", "gem-", REDIRECT,
	  "https://chat.qwen.example.test/authorize?user_code=QW-1234&client=qwen-code&s=%s" },
	{ "iflow", "iflow", "ifl-", REDIRECT,
	  "https://iflow.example.test/oauth?loginMethod=phone&type=phone&state=%s" },
	{ "kiro", "kiro", "kiro-", KIRO, NULL },
	/* Newer CLIProxyAPIPlus only. */
	{ "github", "github-copilot", "", GITHUB, NULL },
	/* Newer CLIProxyAPI only: {status, url, state, flow: device, user_code,
	 * expires_in}, states kmi-/xai- and a number. */
	{ "kimi", "kimi", "kmi-", DEVICE_URL, "https://www.kimi.example.test/device?user_code=KM-42&s=%s" },
	{ "xai", "xai", "xai-", DEVICE_URL, "https://accounts.x.example.test/device?user_code=XA-42&s=%s" },
	{ NULL, NULL, NULL, REDIRECT, NULL },
};

/* What the login has seen so far; requests come on many threads. */
static struct {
	pthread_mutex_t lock;
	int polls;              /* get-auth-status requests for the issued state */
	int sessions;           /* auth-url requests answered */
	int files;              /* auth files written */
	int callback;           /* a valid oauth-callback arrived */
	int social;             /* kiro: method google or github */
	char state[64];         /* the state last issued */
	char project[128];      /* gemini-cli's project_id, or "" */
	const struct endpoint *ep;  /* whose login it is */
} login = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, "", "", NULL };

int
mgmt_configure(const struct mgmt_opts *o, const char **known)
{
	size_t i;

	opts = *o;
	*known = known_list;
	if (o->version == NULL || o->version[0] != '\0')
		snprintf(version_header, sizeof version_header, "X-CPA-VERSION: %s\r\n",
		    o->version ? o->version : MGMT_VERSION);
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

/* An answer of the management middleware: it carries the version. */
static void
respond(struct http_req *r, int status, const char *json)
{
	http_respond_with(r->fd, status, "application/json", version_header, json, strlen(json));
}

/* ---- auth files ---- */

/* DIR/TYPE-user-N.json, written whole (temp file, rename) so a listing
 * never reads half of it; gemini's holds the project_id asked for. */
static void
write_auth_file(void)
{
	char path[4096], tmp[4200], body[512], project[200] = "";
	const char *type = login.ep->type;
	int fd, n;

	if (opts.auth_dir == NULL)
		return;
	n = ++login.files;
	snprintf(path, sizeof path, "%s/%s-user%d.json", opts.auth_dir, type, n);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if (login.project[0] != '\0')
		snprintf(project, sizeof project, ",\"project_id\":\"%s\"", login.project);
	snprintf(body, sizeof body, "{\"type\":\"%s\",\"email\":\"user%d@example.com\","
	    "\"access_token\":\"test-access-%d\"%s}\n", type, n, n, project);
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
		http_respond_with(r->fd, 200, "application/json", version_header, body, len);
	free(body);
}

/* ---- the login ---- */

static const struct endpoint *
endpoint_named(const char *name)
{
	const struct endpoint *e;

	for (e = endpoints; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/* The answer of NAME-auth-url, as each handler of CLIProxyAPIPlus gives it:
 * {status, url, state}; Copilot's with its device code; kiro's without a
 * URL ({status, state, method}), which comes with a status instead. */
static void
auth_url_answer(const struct endpoint *ep, char *body, size_t size)
{
	char url[512];

	if (ep->flow == KIRO)
		snprintf(body, size, "{\"status\":\"ok\",\"state\":\"%s\",\"method\":\"%s\"}",
		    login.state, login.social ? "social" : "device_code");
	else if (ep->flow == GITHUB || scenario == DEVICE)
		snprintf(body, size, "{\"status\":\"ok\",\"url\":\"https://github.com/login/device\","
		    "\"state\":\"%s\",\"user_code\":\"ABCD-1234\","
		    "\"verification_uri\":\"https://github.com/login/device\"}", login.state);
	else if (ep->flow == DEVICE_URL) {
		snprintf(url, sizeof url, ep->url, login.state);
		snprintf(body, size, "{\"status\":\"ok\",\"url\":\"%s\",\"state\":\"%s\","
		    "\"flow\":\"device\",\"user_code\":\"%s\",\"expires_in\":900}", url, login.state,
		    ep->type[0] == 'k' ? "KM-42" : "XA-42");
	} else {
		snprintf(url, sizeof url, ep->url, login.state);
		snprintf(body, size, "{\"status\":\"ok\",\"url\":\"%s\",\"state\":\"%s\"}", url,
		    login.state);
	}
}

static void
handle_auth_url(struct http_req *r, const struct endpoint *ep)
{
	char body[1024], method[64] = "";

	if (scenario == BUSY) {
		respond(r, 500, "{\"error\":\"failed to start callback server\"}");
		return;
	}
	if (scenario == GARBAGE) {
		http_respond_with(r->fd, 200, "application/json", version_header,
		    "<html>surprise</html>", 21);
		return;
	}
	if (ep->flow == KIRO && query_param(r->query, "method", method, sizeof method) != NULL &&
	    strcmp(method, "aws") != 0 && strcmp(method, "builder-id") != 0 &&
	    strcmp(method, "google") != 0 && strcmp(method, "github") != 0) {
		respond(r, 400, "{\"error\":\"invalid method, use 'aws', 'google', or 'github'\"}");
		return;
	}
	pthread_mutex_lock(&login.lock);
	login.ep = ep;
	login.social = strcmp(method, "google") == 0 || strcmp(method, "github") == 0;
	snprintf(login.state, sizeof login.state, "%sst%ld-%d", ep->state, (long)getpid(),
	    ++login.sessions);
	if (query_param(r->query, "project_id", login.project, sizeof login.project) == NULL)
		login.project[0] = '\0';
	login.polls = 0;
	login.callback = 0;
	auth_url_answer(ep, body, sizeof body);
	pthread_mutex_unlock(&login.lock);
	respond(r, 200, body);
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
static const char kiro_device_json[] = "{\"status\":\"device_code\",\"verification_url\":"
    "\"https://view.awsapps.example.test/start/#/device?user_code=KIRO-5678\","
    "\"user_code\":\"KIRO-5678\"}";
static const char kiro_social_json[] = "{\"status\":\"auth_url\",\"url\":"
    "\"https://prod.us-east-1.auth.desktop.kiro.example.test/login?idp=Google\"}";

/* Kiro's session starts in the background: for the device flow (aws) the
 * first status finds no state yet, and the proxy answers ok as for any
 * state it does not know; then the device code. The social flow shows its
 * URL first. Returns the answer, or NULL with *n moved past kiro's part. */
static const char *
kiro_status(int *n)
{
	if (login.ep->flow != KIRO)
		return NULL;
	if (login.social) {
		if (*n == 1)
			return kiro_social_json;
		*n -= 1;
		return NULL;
	}
	if (*n <= 2)
		return *n == 1 ? ok_json : kiro_device_json;
	*n -= 2;
	return NULL;
}

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
		write_auth_file();
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
		respond(r, 200, ok_json);
		return;
	}
	n = ++login.polls;
	if ((body = kiro_status(&n)) == NULL && (body = scripted_status(n)) == NULL)
		body = login_done();
	pthread_mutex_unlock(&login.lock);
	if (scenario == FLAKY && n == 1)
		(void)shutdown(r->fd, SHUT_RDWR);
	else if (scenario == FLAKY && n == 2)
		respond(r, 503, "{\"error\":\"service unavailable\"}");
	else
		respond(r, 200, body);
}

/* {"provider":..., "redirect_url":..., "state":...} for the issued state. */
static void
handle_callback(struct http_req *r)
{
	char provider[128], url[2048], state[128];
	int ok;

	if (strcmp(r->method, "POST") != 0) {
		respond(r, 405, "{\"error\":\"method not allowed\"}");
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
		respond(r, 200, ok_json);
	else
		respond(r, 400, "{\"error\":\"invalid callback: provider, redirect_url "
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

/* Whether the route is one this proxy has: not in --mgmt-without. */
static int
served(const char *route)
{
	size_t len = strlen(route);
	const char *p = opts.without;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, route, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return 0;
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	return 1;
}

/* The provider of a NAME-auth-url route this proxy serves, or NULL. */
static const struct endpoint *
auth_url_route(const struct http_req *r, const char *rest)
{
	size_t len = strlen(rest);
	char name[128];

	if (len <= 9 || strcmp(rest + len - 9, "-auth-url") != 0 ||
	    strcmp(r->method, "GET") != 0 || !served(rest) || len - 9 >= sizeof name)
		return NULL;
	snprintf(name, sizeof name, "%.*s", (int)(len - 9), rest);
	return endpoint_named(name);
}

/* 1 when gin has a route for the request (the management middleware runs). */
static int
routed(const struct http_req *r, const char *rest)
{
	if (auth_url_route(r, rest) != NULL)
		return 1;
	if (!served(rest))
		return 0;
	return strcmp(rest, "get-auth-status") == 0 || strcmp(rest, "auth-files") == 0 ||
	    strcmp(rest, "oauth-callback") == 0 || accounts_routed(r, rest) ||
	    (strcmp(rest, "oauth-session") == 0 && strcmp(r->method, "DELETE") == 0);
}

static void
route_mgmt(struct http_req *r, const char *rest)
{
	const struct endpoint *ep = auth_url_route(r, rest);

	if (accounts_route(r, rest, opts.auth_dir))
		return;
	if (ep != NULL)
		handle_auth_url(r, ep);
	else if (strcmp(rest, "get-auth-status") == 0)
		handle_status(r);
	else if (strcmp(rest, "auth-files") == 0)
		handle_auth_files(r);
	else if (strcmp(rest, "oauth-callback") == 0)
		handle_callback(r);
	else
		respond(r, 200, ok_json);       /* DELETE oauth-session */
}

void
handle_mgmt(struct http_req *r, const char *rest)
{
	int key = opts.key != NULL ? check_key(r) : 0;

	log_request(r, key == 1);
	/* Without a secret-key CLIProxyAPIPlus registers no management route;
	 * a route it lacks is gin's 404, before any middleware. */
	if (opts.key == NULL || !routed(r, rest)) {
		http_respond(r->fd, 404, "text/plain", "404 page not found", 18);
		return;
	}
	if (scenario == BANNED) {
		respond(r, 403, "{\"error\":\"IP banned due to too many failed "
		    "attempts. Try again in 29m59s\"}");
		return;
	}
	if (key != 1) {
		respond(r, 401, key == 0 ? "{\"error\":\"missing management key\"}"
		    : "{\"error\":\"invalid management key\"}");
		return;
	}
	route_mgmt(r, rest);
}
