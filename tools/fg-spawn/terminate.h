/* terminate.h — stop a process group: SIGTERM, a grace period, then SIGKILL. */
#ifndef FG_SPAWN_TERMINATE_H
#define FG_SPAWN_TERMINATE_H

#include <sys/types.h>

enum term_result { TERM_STOPPED, TERM_KILLED, TERM_FAILED };

/* pid must be proven ours by the caller (its start time is start). On
 * TERM_FAILED *err holds the errno, or 0 when it outlived SIGKILL's wait. */
enum term_result terminate(pid_t pid, unsigned long long start, long timeout_ms, int *err);

#endif
