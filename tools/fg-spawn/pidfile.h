/* pidfile.h — the pidfile (pid, then start time) and the lock beside it. */
#ifndef FG_SPAWN_PIDFILE_H
#define FG_SPAWN_PIDFILE_H

#include <sys/types.h>

#include "err.h"

struct pidrec {
	pid_t pid;
	unsigned long long start;
	int has_start;              /* 0 for a pid-only file: it can never be proven ours */
};

/* Negative, so that it never equals an error code (FG_ERUNTIME, FG_EUSAGE). */
enum { PIDFILE_READ = 0, PIDFILE_NONE = -1 };

/* Returns PIDFILE_READ, PIDFILE_NONE (no file), or an error code set in e. */
int pidfile_read(const char *path, struct pidrec *r, struct fg_err *e);
/* True when the pidfile's process runs and its start time matches. */
int pidrec_is_ours(const struct pidrec *r);
int pidfile_write(const char *path, pid_t pid, unsigned long long start, struct fg_err *e);
/* A missing file is not an error. */
int pidfile_remove(const char *path, struct fg_err *e);
/* Takes an exclusive flock on PATH.lock, waiting for it, into *fd. Returns 0,
 * PIDFILE_NONE when path's folder does not exist, or an error code set in e. */
int pidfile_lock(const char *path, int *fd, struct fg_err *e);

#endif
