/* cmd_port.c — "fg-spawn port": whether a listener could bind each HOST:PORT
 * now, by the same bind test start --port makes. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "output.h"
#include "bindtest.h"
#include "subcmd.h"

static const struct sh_field port_sh[] = {
	{ "address", "fg_address" },
	{ "free", "fg_free" },
	{ "error", "fg_port_error" },
	{ NULL, NULL },
};

void
usage_port(FILE *f)
{
	fprintf(f,
	    "usage: fg-spawn port [-c | --sh] HOST:PORT...\n"
	    "Binds each HOST:PORT ([V6]:PORT too) once, as fg-spawn start --port does, and\n"
	    "prints an array in order of {address, free, error}: free is true when a\n"
	    "listener could bind it now; error says why not (in use, and by which pid when\n"
	    "/proc shows it; cannot bind; no such host), else null. --sh prints\n"
	    "fg_address_N, fg_free_N (yes or no) and fg_port_error_N ('' when null) for\n"
	    "N = 1, 2... as sh assignments instead (--sh wins over -c).\n"
	    "Exit: 0 all free, 1 any not free (printed all the same) or the check failed\n"
	    "(out of memory or descriptors: nothing printed), 2 usage error or an\n"
	    "argument that is not HOST:PORT.\n");
}

static int
parse_port(int argc, char **argv, struct cli_out *out)
{
	static const struct option opts[] = {
		CLI_LONGOPTS,
	};
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1)
		if ((rc = cli_option(out, opt, argv)) != 0)
			return rc;
	if (optind >= argc)
		return fg_usage_error(PROG, "port", "HOST:PORT is required");
	return 0;
}

/* Every argument is parsed before any is bound: a typo is a usage error alone. */
static int
parse_all(char **args, int n, struct hostport *hp)
{
	struct fg_err e = { 0 };
	int i;

	for (i = 0; i < n; i++)
		if (port_parse(args[i], &hp[i], &e) != 0)
			return fg_usage_error(PROG, "port", "%s", e.msg);
	return 0;
}

/* {address, free, error} for one; *state is what the bind said. */
static cJSON *
port_result(const char *address, const struct hostport *hp, enum port_state *state,
    struct fg_err *e)
{
	struct fg_err why = { 0 };
	cJSON *r;

	if ((*state = port_check(hp, &why)) == PORT_ERROR) {
		*e = why;
		return NULL;
	}
	r = cJSON_CreateObject();
	if (r == NULL || cJSON_AddStringToObject(r, "address", address) == NULL ||
	    cJSON_AddBoolToObject(r, "free", *state == PORT_FREE) == NULL ||
	    !json_add_string_or_null(r, "error", *state == PORT_FREE ? NULL : why.msg)) {
		cJSON_Delete(r);
		fg_err_set(e, FG_ERUNTIME, "port: out of memory");
		return NULL;
	}
	return r;
}

int
cmd_port(int argc, char **argv)
{
	struct cli_out out = { "port", 0, 0, port_sh };
	struct fg_err e = { 0 };
	enum port_state state;
	struct hostport *hp;
	cJSON *all, *one;
	int rc, i, n, all_free = 1;

	if ((rc = parse_port(argc, argv, &out)) != 0)
		return rc;
	n = argc - optind;
	if ((hp = calloc((size_t)n, sizeof *hp)) == NULL)
		return cli_oom("port");
	if ((rc = parse_all(argv + optind, n, hp)) != 0) {
		free(hp);
		return rc;
	}
	if ((all = cJSON_CreateArray()) == NULL) {
		free(hp);
		return cli_oom("port");
	}
	for (i = 0; i < n; i++) {
		if ((one = port_result(argv[optind + i], &hp[i], &state, &e)) == NULL ||
		    !cJSON_AddItemToArray(all, one)) {
			cJSON_Delete(one);
			cJSON_Delete(all);
			free(hp);
			return e.code ? cli_fail(&e) : cli_oom("port");
		}
		all_free &= state == PORT_FREE;
	}
	free(hp);
	if ((rc = cli_emit(&out, all)) != 0)
		return rc;
	return all_free ? FG_OK : FG_ERUNTIME;
}
