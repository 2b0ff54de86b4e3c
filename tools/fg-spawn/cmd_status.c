/* cmd_status.c — "fg-spawn status": running or not, by the pidfile and /proc, with LSB codes. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "pidfile.h"
#include "proc.h"
#include "subcmd.h"
#include "output.h"

#define LSB_RUNNING 0
#define LSB_NOT_RUNNING 3

static const struct sh_field status_sh[] = {
	{ "running", "fg_running" },
	{ "pid", "fg_pid" },
	{ "uptime", "fg_uptime" },
	{ NULL, NULL },
};

void
usage_status(FILE *f)
{
	fprintf(f,
	    "usage: fg-spawn status --pidfile FILE [--pidfile FILE]... [-c | --sh]\n"
	    "Prints {pid, running, uptime}: pid and uptime (seconds) when FILE's process\n"
	    "runs and its start time matches FILE, else null. With several FILEs, an\n"
	    "array of them in order, each with its pidfile (one process answers for all).\n"
	    "--sh prints fg_running (yes or no), fg_pid and fg_uptime ('' when null) as\n"
	    "sh assignments instead; with several FILEs, fg_running_1, fg_pid_1,\n"
	    "fg_uptime_1, fg_running_2... in order (--sh wins over -c).\n"
	    "Exit (LSB): 0 running (all of them), 3 not running (any of them), 1 FILE\n"
	    "unreadable or not a pidfile, 2 usage error.\n");
}

struct status_args {
	const char **pidfiles;
	int n;
	struct cli_out out;
};

static int
parse_status(int argc, char **argv, struct status_args *a)
{
	static const struct option opts[] = {
		{ "pidfile", required_argument, NULL, 'p' },
		CLI_LONGOPTS,
	};
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': a->pidfiles[a->n++] = optarg; break;
		default:
			if ((rc = cli_option(&a->out, opt, argv)) != 0)
				return rc;
		}
	}
	if (optind < argc)
		return fg_usage_error(PROG, "status", "unexpected argument '%s'", argv[optind]);
	if (a->n == 0)
		return fg_usage_error(PROG, "status", "--pidfile is required");
	return 0;
}

/* {pid, running, uptime} for r (NULL: not running), with pidfile when given. */
static cJSON *
status_result(const struct pidrec *r, const char *pidfile)
{
	cJSON *s = cJSON_CreateObject();
	long long up = r != NULL ? proc_uptime_s(r->start) : -1;

	if (s == NULL || !json_add_number_or_null(s, "pid", r != NULL, r ? r->pid : 0) ||
	    cJSON_AddBoolToObject(s, "running", r != NULL) == NULL ||
	    !json_add_number_or_null(s, "uptime", up >= 0, (double)up) ||
	    (pidfile != NULL && cJSON_AddStringToObject(s, "pidfile", pidfile) == NULL)) {
		cJSON_Delete(s);
		return NULL;
	}
	return s;
}

/* One pidfile's answer in *one; *running says whether its process runs. */
static int
status_of(const char *pidfile, int with_name, cJSON **one, int *running, struct fg_err *e)
{
	struct pidrec r;
	int rc;

	if ((rc = pidfile_read(pidfile, &r, e)) != PIDFILE_READ && rc != PIDFILE_NONE)
		return e->code;
	*running = rc == PIDFILE_READ && pidrec_is_ours(&r);
	if ((*one = status_result(*running ? &r : NULL, with_name ? pidfile : NULL)) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "status: out of memory");
	return 0;
}

/* The answer for one pidfile, or an array of them for several. */
static int
status_all(const struct status_args *a, cJSON **result, int *all_running, struct fg_err *e)
{
	cJSON *one;
	int i, rc, running;

	*all_running = 1;
	if (a->n == 1)
		return status_of(a->pidfiles[0], 0, result, all_running, e);
	if ((*result = cJSON_CreateArray()) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "status: out of memory");
	for (i = 0; i < a->n; i++) {
		if ((rc = status_of(a->pidfiles[i], 1, &one, &running, e)) != 0) {
			cJSON_Delete(*result);
			*result = NULL;
			return rc;
		}
		cJSON_AddItemToArray(*result, one);
		*all_running = *all_running && running;
	}
	return 0;
}

int
cmd_status(int argc, char **argv)
{
	struct status_args a = { NULL, 0, { "status", 0, 0, status_sh } };
	struct fg_err e = { 0 };
	cJSON *result = NULL;
	int rc, all_running;

	if ((a.pidfiles = calloc((size_t)argc + 1, sizeof *a.pidfiles)) == NULL)
		return cli_oom("status");
	if ((rc = parse_status(argc, argv, &a)) != 0) {
		free(a.pidfiles);
		return rc;
	}
	rc = status_all(&a, &result, &all_running, &e);
	free(a.pidfiles);
	if (rc != 0)
		return cli_fail(&e);
	if ((rc = cli_emit(&a.out, result)) != 0)
		return rc;
	return all_running ? LSB_RUNNING : LSB_NOT_RUNNING;
}
