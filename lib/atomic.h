/* atomic.h — replace a file all at once: temp in the same folder, fsync, rename. */
#ifndef FG_ATOMIC_H
#define FG_ATOMIC_H

#include <stdio.h>
#include <sys/types.h>

#include "err.h"

/* The temp file of DEST is DIR/.BASE.fgtmp. and six random characters (BASE: DEST's name). */
#define FG_ATOMIC_TAG ".fgtmp."
/* The crash-trial test hook's bound, in milliseconds. */
#define FG_ATOMIC_DELAY_MAX 10000

struct fg_atomic {
	char tmp[4200];
	const char *dest;
	FILE *f;
	unsigned delay_ms;   /* $FG_ATOMIC_DELAY_MS, the test hook */
};

/* Removes the temp files of dest that writers killed mid-write left behind
 * (no live writer holds their lock), then opens a temp file beside dest and
 * locks it for as long as it is being written; write to a->f, then commit or
 * abort. */
int fg_atomic_open(struct fg_atomic *a, const char *dest, struct fg_err *e);
/* Flushes, sets mode, fsyncs, renames over dest. On error nothing is left. */
int fg_atomic_commit(struct fg_atomic *a, mode_t mode, struct fg_err *e);
void fg_atomic_abort(struct fg_atomic *a);

#endif
