/* fg-client — points Codex CLI and Claude Code at FlowGate's LiteLLM: prints
 * what their config would hold, applies it to their files and reverts it,
 * checks what each client will really use, and runs one pointed at the
 * stack without touching a file. Reads the normalized config (fg-config's
 * output). */
#include "client.h"
#include "commands.h"
#include "stdfds.h"
#include "subcmd.h"

static const struct fg_subcmd commands[] = {
	{ "print", cmd_print, usage_print },
	{ "apply", cmd_apply, usage_apply },
	{ "revert", cmd_revert, usage_revert },
	{ "check", cmd_check, usage_check },
	{ "exec", cmd_exec, usage_exec },
	{ NULL, NULL, NULL },
};

static const struct fg_tool tool = {
	PROG, "point Codex CLI and Claude Code at FlowGate's LiteLLM: print, apply, "
	"revert, check, exec", commands,
};

int
main(int argc, char **argv)
{
	fg_ensure_stdio();
	return fg_subcmd_main(&tool, argc, argv);
}
