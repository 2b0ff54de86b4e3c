/* pick.h — which of a release's assets to install here, chosen from the list
 * by the OS and architecture its name declares (a name is never built). */
#ifndef FG_FETCH_PICK_H
#define FG_FETCH_PICK_H

#include <stddef.h>

#include "platform.h"

/* How the asset holds the binary, in the order they are preferred. */
enum asset_kind { ASSET_BARE = 1, ASSET_ZIP = 2, ASSET_TARGZ = 3 };

struct asset {
	const char *name, *url;
	long long size;         /* bytes, -1 when the release does not say */
};

/* The asset to install on p, or NULL when none is built for it: the plugin
 * build before a _no-plugin one, then tar.gz, zip, a bare binary. An asset
 * whose name declares another OS or architecture, or none, is never taken. */
const struct asset *pick_asset(const struct asset *a, size_t n, const struct platform *p,
    enum asset_kind *kind);
/* The asset that holds asset_name's SHA-256: checksums.txt (GoReleaser's, any
 * PREFIX_checksums.txt, SHA256SUMS), else ASSET.sha256 (*per_asset = 1);
 * NULL when the release has neither. */
const struct asset *pick_checksums(const struct asset *a, size_t n, const char *asset_name,
    int *per_asset);

#endif
