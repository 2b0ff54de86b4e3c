/* accounts.c — the management API's account routes and usage statistics, as
 * the upstream handlers answer them (internal/api/handlers/management:
 * DeleteAuthFile, PatchAuthFileStatus, GetUsageStatistics,
 * GetUsageStatisticsEnabled). An account's state lives in its file, as the
 * proxy's file store keeps it ("disabled": true). The statistics are keyed
 * by the client's API key, as the proxy's are: a client must never print it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounts.h"
#include "mgmt.h"

#define FILE_MAX 65536

int
json_true_field(const char *json, const char *key)
{
	char pat[80];
	const char *p;

	snprintf(pat, sizeof pat, "\"%s\"", key);
	if ((p = strstr(json, pat)) == NULL)
		return 0;
	p += strlen(pat);
	p += strspn(p, " \t\r\n");
	if (*p++ != ':')
		return 0;
	p += strspn(p, " \t\r\n");
	return strncmp(p, "true", 4) == 0;
}

/* -1 absent, 0 false, 1 true. */
static int
json_bool_field(const char *json, const char *key)
{
	char pat[80];
	const char *p;

	snprintf(pat, sizeof pat, "\"%s\"", key);
	if ((p = strstr(json, pat)) == NULL)
		return -1;
	p += strlen(pat);
	p += strspn(p, " \t\r\n");
	if (*p++ != ':')
		return -1;
	p += strspn(p, " \t\r\n");
	if (strncmp(p, "true", 4) == 0)
		return 1;
	return strncmp(p, "false", 5) == 0 ? 0 : -1;
}

static int
valid_name(const char *n)
{
	return n[0] != '\0' && strchr(n, '/') == NULL;
}

static void
delete_file(struct http_req *r, const char *dir)
{
	char name[512], path[4096];

	if (query_param(r->query, "name", name, sizeof name) == NULL || !valid_name(name)) {
		http_respond_json(r->fd, 400, "{\"error\":\"invalid name\"}");
		return;
	}
	snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", name);
	if (dir == NULL || unlink(path) != 0) {
		http_respond_json(r->fd, errno == ENOENT || dir == NULL ? 404 : 500,
		    errno == ENOENT || dir == NULL ? "{\"error\":\"file not found\"}"
		    : "{\"error\":\"failed to remove file\"}");
		return;
	}
	http_respond_json(r->fd, 200, "{\"status\":\"ok\"}");
}

/* The file's JSON with "disabled" set: an old member is dropped, the new one
 * goes before the closing brace. Written whole (temp file, rename). */
static int
rewrite_disabled(const char *path, int disabled)
{
	char buf[FILE_MAX], out[FILE_MAX + 64], tmp[4200], *p, *end;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if ((p = strstr(buf, ",\"disabled\":")) != NULL) {
		end = p + strlen(",\"disabled\":");
		end += strspn(end, "truefals");
		memmove(p, end, strlen(end) + 1);
	}
	if ((end = strrchr(buf, '}')) == NULL)
		return -1;
	snprintf(out, sizeof out, "%.*s,\"disabled\":%s}\n", (int)(end - buf), buf,
	    disabled ? "true" : "false");
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return -1;
	if (write(fd, out, strlen(out)) != (ssize_t)strlen(out)) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	return rename(tmp, path);
}

static void
patch_status(struct http_req *r, const char *dir)
{
	char name[512], path[4096], reply[64];
	int disabled;

	if (r->body_len == 0 || r->body[0] != '{') {
		http_respond_json(r->fd, 400, "{\"error\":\"invalid request body\"}");
		return;
	}
	if (json_string_field(r->body, "name", name, sizeof name) == NULL || name[0] == '\0') {
		http_respond_json(r->fd, 400, "{\"error\":\"name is required\"}");
		return;
	}
	if ((disabled = json_bool_field(r->body, "disabled")) < 0) {
		http_respond_json(r->fd, 400, "{\"error\":\"disabled is required\"}");
		return;
	}
	snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", name);
	if (dir == NULL || !valid_name(name) || access(path, F_OK) != 0) {
		http_respond_json(r->fd, 404, "{\"error\":\"auth file not found\"}");
		return;
	}
	if (rewrite_disabled(path, disabled) != 0) {
		http_respond_json(r->fd, 500, "{\"error\":\"failed to update auth\"}");
		return;
	}
	snprintf(reply, sizeof reply, "{\"status\":\"ok\",\"disabled\":%s}",
	    disabled ? "true" : "false");
	http_respond_json(r->fd, 200, reply);
}

/* Two client keys, one with two models; tokens in each request's details. */
static const char usage_json[] =
    "{\"usage\":{\"total_requests\":5,\"success_count\":4,\"failure_count\":1,"
    "\"total_tokens\":1700,\"apis\":{"
    "\"sk-usage-client-one-secret\":{\"total_requests\":3,\"total_tokens\":1200,\"models\":{"
    "\"router-default\":{\"total_requests\":2,\"total_tokens\":1000,\"details\":["
    "{\"timestamp\":\"2026-12-06T10:00:00Z\",\"source\":\"codex\",\"auth_index\":\"1\","
    "\"tokens\":{\"input_tokens\":300,\"output_tokens\":200,\"reasoning_tokens\":0,"
    "\"cached_tokens\":0,\"total_tokens\":500},\"failed\":false},"
    "{\"timestamp\":\"2026-12-06T10:01:00Z\",\"source\":\"codex\",\"auth_index\":\"1\","
    "\"tokens\":{\"input_tokens\":350,\"output_tokens\":150,\"reasoning_tokens\":0,"
    "\"cached_tokens\":0,\"total_tokens\":500},\"failed\":false}]},"
    "\"gpt-5-mini\":{\"total_requests\":1,\"total_tokens\":200,\"details\":["
    "{\"timestamp\":\"2026-12-06T10:02:00Z\",\"source\":\"codex\",\"auth_index\":\"1\","
    "\"tokens\":{\"input_tokens\":150,\"output_tokens\":50,\"reasoning_tokens\":0,"
    "\"cached_tokens\":0,\"total_tokens\":200},\"failed\":false}]}}},"
    "\"sk-usage-client-two-secret\":{\"total_requests\":2,\"total_tokens\":500,\"models\":{"
    "\"router-default\":{\"total_requests\":2,\"total_tokens\":500,\"details\":["
    "{\"timestamp\":\"2026-12-06T11:00:00Z\",\"source\":\"claude\",\"auth_index\":\"2\","
    "\"tokens\":{\"input_tokens\":400,\"output_tokens\":100,\"reasoning_tokens\":0,"
    "\"cached_tokens\":0,\"total_tokens\":500},\"failed\":false},"
    "{\"timestamp\":\"2026-12-06T11:01:00Z\",\"source\":\"claude\",\"auth_index\":\"2\","
    "\"tokens\":{\"input_tokens\":0,\"output_tokens\":0,\"reasoning_tokens\":0,"
    "\"cached_tokens\":0,\"total_tokens\":0},\"failed\":true}]}}}},"
    "\"requests_by_day\":{\"2026-12-06\":5},\"requests_by_hour\":{\"10\":3,\"11\":2},"
    "\"tokens_by_day\":{\"2026-12-06\":1700},\"tokens_by_hour\":{\"10\":1200,\"11\":500}},"
    "\"failed_requests\":1}";

int
accounts_routed(const struct http_req *r, const char *rest)
{
	return (strcmp(rest, "auth-files") == 0 && strcmp(r->method, "DELETE") == 0) ||
	    (strcmp(rest, "auth-files/status") == 0 && strcmp(r->method, "PATCH") == 0) ||
	    (strcmp(rest, "usage-statistics-enabled") == 0 && strcmp(r->method, "GET") == 0) ||
	    (strcmp(rest, "usage") == 0 && strcmp(r->method, "GET") == 0);
}

int
accounts_route(struct http_req *r, const char *rest, const char *auth_dir)
{
	if (!accounts_routed(r, rest))
		return 0;
	if (strcmp(rest, "auth-files") == 0)
		delete_file(r, auth_dir);
	else if (strcmp(rest, "auth-files/status") == 0)
		patch_status(r, auth_dir);
	else if (strcmp(rest, "usage-statistics-enabled") == 0)
		http_respond_json(r->fd, 200, "{\"usage-statistics-enabled\":true}");
	else
		http_respond_json(r->fd, 200, usage_json);
	return 1;
}
