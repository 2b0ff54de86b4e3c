/* authfiles.h — CLIProxyAPIPlus's accounts before and after a login: the one
 * proof that a login worked, since older versions answer "ok" for any state. */
#ifndef FG_OAUTH_AUTHFILES_H
#define FG_OAUTH_AUTHFILES_H

#include <cjson/cJSON.h>

#include "mgmt.h"

/* GET /v0/management/auth-files; on MGMT_OK *files is its "files" array
 * (cJSON_Delete it). A reply without that array is a failure. */
void authfiles_list(const struct mgmt *m, long timeout_ms, int interruptible,
    cJSON **files, struct mgmt_reply *r);
/* The first entry of after of the given type (its "type", else its
 * "provider") that before lacks, or whose modtime changed; NULL if none. */
const cJSON *authfiles_new(const cJSON *before, const cJSON *after, const char *type);

#endif
