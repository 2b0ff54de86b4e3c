/* pidfd.h — a process held by a file descriptor (Linux 5.3+), so a signal
 * reaches the process that was checked, never one that took its pid since. */
#ifndef FG_SPAWN_PIDFD_H
#define FG_SPAWN_PIDFD_H

#include <sys/types.h>

/* A pidfd for pid; -1 with errno (ESRCH: no such process; ENOSYS: a kernel
 * or headers without pidfds, when the caller falls back to kill(2)). */
int pidfd_for(pid_t pid);
/* Sends sig to the process fd holds; 0, or -1 with errno (ESRCH: it has
 * exited). */
int pidfd_signal(int fd, int sig);
/* 1 when the process fd holds has exited, 0 while it runs. */
int pidfd_exited(int fd);

#endif
