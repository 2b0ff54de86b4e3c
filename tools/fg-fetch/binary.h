/* binary.h — whether a file is a program this machine runs: an ELF (Linux)
 * or a Mach-O (macOS) for its architecture, of a plausible size. */
#ifndef FG_FETCH_BINARY_H
#define FG_FETCH_BINARY_H

#include "err.h"
#include "platform.h"

#define MIN_BYTES_DEFAULT 1048576LL

/* Reads the head of fd (size bytes long); what names it in messages.
 * Refuses text and scripts, another format, class, byte order or machine,
 * and anything under min bytes. */
int binary_check(int fd, long long size, long long min, const struct platform *p,
    const char *what, struct fg_err *e);

#endif
