/* checksums.h — the SHA-256 a release publishes for one of its assets. */
#ifndef FG_FETCH_CHECKSUMS_H
#define FG_FETCH_CHECKSUMS_H

#include "err.h"
#include "pick.h"
#include "sha256.h"

/* Downloads sums (checksums.txt: "<sha256>  <asset name>" lines; or, when
 * per_asset, ASSET.sha256) and finds asset's line. 0 with hex set (lower
 * case), or hex "" when the file has no line for asset; an error code when
 * the file cannot be had. */
int checksum_lookup(const struct asset *sums, int per_asset, const char *asset,
    char hex[SHA256_HEX_LEN + 1], struct fg_err *e);

#endif
