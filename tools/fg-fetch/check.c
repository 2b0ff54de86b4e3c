/* check.c — a binary that is gone is missing whatever its manifest says;
 * one without a valid manifest cannot be judged; otherwise the manifest's
 * SHA-256 decides (manifest.c). Nothing is written, nothing is asked of the
 * network. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "manifest.h"

/* Whether bin is there at all: BINARY_MISSING or BINARY_CHANGED (there, not
 * judged); -1 with e set when it cannot be told. */
static int
binary_presence(const char *bin, struct fg_err *e)
{
	struct stat st;

	if (stat(bin, &st) == 0)
		return BINARY_CHANGED;
	if (errno == ENOENT || errno == ENOTDIR)
		return BINARY_MISSING;
	fg_err_set(e, FG_ERUNTIME, "%s: %s", bin, strerror(errno));
	return -1;
}

static const char *
result_word(enum manifest_state ms, int bs)
{
	if (bs == BINARY_MISSING)
		return "missing";
	if (ms == MANIFEST_ABSENT)
		return "no_manifest";
	if (ms == MANIFEST_INVALID)
		return "invalid_manifest";
	return bs == BINARY_SAME ? "ok" : "changed";
}

static int
add_string(cJSON *obj, const char *key, const char *v)
{
	return (v != NULL ? cJSON_AddStringToObject(obj, key, v) :
	    cJSON_AddNullToObject(obj, key)) != NULL;
}

static cJSON *
result_json(const char *word, const char *bin, const struct manifest_doc *d)
{
	cJSON *r = cJSON_CreateObject();

	if (r == NULL || !add_string(r, "result", word) || !add_string(r, "path", bin) ||
	    !add_string(r, "repo", d->repo) || !add_string(r, "version", d->tag) ||
	    !add_string(r, "asset", d->asset) || !add_string(r, "sha256", d->sha256) ||
	    !add_string(r, "installed_at", d->installed_at)) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

cJSON *
check_run(const char *dest, const char *name, struct fg_err *e)
{
	char real[PATH_MAX], bin[4096], manifest[4200];
	struct manifest_doc d;
	enum manifest_state ms;
	long long bytes;
	cJSON *r;
	int bs;

	if (realpath(dest, real) == NULL)
		snprintf(real, sizeof real, "%s", dest);
	if ((size_t)snprintf(bin, sizeof bin, "%s/%s", real, name) >= sizeof bin) {
		fg_err_set(e, FG_EUSAGE, "%s/%s: path too long", real, name);
		return NULL;
	}
	snprintf(manifest, sizeof manifest, "%s.release.json", bin);
	ms = manifest_load(manifest, &d);
	bs = ms == MANIFEST_VALID ? manifest_binary_state(&d, bin, &bytes, e) :
	    binary_presence(bin, e);
	r = bs < 0 ? NULL : result_json(result_word(ms, bs), bin, &d);
	if (bs >= 0 && r == NULL)
		fg_err_set(e, FG_ERUNTIME, "result: out of memory");
	manifest_close(&d);
	return r;
}

int
check_ok(const cJSON *result)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(result, "result");

	return cJSON_IsString(v) && strcmp(v->valuestring, "ok") == 0;
}
