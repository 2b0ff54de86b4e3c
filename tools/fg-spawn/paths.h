/* paths.h — create the folders a pidfile or log needs. */
#ifndef FG_SPAWN_PATHS_H
#define FG_SPAWN_PATHS_H

#include "err.h"

/* mkdir -p of the folder holding path (new folders 0700). */
int make_parents(const char *path, struct fg_err *e);

#endif
