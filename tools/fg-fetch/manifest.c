/* manifest.c — a manifest that cannot be read or parsed is no manifest: the
 * release is installed again, never trusted on a guess. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "atomic.h"
#include "input.h"
#include "jsonwrite.h"
#include "manifest.h"

#define MANIFEST_MAX ((size_t)64 << 10)

static int
same_string(const cJSON *doc, const char *key, const char *want)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);

	return cJSON_IsString(v) && strcmp(v->valuestring, want) == 0;
}

static const char *
digest(const cJSON *doc, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);

	return cJSON_IsString(v) && sha256_is_hex(v->valuestring, strlen(v->valuestring)) ?
	    v->valuestring : NULL;
}

static cJSON *
read_manifest(const char *path)
{
	struct fg_err e = { 0 };
	char *buf = NULL;
	size_t len = 0;
	cJSON *doc;
	int fd;

	if ((fd = fg_open_regular(path, O_RDONLY, 0)) < 0)
		return NULL;
	if (fg_read_fd(fd, path, MANIFEST_MAX, &buf, &len, &e) != 0) {
		close(fd);
		return NULL;
	}
	close(fd);
	doc = cJSON_ParseWithLength(buf, len);
	free(buf);
	return doc;
}

int
manifest_current(const char *path, const char *bin, struct manifest *m)
{
	cJSON *doc = read_manifest(path);
	const char *sha, *asset_sha;
	char now[SHA256_HEX_LEN + 1];
	int fd, ok = 0;

	if (doc == NULL)
		return 0;
	sha = digest(doc, "sha256");
	asset_sha = digest(doc, "asset_sha256");
	if (same_string(doc, "repo", m->repo) && same_string(doc, "tag", m->tag) &&
	    same_string(doc, "asset", m->asset) && sha != NULL &&
	    (fd = fg_open_regular(bin, O_RDONLY, 0)) >= 0) {
		ok = sha256_fd(fd, now, &m->bytes) == 0 && strcasecmp(now, sha) == 0;
		close(fd);
	}
	if (ok) {
		memcpy(m->sha256, now, sizeof now);
		snprintf(m->asset_sha256, sizeof m->asset_sha256, "%s", asset_sha ? asset_sha : "");
		m->verified = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "verified"));
	}
	cJSON_Delete(doc);
	return ok;
}

static void
utc_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}

int
manifest_write(const char *path, const struct manifest *m, struct fg_err *e)
{
	cJSON *doc = cJSON_CreateObject();
	struct fg_atomic a;
	char when[32];

	utc_now(when, sizeof when);
	if (doc == NULL || cJSON_AddStringToObject(doc, "repo", m->repo) == NULL ||
	    cJSON_AddStringToObject(doc, "tag", m->tag) == NULL ||
	    cJSON_AddStringToObject(doc, "asset", m->asset) == NULL ||
	    cJSON_AddStringToObject(doc, "sha256", m->sha256) == NULL ||
	    cJSON_AddStringToObject(doc, "asset_sha256", m->asset_sha256) == NULL ||
	    cJSON_AddBoolToObject(doc, "verified", m->verified) == NULL ||
	    cJSON_AddStringToObject(doc, "installed_at", when) == NULL) {
		cJSON_Delete(doc);
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", path);
	}
	if (fg_atomic_open(&a, path, e) != 0) {
		cJSON_Delete(doc);
		return e->code;
	}
	if (fg_json_write(a.f, doc, 1) != 0) {
		fg_atomic_abort(&a);
		cJSON_Delete(doc);
		return fg_err_set(e, FG_ERUNTIME, "%s: cannot write", path);
	}
	cJSON_Delete(doc);
	return fg_atomic_commit(&a, 0644, e);
}
