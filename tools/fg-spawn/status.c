/* status.c — "fg-spawn status": running or not, by the pidfile and /proc, with LSB codes. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "pidfile.h"
#include "proc.h"

#define LSB_RUNNING 0
#define LSB_NOT_RUNNING 3

void
usage_status(FILE *f)
{
	fprintf(f,
	    "usage: fg-spawn status --pidfile FILE [-c]\n"
	    "Prints {pid, running, uptime}: pid and uptime (seconds) when FILE's process\n"
	    "runs and its start time matches FILE, else null.\n"
	    "Exit (LSB): 0 running, 3 not running, 1 FILE unreadable or not a pidfile,\n"
	    "2 usage error.\n");
}

static int
parse_status(int argc, char **argv, const char **pidfile, int *compact)
{
	static const struct option opts[] = {
		{ "pidfile", required_argument, NULL, 'p' },
		{ "compact", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': *pidfile = optarg; break;
		case 'c': *compact = 1; break;
		case 'h': usage_status(stdout); return -1;
		case 'V': cli_version(); return -1;
		default: return cli_bad_option("status", opt, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("status", "unexpected argument '%s'", argv[optind]);
	if (*pidfile == NULL)
		return cli_usage_error("status", "--pidfile is required");
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

int
cmd_status(int argc, char **argv)
{
	const char *pidfile = NULL;
	struct fg_err e = { 0 };
	struct pidrec r;
	int compact = 0, rc, running;

	if ((rc = parse_status(argc, argv, &pidfile, &compact)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = pidfile_read(pidfile, &r, &e)) != PIDFILE_READ && rc != PIDFILE_NONE)
		return cli_fail(&e);
	running = rc == PIDFILE_READ && pidrec_is_ours(&r);
	if ((rc = cli_emit(status_result(running ? &r : NULL), compact)) != 0)
		return rc;
	return running ? LSB_RUNNING : LSB_NOT_RUNNING;
}
