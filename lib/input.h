/* input.h — read a whole file or stdin into memory, bounded in size and time. */
#ifndef FG_INPUT_H
#define FG_INPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

#define FG_MAX_INPUT ((size_t)64 << 20)   /* 64 MiB */
/* Seconds a read waits for input; $FG_READ_TIMEOUT (fractions allowed) overrides. */
#define FG_READ_TIMEOUT_DEFAULT 30.0
#define FG_READ_TIMEOUT_MAX     86400.0
/* fg_open_regular's answer for a path that is not a regular file. */
#define FG_NOT_REGULAR (-2)

/* path NULL or "-" reads stdin. A named file is opened without blocking, so
 * a FIFO nobody writes to cannot hang the open; a pipe or FIFO is read, but
 * no read waits past the deadline ("no input within 30 s"). *buf is
 * NUL-terminated; free() it. */
int fg_read_input(const char *path, size_t max, char **buf, size_t *len,
    struct fg_err *e);
/* The same for an open descriptor (not closed); name is for messages. Reads
 * up to 64 KiB without reallocating, so a small max keeps secrets in one
 * buffer; on error what was read is zeroed before it is freed. */
int fg_read_fd(int fd, const char *name, size_t max, char **buf, size_t *len,
    struct fg_err *e);
const char *fg_input_name(const char *path);
/* Opens path (flags as open(2), plus close-on-exec and no blocking) and
 * returns the descriptor when it is a regular file; -1 with errno set, or
 * FG_NOT_REGULAR for a folder, device, FIFO or socket (a FIFO with no other
 * end included). For the files FlowGate owns: credentials, state, events. */
int fg_open_regular(const char *path, int flags, mode_t mode);

#endif
