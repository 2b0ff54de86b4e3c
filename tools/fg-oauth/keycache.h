/* keycache.h — check-key's memory of its last positive bcrypt check, so a
 * repeated check of an unchanged key file costs a stat, not bcrypt's 45 ms. */
#ifndef FG_OAUTH_KEYCACHE_H
#define FG_OAUTH_KEYCACHE_H

#include <sys/stat.h>

#include "err.h"

/* 1 when file records this bcrypt hash with this key file (st: device,
 * inode, size, mtime and ctime to the nanosecond); 0 when it does not, or
 * is missing, corrupt, too large, not a regular file, not ours or not mode
 * 0600; -1 with e set when reading it failed for want of memory or on I/O. */
int keycache_hit(const char *file, const char *hash, const struct stat *st, struct fg_err *e);
/* Writes file (atomically, mode 0600) to record hash and st; only after
 * bcrypt said the key file's key matches hash. */
int keycache_store(const char *file, const char *hash, const struct stat *st, struct fg_err *e);

#endif
