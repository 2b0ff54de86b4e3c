/* fg-oauth — log provider accounts into CLIProxyAPIPlus through its
 * management API, import Codex CLI's login, list the accounts. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "commands.h"
#include "subcmd.h"

static const struct fg_subcmd commands[] = {
	{ "login", cmd_login, usage_login },
	{ "import", cmd_import, usage_import },
	{ "accounts", cmd_accounts, usage_accounts },
	{ NULL, NULL, NULL },
};

static const struct fg_tool tool = {
	PROG, "log provider accounts into CLIProxyAPIPlus, import Codex CLI's login, "
	"list the accounts", commands,
};

/* With 0, 1 or 2 closed, the signal pipe or a file could take that number
 * and events or errors would land in it. */
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
