/* providers.c — fg-oauth providers: the logins FlowGate knows CLIProxyAPIPlus
 * to serve (lib/providers), with the endpoint and the auth file type of each,
 * so the porcelain keeps no table of its own. */
#include <getopt.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#include "commands.h"
#include "err.h"
#include "output.h"
#include "providers.h"
#include "subcmd.h"

void
usage_providers(FILE *f)
{
	fprintf(f,
	    "usage: fg-oauth providers [-c | --sh]\n"
	    "Lists the logins CLIProxyAPIPlus's management API serves, as its source names\n"
	    "them: [{provider, auth_url_endpoint, type, flow}] (-c: one line), or with --sh\n"
	    "fg_known_providers='NAME ...'. flow is redirect (a URL to open), device (a\n"
	    "code in the URL or the answer) or device_status (the code comes with the\n"
	    "first status: kiro). copilot's github-auth-url is in newer CLIProxyAPIPlus\n"
	    "only; whether a running proxy serves a login is asked of it (fg-oauth login).\n"
	    "Exit: 0, 2 usage error.\n");
}

static cJSON *
table(void)
{
	const struct fg_provider *p;
	char path[160];
	cJSON *a = cJSON_CreateArray(), *o;

	for (p = fg_providers; a != NULL && p->name != NULL; p++) {
		snprintf(path, sizeof path, "/v0/management/%s-auth-url", p->endpoint);
		if ((o = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(a, o) ||
		    cJSON_AddStringToObject(o, "provider", p->name) == NULL ||
		    cJSON_AddStringToObject(o, "auth_url_endpoint", path) == NULL ||
		    cJSON_AddStringToObject(o, "type", p->type) == NULL ||
		    cJSON_AddStringToObject(o, "flow", p->flow) == NULL) {
			cJSON_Delete(a);
			return NULL;
		}
	}
	return a;
}

static int
write_sh(FILE *f, const void *arg, struct fg_err *e)
{
	const struct fg_provider *p;

	(void)arg;
	fputs("fg_known_providers='", f);
	for (p = fg_providers; p->name != NULL; p++)
		fprintf(f, "%s%s", p == fg_providers ? "" : " ", p->name);
	fputs("'\n", f);
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "providers: write error");
	return 0;
}

int
cmd_providers(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "compact", no_argument, NULL, 'c' },
		{ "sh", no_argument, NULL, 's' },
		FG_END_LONGOPTS,
	};
	struct fg_out out = { NULL, 0600, 0 };
	struct fg_err e = { 0 };
	cJSON *root = NULL;
	int opt, sh = 0, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': out.compact = 1; break;
		case 's': sh = 1; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(PROG, "providers", opt, argv);
		}
	}
	if (optind < argc)
		return fg_usage_error(PROG, "providers", "unexpected argument '%s'", argv[optind]);
	if (sh)
		rc = fg_output(&out, write_sh, NULL, &e);
	else if ((root = table()) == NULL)
		rc = fg_err_set(&e, FG_ERUNTIME, "providers: out of memory");
	else
		rc = fg_output(&out, fg_json_writer(&out), root, &e);
	if (rc != 0)
		fg_err_print(PROG, &e);
	cJSON_Delete(root);
	return rc;
}
