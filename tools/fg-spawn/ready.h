/* ready.h — wait until a started service answers 2xx, dies, or time runs out. */
#ifndef FG_SPAWN_READY_H
#define FG_SPAWN_READY_H

#include <stddef.h>
#include <sys/types.h>

enum ready_result { READY_OK, READY_DIED, READY_TIMEOUT, READY_ERROR };

/* last gets the latest probe's failure ("connection refused", "HTTP 503"). */
enum ready_result ready_wait(const char *url, long timeout_ms, pid_t pid,
    unsigned long long start, char *last, size_t size);

#endif
