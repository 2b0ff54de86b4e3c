/* input.h — read a whole file or stdin into memory, bounded in size and time. */
#ifndef FG_INPUT_H
#define FG_INPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* What a person writes (a config, a YAML overlay) is at most FG_MAX_INPUT.
 * What a tool prints for the next one (JSON) is at most FG_MAX_JSON: four
 * times as much, because the pretty JSON of a block-style YAML config is 1.5
 * to 3 times its size, and a tool that prints JSON for another refuses,
 * before printing, a document over FG_MAX_JSON (lib/jsonsize.h). So the
 * largest config fg-config reads still passes fg-merge and fg-resolve. */
#define FG_MAX_INPUT ((size_t)64 << 20)   /* 64 MiB */
#define FG_MAX_JSON  ((size_t)256 << 20)  /* 256 MiB */
/* Seconds a read waits for input; $FG_READ_TIMEOUT (fractions allowed) overrides. */
#define FG_READ_TIMEOUT_DEFAULT 30.0
#define FG_READ_TIMEOUT_MAX     86400.0
/* fg_open_regular's answer for a path that is not a regular file. */
#define FG_NOT_REGULAR (-2)

/* path NULL or "-" reads stdin. A named file is opened without blocking, so
 * a FIFO nobody writes to cannot hang the open; a pipe or FIFO is read, but
 * no read waits past the deadline ("no input within 30 s"). A regular file
 * has no deadline (it always ends) and is refused from its size when it is
 * larger than max. *buf is NUL-terminated; free() it. */
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

/* Reads the regular file path whole (at most max bytes) into *buf, as
 * fg_read_fd does. Returns 0; 1 when there is no such file (e untouched);
 * -1 with e set: "path: not a regular file" (FG_EUSAGE: a folder, FIFO,
 * device or socket, refused at once, never waited on), "path: why" when it
 * cannot be opened (FG_ERUNTIME), or fg_read_fd's error. */
int fg_read_regular(const char *path, size_t max, char **buf, size_t *len, struct fg_err *e);

/* A descriptor read as its text arrives, into one buffer that never moves:
 * its room (max + 1 bytes) is reserved up front and the kernel backs only
 * the pages read into, so a parser keeps pointers into the text while more
 * of it arrives, and parses while the stage before it is still writing. */
struct fg_stream {
	int fd;
	const char *name;     /* for messages */
	char *buf;            /* buf[len] is always '\0' */
	size_t len, max, room;
	double secs, deadline;
	int eof;
};

/* Opens path (NULL or "-": stdin) as fg_read_input does. Returns 0, or an
 * error code with e set. */
int fg_stream_open(struct fg_stream *s, const char *path, size_t max, struct fg_err *e);
/* Reads what has arrived, waiting (until the deadline) for at least one
 * byte or the end: 1 when bytes were added, 0 at the end, -1 with e set. */
int fg_stream_more(struct fg_stream *s, struct fg_err *e);
/* Reads to the end, refusing more than max bytes in all (max <= s->max).
 * Returns 0, or an error code with e set. */
int fg_stream_rest(struct fg_stream *s, size_t max, struct fg_err *e);
/* Closes the descriptor (never stdin). The buffer is unmapped unless
 * keep_text is set (strings of a tree still live in it); what was read is
 * zeroed first when wipe is set (an error: it may hold a secret). */
void fg_stream_close(struct fg_stream *s, int keep_text, int wipe);

#endif
