/* sig.h — SIGINT and SIGTERM as a readable pipe (the self-pipe trick), so
 * every wait (a sleep, a request, a pasted line) ends as soon as one comes. */
#ifndef FG_OAUTH_SIG_H
#define FG_OAUTH_SIG_H

#include "err.h"

/* Creates the pipe and installs the handlers. */
int sig_setup(struct fg_err *e);
/* The pipe's read end: readable once a signal came; -1 before sig_setup. */
int sig_fd(void);
/* The first signal caught (SIGINT or SIGTERM), or 0. */
int sig_caught(void);
/* Sleeps ms milliseconds, or less when a signal comes; returns sig_caught(). */
int sig_sleep_ms(long long ms);

#endif
