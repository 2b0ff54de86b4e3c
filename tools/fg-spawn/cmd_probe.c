/* cmd_probe.c — "fg-spawn probe": GET every URL at once, report each in argument order. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "probes.h"
#include "subcmd.h"
#include "seconds.h"
#include "clock.h"
#include "output.h"

#define PROBE_DEFAULT_MS 2000L
#define PROBE_MAX_S 3600.0
#define PROBE_MAX_URLS 256
#define PROBE_PAUSE_MS 200L    /* between rounds of --wait */

static const struct sh_field probe_sh[] = {
	{ "ok", "fg_ok" },
	{ "status_code", "fg_code" },
	{ "reason", "fg_reason" },
	{ "error", "fg_error" },
	{ NULL, NULL },
};

struct probe_args {
	long timeout_ms;
	long wait_ms;           /* --wait: probe again until all are ok, this long; 0: once */
	struct cli_out out;
};

void
usage_probe(FILE *f)
{
	fprintf(f,
	    "usage: fg-spawn probe [--timeout S] [--wait S] [-c | --sh] URL...\n"
	    "GETs every URL concurrently (http and https only; bodies read up to 1 MiB\n"
	    "and dropped), each within S seconds (default 2, fractions allowed), and\n"
	    "prints an array in argument order of\n"
	    "{url, ok, status_code, reason, error, elapsed_ms}; ok is true for 2xx only.\n"
	    "reason is one word: none (2xx), http_NNN (any other answer), or why no\n"
	    "answer came: connection_refused, connect_failed, timeout, dns, empty_reply,\n"
	    "invalid_url, unsupported_protocol, tls, error; error is its text (null for\n"
	    "an answer). --sh prints, for URL i (from 1), fg_ok_i (yes or no), fg_code_i,\n"
	    "fg_reason_i and fg_error_i ('' when null) as sh assignments instead (--sh\n"
	    "wins over -c). --wait S probes again, every 0.2 s, until every URL is ok\n"
	    "or S seconds have passed (a readiness check for a supervisor's unit), and\n"
	    "prints the last round.\n"
	    "Exit: 0 all ok, 1 any not ok, 2 usage error.\n");
}

static int
parse_probe(int argc, char **argv, struct probe_args *a)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "wait", required_argument, NULL, 'w' },
		CLI_LONGOPTS,
	};
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 't':
			if (fg_parse_seconds(optarg, 1, PROBE_MAX_S, &a->timeout_ms) != 0)
				return fg_usage_error(PROG, "probe", "--timeout %s: expected seconds "
				    "(> 0, at most %.0f)", optarg, PROBE_MAX_S);
			break;
		case 'w':
			if (fg_parse_seconds(optarg, 1, PROBE_MAX_S, &a->wait_ms) != 0)
				return fg_usage_error(PROG, "probe", "--wait %s: expected seconds "
				    "(> 0, at most %.0f)", optarg, PROBE_MAX_S);
			break;
		default:
			if ((rc = cli_option(&a->out, opt, argv)) != 0)
				return rc;
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

	if (o == NULL || cJSON_AddStringToObject(o, "url", url) == NULL ||
	    cJSON_AddBoolToObject(o, "ok", r->ok) == NULL ||
	    !json_add_number_or_null(o, "status_code", r->status > 0, r->status) ||
	    cJSON_AddStringToObject(o, "reason", r->reason) == NULL ||
	    !json_add_string_or_null(o, "error", r->error) ||
	    cJSON_AddNumberToObject(o, "elapsed_ms", r->elapsed_ms) == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The results as an array in argument order; NULL when out of memory. */
static cJSON *
result_array(char **urls, const struct probe_result *res, int n)
{
	cJSON *arr = cJSON_CreateArray(), *one;
	int i;

	for (i = 0; arr != NULL && i < n; i++) {
		if ((one = result_object(urls[i], &res[i])) == NULL) {
			cJSON_Delete(arr);
			return NULL;
		}
		cJSON_AddItemToArray(arr, one);
	}
	return arr;
}

int
cmd_probe(int argc, char **argv)
{
	struct probe_args a = { PROBE_DEFAULT_MS, 0, { "probe", 0, 0, probe_sh } };
	struct probe_result *res;
	struct fg_err e = { 0 };
	int all_ok, rc, i, n;
	long long deadline, left;
	cJSON *arr;

	if ((rc = parse_probe(argc, argv, &a)) != 0)
		return rc;
	n = argc - optind;
	if ((res = calloc((size_t)n, sizeof *res)) == NULL)
		return cli_oom("probe");
	deadline = fg_now_ms() + a.wait_ms;
	for (;;) {
		if (probe_urls((const char *const *)argv + optind, (size_t)n, a.timeout_ms, res, &e) != 0) {
			free(res);
			return cli_fail(&e);
		}
		for (all_ok = 1, i = 0; i < n; i++)
			all_ok = all_ok && res[i].ok;
		if (all_ok || (left = deadline - fg_now_ms()) <= 0)
			break;
		fg_sleep_ms(left < PROBE_PAUSE_MS ? (long)left : PROBE_PAUSE_MS);
	}
	arr = result_array(argv + optind, res, n);
	free(res);
	if ((rc = cli_emit(&a.out, arr)) != 0)
		return rc;
	return all_ok ? 0 : FG_ERUNTIME;
}
