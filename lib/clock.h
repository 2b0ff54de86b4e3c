/* clock.h — monotonic milliseconds and short sleeps, so a change of the
 * wall clock can neither stretch nor cut a wait. */
#ifndef FG_CLOCK_H
#define FG_CLOCK_H

long long fg_now_ms(void);
/* Sleeps ms milliseconds (none when ms <= 0), whatever signals arrive. */
void fg_sleep_ms(long ms);

#endif
