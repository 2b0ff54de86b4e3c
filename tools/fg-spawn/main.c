/* fg-spawn — start, stop and check one service by its pidfile; probe HTTP readiness. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <curl/curl.h>

#include "cli.h"
#include "commands.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: fg-spawn start --pidfile FILE --log FILE [options] -- PROGRAM [ARG]...\n"
	    "       fg-spawn stop --pidfile FILE [--timeout S]\n"
	    "       fg-spawn status --pidfile FILE\n"
	    "       fg-spawn probe [--timeout S] URL...\n"
	    "start   start PROGRAM detached, with a pidfile and a log; optionally wait\n"
	    "        until a URL answers 2xx\n"
	    "stop    SIGTERM its process group, SIGKILL after the timeout\n"
	    "status  is it running (exit 0) or not (exit 3)\n"
	    "probe   GET URLs concurrently; which answer 2xx\n"
	    "Every command prints JSON (-c compact) and takes --help.\n"
	    "Exit: 0 ok, 1 runtime failure, 2 usage error; status: 0 running, 3 not.\n");
}

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

static int
dispatch(int argc, char **argv)
{
	const char *cmd = argv[1];

	if (strcmp(cmd, "start") == 0)
		return cmd_start(argc - 1, argv + 1);
	if (strcmp(cmd, "stop") == 0)
		return cmd_stop(argc - 1, argv + 1);
	if (strcmp(cmd, "status") == 0)
		return cmd_status(argc - 1, argv + 1);
	if (strcmp(cmd, "probe") == 0)
		return cmd_probe(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s' (start, stop, status, probe)\n", PROG, cmd);
	return 2;
}

int
main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)
		return cli_version();
	ensure_stdio();
	rc = dispatch(argc, argv);
	return rc;
}
