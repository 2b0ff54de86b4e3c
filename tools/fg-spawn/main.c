/* fg-spawn — start, stop and check one service by its pidfile; probe HTTP readiness. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "subcmd.h"

static const struct fg_subcmd commands[] = {
	{ "start", cmd_start, usage_start },
	{ "stop", cmd_stop, usage_stop },
	{ "status", cmd_status, usage_status },
	{ "probe", cmd_probe, usage_probe },
	{ NULL, NULL, NULL },
};

static const struct fg_tool tool = {
	PROG, "start, stop and check one service by its pidfile; probe HTTP readiness",
	commands,
};

/* With 0, 1 or 2 closed, a pipe or log could take that number and be clobbered
 * when the service's stdio is set up. */
static void
ensure_stdio(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF)
			(void)open("/dev/null", O_RDWR);
}

int
main(int argc, char **argv)
{
	ensure_stdio();
	return fg_subcmd_main(&tool, argc, argv);
}
