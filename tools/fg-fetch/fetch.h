/* fetch.h — the one job: a release's asset for this machine, downloaded,
 * verified, unpacked and installed as DIR/FILE with its manifest. */
#ifndef FG_FETCH_FETCH_H
#define FG_FETCH_FETCH_H

#include "err.h"
#include "platform.h"
#include "sha256.h"

#define PROG "fg-fetch"

struct fetch_opts {
	const char *repo;               /* OWNER/NAME */
	const char *version;            /* a tag, or "latest" */
	const char *dest, *name;        /* DIR and FILE */
	const char *api;                /* the API base, no trailing '/' */
	const char *token;              /* GITHUB_TOKEN, or NULL */
	int require_sha256, force, progress;
	long long min_bytes;            /* FG_FETCH_MIN_BYTES */
	struct platform plat;
};

struct fetch_result {
	const char *result;             /* "installed" or "already-installed" */
	char path[4096];
	char tag[257], asset[513];
	char sha256[SHA256_HEX_LEN + 1];
	long long bytes;
	int verified;
};

int fetch_run(const struct fetch_opts *o, struct fetch_result *r, struct fg_err *e);

#endif
