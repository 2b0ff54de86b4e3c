/* terminate.h — stop a process group: SIGTERM, a grace period, then SIGKILL. */
#ifndef FG_SPAWN_TERMINATE_H
#define FG_SPAWN_TERMINATE_H

#include <sys/types.h>

enum term_result { TERM_STOPPED, TERM_KILLED, TERM_FAILED };

/* pid must be proven ours by the caller (its start time is start). pidfd is
 * a pidfd the caller opened for pid before that proof (then every signal
 * reaches the proven process, whatever happens to the number), or -1: one
 * is opened and checked here. On TERM_FAILED *err holds the errno, or 0 when
 * it outlived SIGKILL's wait. */
enum term_result terminate(pid_t pid, unsigned long long start, int pidfd, long timeout_ms,
    int *err);

#endif
