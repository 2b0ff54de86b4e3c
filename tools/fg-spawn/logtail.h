/* logtail.h — the service's last words, for an error message. */
#ifndef FG_SPAWN_LOGTAIL_H
#define FG_SPAWN_LOGTAIL_H

#include <stddef.h>
#include <sys/types.h>

#define LOGTAIL_MAX 300

/* The last lines written to path after offset from, joined with " | " on one
 * line of at most LOGTAIL_MAX characters; "(empty)" when there are none. */
void log_tail(const char *path, off_t from, char *out, size_t size);

#endif
