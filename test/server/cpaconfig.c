/* cpaconfig.c — the few settings of a CLIProxyAPIPlus config the stand-in
 * needs, read line by line: a test server's reader, not a YAML parser. */
#include <stdio.h>
#include <string.h>

#include "cpaconfig.h"

/* The value after "KEY:" with quotes and a trailing comment removed. */
static void
take_value(const char *v, char *out, size_t size)
{
	size_t n;
	char q;

	v += strspn(v, " \t");
	if (*v == '"' || *v == '\'') {
		q = *v++;
		n = strcspn(v, q == '"' ? "\"" : "'");
	} else {
		n = strcspn(v, "#\r\n");
		while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
	}
	if (n >= size)
		n = size - 1;
	memcpy(out, v, n);
	out[n] = '\0';
}

/* "KEY:" at the line's start (after indent spaces): the value, else NULL. */
static const char *
key_value(const char *line, size_t indent, const char *key)
{
	size_t k = strlen(key);

	if (strspn(line, " ") != indent || strncmp(line + indent, key, k) != 0 ||
	    line[indent + k] != ':')
		return NULL;
	return line + indent + k + 1;
}

int
cpa_config_read(const char *file, struct cpa_config *c)
{
	char line[4096];
	const char *v;
	int in_mgmt = 0;
	FILE *f = fopen(file, "r");

	memset(c, 0, sizeof *c);
	if (f == NULL) {
		fprintf(stderr, "fg-testserver: %s: cannot open the config\n", file);
		return -1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] != ' ' && line[0] != '#' && line[0] != '\n')
			in_mgmt = key_value(line, 0, "remote-management") != NULL;
		if ((v = key_value(line, 0, "host")) != NULL)
			take_value(v, c->host, sizeof c->host);
		else if ((v = key_value(line, 0, "port")) != NULL)
			take_value(v, c->port, sizeof c->port);
		else if ((v = key_value(line, 0, "auth-dir")) != NULL)
			take_value(v, c->auth_dir, sizeof c->auth_dir);
		else if (in_mgmt && (v = key_value(line, 2, "secret-key")) != NULL)
			take_value(v, c->secret_key, sizeof c->secret_key);
	}
	fclose(f);
	if (c->port[0] == '\0') {
		fprintf(stderr, "fg-testserver: %s: no port\n", file);
		return -1;
	}
	return 0;
}
