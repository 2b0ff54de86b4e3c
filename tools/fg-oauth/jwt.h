/* jwt.h — the claims of a JSON Web Token, read without checking its
 * signature: the tokens are the user's own, read for their expiry, email
 * and account. */
#ifndef FG_OAUTH_JWT_H
#define FG_OAUTH_JWT_H

#include <cjson/cJSON.h>

/* The payload (the middle part, base64url) as a JSON object (cJSON_Delete
 * it), or NULL when it does not decode. */
cJSON *jwt_claims(const char *jwt);

#endif
