/* extract.h — the one binary out of a release archive, never the archive
 * onto disk: its entries are walked, an archive with an absolute path, a ".."
 * or a link out of it is refused, and only the binary's bytes are written. */
#ifndef FG_FETCH_EXTRACT_H
#define FG_FETCH_EXTRACT_H

#include "err.h"
#include "pick.h"
#include "sha256.h"
#include "stream.h"

struct extract_out {
	int fd;                         /* the binary's temp file, written from offset 0 */
	long long max;                  /* bytes the binary may have */
	char entry[512];                /* out: the entry taken */
	long long bytes;                /* out: its size */
	char sha256[SHA256_HEX_LEN + 1];        /* out: its digest */
};

/* Reads the archive at path (asset names it in messages; kind is
 * ASSET_TARGZ or ASSET_ZIP) and copies the binary into o->fd: the entry
 * named cli-proxy-api-plus, cli-proxy-api, CLIProxyAPIPlus or cliproxyapi
 * (in that order, any case) at the root or in one top folder, else the only
 * regular file with an exec bit. */
int extract_binary(const char *path, const char *asset, enum asset_kind kind,
    struct extract_out *o, struct fg_err *e);
/* The same for a tar.gz read from s as it arrives (s: the download's bytes). */
int extract_binary_stream(struct stream *s, const char *asset, struct extract_out *o,
    struct fg_err *e);

#endif
