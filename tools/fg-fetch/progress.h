/* progress.h — a one-line progress bar on stderr, redrawn in place; only
 * ever drawn when stderr is a terminal. */
#ifndef FG_FETCH_PROGRESS_H
#define FG_FETCH_PROGRESS_H

/* Draws "label  got of total MiB (P%)" at most ten times a second; total
 * <= 0 when unknown. */
void progress_draw(const char *label, long long got, long long total);
/* Erases the bar, so what follows starts on a clean line. */
void progress_end(void);

#endif
