/* paste.c — one line, read without blocking past the deadline or a Ctrl-C:
 * poll(2) on the input and the signal pipe together. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "clock.h"
#include "paste.h"
#include "sig.h"

#define PROMPT "Open the URL above and log in; then paste here the address your browser " \
	"was sent to (the page may fail to load): "

/* -1 error (errno), 0 a line (or the end of input), 1 signal, 2 deadline.
 * One byte at a time: what follows the line stays for whoever reads next. */
static int
read_line(int fd, long long deadline, char *buf, size_t size, size_t *len)
{
	struct pollfd p[2] = { { fd, POLLIN, 0 }, { sig_fd(), POLLIN, 0 } };
	long long left;
	ssize_t n;

	*len = 0;
	for (;;) {
		if (sig_caught())
			return 1;
		if ((left = deadline - fg_now_ms()) <= 0)
			return 2;
		if (poll(p, 2, left > 60000 ? 60000 : (int)left) < 0 && errno != EINTR)
			return -1;
		if (p[0].revents == 0)
			continue;
		if (*len + 1 >= size) {
			errno = EMSGSIZE;
			return -1;
		}
		n = read(fd, buf + *len, 1);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -1;
		if (n == 0 || buf[*len] == '\n')
			break;
		(*len)++;
	}
	buf[*len] = '\0';
	return 0;
}

static void
trim(char *s)
{
	size_t len = strlen(s), start = strspn(s, " \t\r");

	while (len > start && strchr(" \t\r", s[len - 1]) != NULL)
		len--;
	memmove(s, s + start, len - start);
	s[len - start] = '\0';
}

static enum paste_outcome
check(char *buf, size_t size)
{
	size_t i;

	trim(buf);
	if (buf[0] == '\0') {
		snprintf(buf, size, "--paste: no address was pasted");
		return PASTE_FAIL;
	}
	for (i = 0; buf[i]; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			break;
	if (buf[i] != '\0' || (strncasecmp(buf, "http://", 7) != 0 &&
	    strncasecmp(buf, "https://", 8) != 0)) {
		snprintf(buf, size, "--paste: what was pasted is not an http(s) address");
		return PASTE_FAIL;
	}
	return PASTE_OK;
}

enum paste_outcome
paste_read(long long deadline_ms, char *buf, size_t size)
{
	int fd = STDIN_FILENO, tty = isatty(STDIN_FILENO), rc;
	size_t len;

	if (tty && (fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0) {
		snprintf(buf, size, "--paste: /dev/tty: %s", strerror(errno));
		return PASTE_FAIL;
	}
	if (tty)
		(void)!write(fd, PROMPT, strlen(PROMPT));
	rc = read_line(fd, deadline_ms, buf, size, &len);
	if (tty)
		close(fd);
	if (rc == 1)
		return PASTE_INTERRUPTED;
	if (rc == 2)
		return PASTE_TIMEOUT;
	if (rc < 0) {
		snprintf(buf, size, "--paste: %s", errno == EMSGSIZE ?
		    "the pasted line is too long" : strerror(errno));
		return PASTE_FAIL;
	}
	return check(buf, size);
}
