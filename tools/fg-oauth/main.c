/* fg-oauth — log provider accounts into CLIProxyAPIPlus through its
 * management API, import Codex CLI's and Kiro's logins, list the accounts,
 * check the management key against the proxy's config, list the logins,
 * manage the proxy's accounts and read its usage statistics. */

#include "commands.h"
#include "stdfds.h"
#include "subcmd.h"

static const struct fg_subcmd commands[] = {
	{ "login", cmd_login, usage_login },
	{ "import", cmd_import, usage_import },
	{ "accounts", cmd_accounts, usage_accounts },
	{ "check-key", cmd_check_key, usage_check_key },
	{ "providers", cmd_providers, usage_providers },
	{ "files", cmd_files, usage_files },
	{ "usage", cmd_usage, usage_usage },
	{ NULL, NULL, NULL },
};

static const struct fg_tool tool = {
	PROG, "log provider accounts into CLIProxyAPIPlus, import Codex CLI's and Kiro's "
	"logins, list the accounts, check the management key, list the logins, manage the "
	"proxy's accounts, read its usage statistics", commands,
};

int
main(int argc, char **argv)
{
	fg_ensure_stdio();
	return fg_subcmd_main(&tool, argc, argv);
}
