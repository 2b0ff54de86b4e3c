/* interrupt.h — SIGINT, SIGTERM and SIGHUP end the run cleanly: transfers and
 * extraction stop at the next block, and the temp files go. */
#ifndef FG_FETCH_INTERRUPT_H
#define FG_FETCH_INTERRUPT_H

void interrupt_install(void);
/* Whether one of those signals arrived. */
int interrupted(void);

#endif
