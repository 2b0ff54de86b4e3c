/* stdfds.c — a tool started with 0, 1 or 2 closed gets /dev/null there. */
#include <errno.h>
#include <fcntl.h>

#include "stdfds.h"

void
fg_ensure_stdio(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF)
			(void)open("/dev/null", O_RDWR);
}
