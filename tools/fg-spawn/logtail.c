/* logtail.c — errors are one line, so the log's tail is flattened: control
 * characters become spaces and the oldest text is cut first. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logtail.h"

#define TAIL_BYTES 4096
#define TAIL_LINES 5

static size_t
read_tail(const char *path, off_t from, char *buf, size_t size)
{
	struct stat sb;
	off_t at;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &sb) != 0 || sb.st_size <= from) {
		close(fd);
		return 0;
	}
	at = sb.st_size - (off_t)size > from ? sb.st_size - (off_t)size : from;
	n = pread(fd, buf, size, at);
	close(fd);
	return n > 0 ? (size_t)n : 0;
}

/* Walks back over the last TAIL_LINES non-blank lines; returns where they start. */
static size_t
start_of_last_lines(const char *buf, size_t len)
{
	size_t i = len, lines = 0;
	int in_line = 0;

	while (i > 0) {
		char ch = buf[i - 1];
		if (ch == '\n') {
			if (in_line && ++lines == TAIL_LINES)
				return i;
			in_line = 0;
		} else if (ch != ' ' && ch != '\r' && ch != '\t') {
			in_line = 1;
		}
		i--;
	}
	return 0;
}

static size_t
flatten(const char *src, size_t len, char *dst, size_t size)
{
	size_t i, k = 0;
	int pending_sep = 0;

	for (i = 0; i < len && k + 4 < size; i++) {
		unsigned char ch = (unsigned char)src[i];
		if (ch == '\n') {
			pending_sep = k > 0;
			continue;
		}
		if (pending_sep) {
			memcpy(dst + k, " | ", 3);
			k += 3;
			pending_sep = 0;
		}
		dst[k++] = (ch < 0x20 || ch == 0x7f) ? ' ' : (char)ch;
	}
	dst[k] = '\0';
	return k;
}

void
log_tail(const char *path, off_t from, char *out, size_t size)
{
	char raw[TAIL_BYTES], flat[TAIL_BYTES * 2];
	size_t len = read_tail(path, from, raw, sizeof raw), start, flen;

	start = start_of_last_lines(raw, len);
	flen = flatten(raw + start, len - start, flat, sizeof flat);
	if (flen == 0)
		snprintf(out, size, "(empty)");
	else if (flen <= LOGTAIL_MAX)
		snprintf(out, size, "%s", flat);
	else
		snprintf(out, size, "...%s", flat + flen - (LOGTAIL_MAX - 3));
}
