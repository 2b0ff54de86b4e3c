/* probe.c — "fg-spawn probe": GET every URL at once, report each in argument order. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "subcmd.h"
#include "httpcheck.h"
#include "timeutil.h"
#include "output.h"

#define PROBE_DEFAULT_MS 2000L
#define PROBE_MAX_S 3600.0
#define PROBE_MAX_URLS 256

void
usage_probe(FILE *f)
{
	fprintf(f,
	    "usage: fg-spawn probe [--timeout S] [-c] URL...\n"
	    "GETs every URL concurrently (http and https only; bodies read up to 1 MiB\n"
	    "and dropped), each within S seconds (default 2, fractions allowed), and\n"
	    "prints an array in argument order of\n"
	    "{url, ok, status_code, error, elapsed_ms}; ok is true for 2xx only.\n"
	    "Exit: 0 all ok, 1 any not ok, 2 usage error.\n");
}

static int
parse_probe(int argc, char **argv, long *timeout_ms, int *compact)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "compact", no_argument, NULL, 'c' },
		FG_END_LONGOPTS,
	};
	int opt;

	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': *compact = 1; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		case 't':
			if (parse_seconds(optarg, 1, PROBE_MAX_S, timeout_ms) != 0)
				return fg_usage_error(PROG, "probe", "--timeout %s: expected seconds "
				    "(> 0, at most %.0f)", optarg, PROBE_MAX_S);
			break;
		default: return fg_bad_option(PROG, "probe", opt, argv);
		}
	}
	if (optind >= argc)
		return fg_usage_error(PROG, "probe", "no URL to probe");
	if (argc - optind > PROBE_MAX_URLS)
		return fg_usage_error(PROG, "probe", "at most %d URLs at once", PROBE_MAX_URLS);
	return 0;
}

static cJSON *
result_object(const char *url, const struct probe_result *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "url", url);
	cJSON_AddBoolToObject(o, "ok", r->ok);
	if (r->status > 0)
		cJSON_AddNumberToObject(o, "status_code", r->status);
	else
		cJSON_AddNullToObject(o, "status_code");
	if (r->error != NULL)
		cJSON_AddStringToObject(o, "error", r->error);
	else
		cJSON_AddNullToObject(o, "error");
	cJSON_AddNumberToObject(o, "elapsed_ms", r->elapsed_ms);
	return o;
}

int
cmd_probe(int argc, char **argv)
{
	struct probe_result *res;
	struct fg_err e = { 0 };
	long timeout_ms = PROBE_DEFAULT_MS;
	int compact = 0, all_ok = 1, rc, i, n;
	cJSON *arr;

	if ((rc = parse_probe(argc, argv, &timeout_ms, &compact)) != 0)
		return rc;
	n = argc - optind;
	if ((res = calloc((size_t)n, sizeof *res)) == NULL)
		return FG_ERUNTIME;
	if (probe_urls((const char *const *)argv + optind, (size_t)n, timeout_ms, res, &e) != 0) {
		free(res);
		return cli_fail(&e);
	}
	arr = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		cJSON_AddItemToArray(arr, result_object(argv[optind + i], &res[i]));
		all_ok = all_ok && res[i].ok;
	}
	free(res);
	if ((rc = cli_emit(arr, compact)) != 0)
		return rc;
	return all_ok ? 0 : FG_ERUNTIME;
}
