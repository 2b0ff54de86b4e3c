/* cpaconfig.h — fg-testserver as a CLIProxyAPIPlus stand-in: the settings it
 * takes from a CLIProxyAPIPlus config file (-config FILE). */
#ifndef FG_TESTSERVER_CPACONFIG_H
#define FG_TESTSERVER_CPACONFIG_H

struct cpa_config {
	char host[64], port[16], auth_dir[4096], secret_key[512];
};

/* Reads host, port, auth-dir and remote-management.secret-key from FILE, a
 * config as config/examples/cliproxyapi.yaml writes it (block mappings,
 * plain or quoted scalars). 0, or -1 with a message on stderr. */
int cpa_config_read(const char *file, struct cpa_config *c);

#endif
