/* key.h — the management key: from $CLIPROXY_MANAGEMENT_KEY, else from a
 * file; never printed, logged or passed in an argv. */
#ifndef FG_OAUTH_KEY_H
#define FG_OAUTH_KEY_H

#include "err.h"

#define KEY_ENV "CLIPROXY_MANAGEMENT_KEY"

/* Sets *key (free with key_free) and *source (the variable's name or the
 * file, for messages). A key file that is not mode 0600 gets one warning
 * line. Errors exit 2: no key, a missing, empty or unreadable file, a file
 * that is not a regular file, a key with spaces or control bytes. */
int key_load(const char *file, char **key, const char **source, struct fg_err *e);
/* Zeroes the key, then frees it. */
void key_free(char *key);

#endif
