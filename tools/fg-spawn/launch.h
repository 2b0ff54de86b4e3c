/* launch.h — start a program detached, learning synchronously whether exec worked. */
#ifndef FG_SPAWN_LAUNCH_H
#define FG_SPAWN_LAUNCH_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

struct launch {
	char *const *argv;      /* argv[0] is looked up in PATH */
	const char *cwd;        /* NULL: stay */
	char *const *env;       /* K=V overrides, n_env of them */
	size_t n_env;
	int log_fd;             /* becomes stdout and stderr */
};

/* On success *pid runs argv in its own session, child of init. On an exec,
 * cwd or fork failure nothing runs and e holds the real errno's text. */
int launch(const struct launch *l, pid_t *pid, struct fg_err *e);

#endif
