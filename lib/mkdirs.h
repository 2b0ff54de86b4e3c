/* mkdirs.h — mkdir -p for the folders FlowGate makes (runtime, pidfiles,
 * logs, auth files, clients' config folders): each one made is 0700. */
#ifndef FG_MKDIRS_H
#define FG_MKDIRS_H

#include "err.h"

/* Makes dir and the folders above it that are missing. 0, or an error code
 * with e set: "DIR: cannot create the folder: why", "DIR: not a folder",
 * "DIR: path too long". */
int fg_mkdirs(const char *dir, struct fg_err *e);
/* The same for the folder that holds path (nothing for a bare name). */
int fg_make_parents(const char *path, struct fg_err *e);

#endif
