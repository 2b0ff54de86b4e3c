/* timeutil.h — monotonic milliseconds, short sleeps, and "--timeout S" parsing. */
#ifndef FG_SPAWN_TIMEUTIL_H
#define FG_SPAWN_TIMEUTIL_H

long long now_ms(void);
void sleep_ms(long ms);
/* Parses seconds ("10", "0.25") into milliseconds within [min_ms, max_s]; -1 if not. */
int parse_seconds(const char *s, long min_ms, double max_s, long *ms);

#endif
