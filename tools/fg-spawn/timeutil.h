/* timeutil.h — monotonic milliseconds, and short sleeps. */
#ifndef FG_SPAWN_TIMEUTIL_H
#define FG_SPAWN_TIMEUTIL_H

long long now_ms(void);
void sleep_ms(long ms);

#endif
