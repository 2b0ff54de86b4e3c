/* resolve.c — the first two steps of a fetch (ask the API, choose the asset),
 * so a caller learns the newest version before it decides to download. */
#include "release.h"
#include "resolve.h"
#include "transfer.h"

static cJSON *
result_json(const struct fetch_opts *o, const char *tag, const struct asset *a)
{
	cJSON *r = cJSON_CreateObject();

	if (r == NULL || cJSON_AddStringToObject(r, "result", "found") == NULL ||
	    cJSON_AddStringToObject(r, "repo", o->repo) == NULL ||
	    cJSON_AddStringToObject(r, "version", tag) == NULL ||
	    cJSON_AddStringToObject(r, "asset", a->name) == NULL ||
	    (a->size >= 0 ? cJSON_AddNumberToObject(r, "bytes", (double)a->size) :
	    cJSON_AddNullToObject(r, "bytes")) == NULL) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

cJSON *
resolve_run(const struct fetch_opts *o, struct fg_err *e)
{
	const struct asset *a;
	struct release rel;
	enum asset_kind kind;
	cJSON *r = NULL;

	if (http_init(o->api, o->token, e) != 0 ||
	    release_fetch(o->api, o->repo, o->version, o->token != NULL, &rel, e) != 0)
		return NULL;
	if ((a = release_asset_for(&rel, o->repo, &o->plat, &kind, e)) == NULL)
		goto out;
	if ((r = result_json(o, rel.tag, a)) == NULL)
		fg_err_set(e, FG_ERUNTIME, "result: out of memory");
out:
	release_free(&rel);
	return r;
}
