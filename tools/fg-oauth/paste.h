/* paste.h — --paste: the address the browser was sent to after the login,
 * pasted by the user on a machine whose browser cannot reach the proxy. */
#ifndef FG_OAUTH_PASTE_H
#define FG_OAUTH_PASTE_H

#include <stddef.h>

#define PASTE_MAX 8192

enum paste_outcome { PASTE_OK, PASTE_FAIL, PASTE_INTERRUPTED, PASTE_TIMEOUT };

/* Reads one line, from /dev/tty (with a prompt) when stdin is a terminal,
 * else from stdin, until deadline_ms (now_ms clock) or a signal. On
 * PASTE_OK buf holds an http(s) URL; on PASTE_FAIL, what went wrong. */
enum paste_outcome paste_read(long long deadline_ms, char *buf, size_t size);

#endif
