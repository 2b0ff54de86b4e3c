/* fg-spawn — start, stop and check one service by its pidfile; probe HTTP
 * readiness; say whether a port is free to listen on. */

#include "cli.h"
#include "commands.h"
#include "stdfds.h"
#include "subcmd.h"

static const struct fg_subcmd commands[] = {
	{ "start", cmd_start, usage_start },
	{ "stop", cmd_stop, usage_stop },
	{ "status", cmd_status, usage_status },
	{ "probe", cmd_probe, usage_probe },
	{ "port", cmd_port, usage_port },
	{ NULL, NULL, NULL },
};

static const struct fg_tool tool = {
	PROG, "start, stop and check one service by its pidfile; probe HTTP readiness; "
	"check that ports are free",
	commands,
};

int
main(int argc, char **argv)
{
	fg_ensure_stdio();
	return fg_subcmd_main(&tool, argc, argv);
}
