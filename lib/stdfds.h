/* stdfds.h — fds 0, 1 and 2 always open. */
#ifndef FG_STDFDS_H
#define FG_STDFDS_H

/* Opens /dev/null on any of 0, 1, 2 that is closed: otherwise a pipe, log
 * or pidfile opened later could take that number and receive stray output. */
void fg_ensure_stdio(void);

#endif
