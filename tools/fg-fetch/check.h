/* check.h — --check: whether DIR/FILE is still the binary its manifest
 * records, from the disk alone (no network). */
#ifndef FG_FETCH_CHECK_H
#define FG_FETCH_CHECK_H

#include <cjson/cJSON.h>

#include "err.h"

/* The result as JSON, {result, path, repo, version, asset, sha256,
 * installed_at} (absent ones null); result is ok, changed, missing,
 * no_manifest or invalid_manifest. NULL with e set when the binary cannot
 * be examined. */
cJSON *check_run(const char *dest, const char *name, struct fg_err *e);
/* Whether the result is ok (exit 0) or not (1). */
int check_ok(const cJSON *result);

#endif
