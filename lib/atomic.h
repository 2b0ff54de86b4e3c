/* atomic.h — replace a file all at once: temp in the same folder, fsync, rename. */
#ifndef FG_ATOMIC_H
#define FG_ATOMIC_H

#include <stdio.h>
#include <sys/types.h>

#include "err.h"

struct fg_atomic {
	char tmp[4200];
	const char *dest;
	FILE *f;
};

/* Opens a temp file beside dest; write to a->f, then commit or abort. */
int fg_atomic_open(struct fg_atomic *a, const char *dest, struct fg_err *e);
/* Flushes, sets mode, fsyncs, renames over dest. On error nothing is left. */
int fg_atomic_commit(struct fg_atomic *a, mode_t mode, struct fg_err *e);
void fg_atomic_abort(struct fg_atomic *a);

#endif
