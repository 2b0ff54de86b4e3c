/* progress.c — drawn with \r and erased with ESC [K: the terminal keeps no
 * trace of it, and the tool's one error line stays one line. */
#include <stdio.h>

#include "clock.h"
#include "progress.h"

#define REDRAW_MS 100
#define MIB (1024.0 * 1024.0)

static long long last_ms = -REDRAW_MS;
static int drawn;

void
progress_draw(const char *label, long long got, long long total)
{
	long long now = fg_now_ms();
	char bar[21];
	int i, fill;

	if (now - last_ms < REDRAW_MS && !(total > 0 && got == total))
		return;
	last_ms = now;
	drawn = 1;
	if (total <= 0) {
		fprintf(stderr, "\r\033[K%s  %.1f MiB", label, (double)got / MIB);
		return;
	}
	fill = (int)(got * 20 / total);
	for (i = 0; i < 20; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[20] = '\0';
	fprintf(stderr, "\r\033[K%s  [%s] %.1f of %.1f MiB (%d%%)", label, bar,
	    (double)got / MIB, (double)total / MIB, (int)(got * 100 / total));
}

void
progress_end(void)
{
	if (drawn)
		fputs("\r\033[K", stderr);
	drawn = 0;
}
