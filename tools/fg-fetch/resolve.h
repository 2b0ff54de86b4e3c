/* resolve.h — --resolve: which release and asset a fetch would take, asked
 * of the release API alone (nothing downloaded, nothing written). */
#ifndef FG_FETCH_RESOLVE_H
#define FG_FETCH_RESOLVE_H

#include <cjson/cJSON.h>

#include "err.h"
#include "fetch.h"

/* The answer as JSON, {result: "found", repo, version, asset, bytes} (bytes
 * the asset's size, null when the release does not say). NULL with e set
 * when the API cannot be asked or has no asset for this machine. */
cJSON *resolve_run(const struct fetch_opts *o, struct fg_err *e);

#endif
