/* manifest.h — DIR/FILE.release.json: which release the installed binary came
 * from, so the next run can tell it is already there. */
#ifndef FG_FETCH_MANIFEST_H
#define FG_FETCH_MANIFEST_H

#include "err.h"
#include "sha256.h"

struct manifest {
	const char *repo, *tag, *asset;
	char sha256[SHA256_HEX_LEN + 1];        /* of the installed binary */
	char asset_sha256[SHA256_HEX_LEN + 1];  /* of the asset downloaded */
	int verified;                           /* the asset matched the release's checksum */
	long long bytes;                        /* the binary's size (not written) */
};

/* 1 when the manifest at path names m's repo, tag and asset, and bin still
 * hashes to the sha256 it records; then m's digests, verified and bytes are
 * filled in. 0 otherwise (no manifest, another release, a changed binary). */
int manifest_current(const char *path, const char *bin, struct manifest *m);
/* Writes m atomically (mode 0644), with installed_at the current UTC time. */
int manifest_write(const char *path, const struct manifest *m, struct fg_err *e);

#endif
