/* bodybuf.h — an answer's body kept in memory as it arrives (libcurl's write
 * callback): grown geometrically, always NUL-terminated, refused past a
 * bound, so no server can make a tool hold more than it allows. */
#ifndef FG_BODYBUF_H
#define FG_BODYBUF_H

#include <stddef.h>

/* Appends n bytes of data to *body (*len bytes held, *cap allocated; all
 * three start at NULL and 0). Returns 0; 1, nothing appended, when *len
 * would pass max; -1 out of memory. */
int fg_body_append(char **body, size_t *len, size_t *cap, size_t max,
    const char *data, size_t n);

#endif
