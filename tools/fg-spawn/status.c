/* status.c — "fg-spawn status": running or not, by the pidfile and /proc, with LSB codes. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "subcmd.h"
#include "pidfile.h"
#include "proc.h"
#include "output.h"

#define LSB_RUNNING 0
#define LSB_NOT_RUNNING 3

void
usage_status(FILE *f)
{
	fprintf(f,
	    "usage: fg-spawn status --pidfile FILE [--pidfile FILE]... [-c]\n"
	    "Prints {pid, running, uptime}: pid and uptime (seconds) when FILE's process\n"
	    "runs and its start time matches FILE, else null. With several FILEs, an\n"
	    "array of them in order, each with its pidfile (one process answers for all).\n"
	    "Exit (LSB): 0 running (all of them), 3 not running (any of them), 1 FILE\n"
	    "unreadable or not a pidfile, 2 usage error.\n");
}

struct status_args {
	const char **pidfiles;
	int n, compact;
};

static int
parse_status(int argc, char **argv, struct status_args *a)
{
	static const struct option opts[] = {
		{ "pidfile", required_argument, NULL, 'p' },
		{ "compact", no_argument, NULL, 'c' },
		FG_END_LONGOPTS,
	};
	int opt;

	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': a->pidfiles[a->n++] = optarg; break;
		case 'c': a->compact = 1; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(PROG, "status", opt, argv);
		}
	}
	if (optind < argc)
		return fg_usage_error(PROG, "status", "unexpected argument '%s'", argv[optind]);
	if (a->n == 0)
		return fg_usage_error(PROG, "status", "--pidfile is required");
	return 0;
}

static cJSON *
status_result(const struct pidrec *r)
{
	cJSON *s = cJSON_CreateObject();
	long long up;

	if (r == NULL) {
		cJSON_AddNullToObject(s, "pid");
		cJSON_AddFalseToObject(s, "running");
		cJSON_AddNullToObject(s, "uptime");
		return s;
	}
	cJSON_AddNumberToObject(s, "pid", r->pid);
	cJSON_AddTrueToObject(s, "running");
	if ((up = proc_uptime_s(r->start)) >= 0)
		cJSON_AddNumberToObject(s, "uptime", (double)up);
	else
		cJSON_AddNullToObject(s, "uptime");
	return s;
}

/* One pidfile's answer; *running says whether its process runs. */
static cJSON *
status_of(const char *pidfile, int *running, struct fg_err *e)
{
	struct pidrec r;
	int rc;

	if ((rc = pidfile_read(pidfile, &r, e)) != PIDFILE_READ && rc != PIDFILE_NONE)
		return NULL;
	*running = rc == PIDFILE_READ && pidrec_is_ours(&r);
	return status_result(*running ? &r : NULL);
}

int
cmd_status(int argc, char **argv)
{
	struct status_args a = { NULL, 0, 0 };
	struct fg_err e = { 0 };
	cJSON *all = NULL, *one = NULL;
	int rc, running, all_running = 1, i;

	if ((a.pidfiles = calloc((size_t)argc + 1, sizeof *a.pidfiles)) == NULL)
		return FG_ERUNTIME;
	if ((rc = parse_status(argc, argv, &a)) != 0) {
		free(a.pidfiles);
		return rc;
	}
	if (a.n > 1 && (all = cJSON_CreateArray()) == NULL)
		goto oom;
	for (i = 0; i < a.n; i++) {
		if ((one = status_of(a.pidfiles[i], &running, &e)) == NULL) {
			cJSON_Delete(all);
			free(a.pidfiles);
			return e.code ? cli_fail(&e) : FG_ERUNTIME;
		}
		all_running = all_running && running;
		if (all == NULL)
			break;
		if (cJSON_AddStringToObject(one, "pidfile", a.pidfiles[i]) == NULL)
			goto oom;
		cJSON_AddItemToArray(all, one);
		one = NULL;
	}
	free(a.pidfiles);
	if ((rc = cli_emit(all ? all : one, a.compact)) != 0)
		return rc;
	return all_running ? LSB_RUNNING : LSB_NOT_RUNNING;
oom:
	cJSON_Delete(one);
	cJSON_Delete(all);
	free(a.pidfiles);
	fprintf(stderr, "%s: status: out of memory\n", PROG);
	return FG_ERUNTIME;
}
