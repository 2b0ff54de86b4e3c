/* release.h — one release as GitHub's API describes it: its tag and assets. */
#ifndef FG_FETCH_RELEASE_H
#define FG_FETCH_RELEASE_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "err.h"
#include "pick.h"
#include "platform.h"

struct release {
	cJSON *doc;             /* owns every string below */
	const char *tag;
	struct asset *assets;
	size_t n;
};

/* GET API/repos/REPO/releases/tags/VERSION (or /releases/latest). A release
 * that is not there, a spent rate limit and any other failure are runtime
 * errors whose message says what to do; has_token words the rate limit's. */
int release_fetch(const char *api, const char *repo, const char *version, int has_token,
    struct release *rel, struct fg_err *e);
void release_free(struct release *rel);
/* The asset of rel to install on p (pick_asset), or NULL with e set to an
 * error that names repo, the tag and every asset seen. */
const struct asset *release_asset_for(const struct release *rel, const char *repo,
    const struct platform *p, enum asset_kind *kind, struct fg_err *e);
/* "a, b, c" — the asset names, for a message. */
void release_asset_list(const struct release *rel, char *buf, size_t size);

#endif
