/* manifest.h — DIR/FILE.release.json: which release the installed binary came
 * from, so the next run (and --check) can tell it is still there. */
#ifndef FG_FETCH_MANIFEST_H
#define FG_FETCH_MANIFEST_H

#include <sys/stat.h>
#include <cjson/cJSON.h>

#include "err.h"
#include "sha256.h"

/* "INODE:SIZE:MTIME:CTIME" (times as SEC.NSEC): the binary as installed. */
#define FINGERPRINT_MAX 128

struct manifest {
	const char *repo, *tag, *asset;
	char sha256[SHA256_HEX_LEN + 1];        /* of the installed binary */
	char asset_sha256[SHA256_HEX_LEN + 1];  /* of the asset downloaded */
	int verified;                           /* the asset matched the release's checksum */
	long long bytes;                        /* the binary's size (not written) */
	char fingerprint[FINGERPRINT_MAX];      /* "" when unknown */
};

/* A manifest as read back; its strings live in doc. */
struct manifest_doc {
	cJSON *doc;
	const char *repo, *tag, *asset, *sha256, *installed_at;
	const char *fingerprint;        /* NULL in a manifest written before it was kept */
};

enum manifest_state { MANIFEST_ABSENT, MANIFEST_INVALID, MANIFEST_VALID };
enum binary_state { BINARY_SAME, BINARY_CHANGED, BINARY_MISSING };

/* Reads path: MANIFEST_VALID (then free d with manifest_close) when it is a
 * JSON object with repo, tag and asset strings and a 64-hex sha256;
 * MANIFEST_INVALID when it exists but is not that (or cannot be read). */
enum manifest_state manifest_load(const char *path, struct manifest_doc *d);
void manifest_close(struct manifest_doc *d);
/* Whether bin is still the binary d records: BINARY_SAME without reading it
 * when its fingerprint is the one recorded, else after hashing it (its size
 * in *bytes). -1 with e set when bin cannot be examined. */
int manifest_binary_state(const struct manifest_doc *d, const char *bin, long long *bytes,
    struct fg_err *e);
/* 1 when the manifest at path names m's repo, tag and asset, and bin is still
 * the binary it records; then m's digests, verified and bytes are filled in.
 * 0 otherwise (no manifest, another release, a changed binary). */
int manifest_current(const char *path, const char *bin, struct manifest *m);
/* The fingerprint of st, into buf (FINGERPRINT_MAX bytes). */
void manifest_fingerprint(const struct stat *st, char *buf);
/* Writes m atomically (mode 0644), with installed_at the current UTC time. */
int manifest_write(const char *path, const struct manifest *m, struct fg_err *e);

#endif
