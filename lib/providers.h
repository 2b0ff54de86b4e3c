/* providers.h — the logins CLIProxyAPIPlus's management API serves, as its
 * source names them: FlowGate's provider name, the <endpoint>-auth-url it
 * starts with, and the `type` of the auth file it writes. */
#ifndef FG_PROVIDERS_H
#define FG_PROVIDERS_H

struct fg_provider {
	const char *name;       /* what `flowgate auth login NAME` takes */
	const char *endpoint;   /* GET /v0/management/<endpoint>-auth-url */
	const char *type;       /* the auth file's "type" */
	const char *flow;       /* redirect, device (the code in the URL or the answer),
	                         * or device_status (the code comes with a status) */
};

/* The table, ended by a NULL name. */
extern const struct fg_provider fg_providers[];

/* NAME's row, or NULL when the table has none. */
const struct fg_provider *fg_provider_find(const char *name);

#endif
