/* seconds.h — "--timeout S" style arguments: seconds, fractions allowed. */
#ifndef FG_SECONDS_H
#define FG_SECONDS_H

/* Parses seconds ("10", "0.25", ".5") into milliseconds, rounded up, within
 * [min_ms, max_s]; returns -1 when s is not such a number. */
int fg_parse_seconds(const char *s, long min_ms, double max_s, long *ms);

#endif
