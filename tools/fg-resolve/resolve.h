/* resolve.h — credential references and ${VAR} replaced by their values. */
#ifndef FG_RESOLVE_RESOLVE_H
#define FG_RESOLVE_RESOLVE_H

#include <cjson/cJSON.h>

#include "err.h"
#include "strmap.h"

/* A credential file read whose mode was not 0600. */
struct cred_warning {
	const char *ref, *file;
	unsigned mode;
};

struct resolver {
	const cJSON *credentials;   /* NAME -> file path */
	struct strmap cache;        /* NAME -> key read (read each file once) */
	const char *prog;           /* for warnings */
	struct cred_warning *warnings;
	size_t nwarnings;
};

void resolver_init(struct resolver *r, const cJSON *credentials, const char *prog);
void resolver_free(struct resolver *r);
/* Rewrites root in place. Errors name the reference and the path, never a value. */
int resolve_tree(struct resolver *r, cJSON *root, struct fg_err *e);
/* Warns about each credential file that is not mode 0600: call it once the
 * job has succeeded, so that a failure stays one line. */
void resolver_warn(const struct resolver *r);

#endif
