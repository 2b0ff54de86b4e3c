/* release.c — the release API's answer, checked field by field: a tag, and
 * assets with a name and a download URL (and a size, when given). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonread.h"
#include "transfer.h"
#include "release.h"

#define API_BODY_MAX ((size_t)4 << 20)
#define ASSETS_MAX 10000
#define TAG_MAX 256
#define TAKEN_DOWN "pass another --repo: the original repository was taken down; forks and " \
	"router-for-me/CLIProxyAPI publish the same assets"

static void
utc_time(long long epoch, char *buf, size_t size)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	if (epoch < 0 || gmtime_r(&t, &tm) == NULL || strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		snprintf(buf, size, "an unknown time");
}

/* The message for an answer that is not 200. */
static int
refusal(const char *url, const char *repo, const char *version, int has_token,
    const struct http_reply *r, struct fg_err *e)
{
	char when[64];

	if (r->status == 404)
		return fg_err_set(e, FG_ERUNTIME, "%s: release %s of %s not found (" TAKEN_DOWN ")",
		    url, version, repo);
	if ((r->status == 403 || r->status == 429) && r->rate_remaining == 0) {
		utc_time(r->rate_reset, when, sizeof when);
		if (has_token)
			return fg_err_set(e, FG_ERUNTIME, "%s: GitHub API rate limit of GITHUB_TOKEN spent (HTTP %ld); it resets at %s",
			    url, r->status, when);
		return fg_err_set(e, FG_ERUNTIME, "%s: GitHub API rate limit spent (HTTP %ld); it resets at %s; set GITHUB_TOKEN to lift the limit",
		    url, r->status, when);
	}
	if (r->status == 401 && has_token)
		return fg_err_set(e, FG_ERUNTIME, "%s: HTTP 401: GITHUB_TOKEN was refused", url);
	return fg_err_set(e, FG_ERUNTIME, "%s: HTTP %ld from the release API", url, r->status);
}

static int
printable(const char *s, size_t max)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || n >= max)
			return 0;
	return n > 0;
}

static int
take_assets(const cJSON *list, struct release *rel)
{
	const cJSON *it, *name, *url, *size;
	size_t n = 0;

	rel->n = 0;
	if ((rel->assets = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *rel->assets)) == NULL)
		return -1;
	cJSON_ArrayForEach(it, list) {
		name = cJSON_GetObjectItemCaseSensitive(it, "name");
		url = cJSON_GetObjectItemCaseSensitive(it, "browser_download_url");
		size = cJSON_GetObjectItemCaseSensitive(it, "size");
		if (!cJSON_IsString(name) || !cJSON_IsString(url) || !printable(name->valuestring, 512))
			continue;
		rel->assets[n].name = name->valuestring;
		rel->assets[n].url = url->valuestring;
		rel->assets[n].size = cJSON_IsNumber(size) && size->valuedouble >= 0 &&
		    size->valuedouble < 1e15 ? (long long)size->valuedouble : -1;
		n++;
	}
	rel->n = n;
	return 0;
}

static int
parse(const char *url, const char *version, const struct http_reply *r, struct release *rel,
    struct fg_err *e)
{
	const cJSON *tag, *assets;

	if ((rel->doc = jr_parse_outside(r->body, r->len, url, e)) == NULL || !cJSON_IsObject(rel->doc))
		return fg_err_set(e, FG_ERUNTIME, "%s: the answer is not a JSON object", url);
	tag = cJSON_GetObjectItemCaseSensitive(rel->doc, "tag_name");
	assets = cJSON_GetObjectItemCaseSensitive(rel->doc, "assets");
	if (!cJSON_IsString(tag) || !printable(tag->valuestring, TAG_MAX))
		return fg_err_set(e, FG_ERUNTIME, "%s: the answer has no tag_name", url);
	if (strcmp(version, "latest") != 0 && strcmp(version, tag->valuestring) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: the answer is release %s, not %s", url,
		    tag->valuestring, version);
	if (assets != NULL && !cJSON_IsArray(assets))
		return fg_err_set(e, FG_ERUNTIME, "%s: assets is not a list", url);
	if (cJSON_GetArraySize(assets) > ASSETS_MAX)
		return fg_err_set(e, FG_ERUNTIME, "%s: more than %d assets", url, ASSETS_MAX);
	rel->tag = tag->valuestring;
	if (take_assets(assets, rel) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", url);
	return 0;
}

int
release_fetch(const char *api, const char *repo, const char *version, int has_token,
    struct release *rel, struct fg_err *e)
{
	struct http_reply r;
	char url[2048];
	int rc;

	memset(rel, 0, sizeof *rel);
	if (strcmp(version, "latest") == 0)
		snprintf(url, sizeof url, "%s/repos/%s/releases/latest", api, repo);
	else
		snprintf(url, sizeof url, "%s/repos/%s/releases/tags/%s", api, repo, version);
	if (http_get(url, "application/vnd.github+json", API_BODY_MAX, &r) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", url, r.error);
	if (r.status != 200)
		rc = refusal(url, repo, version, has_token, &r, e);
	else
		rc = parse(url, version, &r, rel, e);
	http_reply_free(&r);
	if (rc != 0)
		release_free(rel);
	return rc;
}

void
release_free(struct release *rel)
{
	cJSON_Delete(rel->doc);
	free(rel->assets);
	memset(rel, 0, sizeof *rel);
}

const struct asset *
release_asset_for(const struct release *rel, const char *repo, const struct platform *p,
    enum asset_kind *kind, struct fg_err *e)
{
	const struct asset *a;
	char names[900];

	if ((a = pick_asset(rel->assets, rel->n, p, kind)) != NULL)
		return a;
	release_asset_list(rel, names, sizeof names);
	fg_err_set(e, FG_ERUNTIME, "%s %s: no asset for %s/%s (assets: %s)", repo, rel->tag,
	    p->os, p->arch, names);
	return NULL;
}

void
release_asset_list(const struct release *rel, char *buf, size_t size)
{
	size_t i, used = 0;
	int n;

	snprintf(buf, size, "none");
	for (i = 0; i < rel->n && used + 1 < size; i++) {
		n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", rel->assets[i].name);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}
