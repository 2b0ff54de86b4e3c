/* input.h — read a whole file or stdin into memory, with a size bound. */
#ifndef FG_INPUT_H
#define FG_INPUT_H

#include <stddef.h>
#include "err.h"

#define FG_MAX_INPUT ((size_t)64 << 20)   /* 64 MiB */

/* path NULL or "-" reads stdin. *buf is NUL-terminated; free() it. */
int fg_read_input(const char *path, size_t max, char **buf, size_t *len,
    struct fg_err *e);
/* The same for an open descriptor (not closed); name is for messages. Reads
 * up to 64 KiB without reallocating, so a small max keeps secrets in one
 * buffer; on error what was read is zeroed before it is freed. */
int fg_read_fd(int fd, const char *name, size_t max, char **buf, size_t *len,
    struct fg_err *e);
const char *fg_input_name(const char *path);

#endif
