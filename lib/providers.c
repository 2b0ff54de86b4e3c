/* providers.c — one table of CLIProxyAPIPlus's logins, for the config's
 * defaults and for fg-oauth's. Rows follow internal/api/server.go (the
 * routes) and the handlers in internal/api/handlers/management/auth_files.go
 * (the types they write); copilot's github-auth-url is newer Plus only,
 * kimi and xai newer CLIProxyAPI only. */
#include <string.h>

#include "providers.h"

const struct fg_provider fg_providers[] = {
	{ "claude", "anthropic", "claude", "redirect" },
	{ "codex", "codex", "codex", "redirect" },
	{ "gemini", "gemini-cli", "gemini", "redirect" },
	{ "antigravity", "antigravity", "antigravity", "redirect" },
	{ "qwen", "qwen", "qwen", "device" },
	{ "iflow", "iflow", "iflow", "redirect" },
	{ "kiro", "kiro", "kiro", "device_status" },
	{ "copilot", "github", "github-copilot", "device" },
	/* Newer CLIProxyAPI (server_management.go, auth_files_provider_oauth.go:
	 * RequestKimiToken, RequestXAIToken): device flows whose answer carries
	 * the URL and the user code. An older proxy answers 404: unsupported. */
	{ "kimi", "kimi", "kimi", "device" },
	{ "xai", "xai", "xai", "device" },
	{ NULL, NULL, NULL, NULL },
};

const struct fg_provider *
fg_provider_find(const char *name)
{
	const struct fg_provider *p;

	for (p = fg_providers; p->name != NULL; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}
