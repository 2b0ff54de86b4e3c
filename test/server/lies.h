/* lies.h — /lie/NAME: answers that break the rules (see lies.c). */
#ifndef FG_TESTSERVER_LIES_H
#define FG_TESTSERVER_LIES_H

#include "http.h"

/* rest: endless, truncated, garbage, duplicate (a key twice), deep (5,000
 * nested arrays), html, wrong-type, bad-status, drop,
 * redirect-loop, redirect-file, redirect-ok. */
void handle_lie(struct http_req *r, const char *rest);

#endif
