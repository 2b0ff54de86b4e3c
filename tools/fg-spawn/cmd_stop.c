/* cmd_stop.c — "fg-spawn stop": signals only a process the pidfile proves is ours. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "pidfd.h"
#include "pidfile.h"
#include "proc.h"
#include "subcmd.h"
#include "terminate.h"
#include "seconds.h"
#include "clock.h"
#include "output.h"

#define STOP_DEFAULT_MS 10000L
#define STOP_MAX_S 3600.0

static const struct sh_field stop_sh[] = {
	{ "result", "fg_result" },
	{ "pid", "fg_pid" },
	{ NULL, NULL },
};

struct stop_opts {
	const char *pidfile;
	long timeout_ms;
	struct cli_out out;
};

void
usage_stop(FILE *f)
{
	fprintf(f,
	    "usage: fg-spawn stop --pidfile FILE [--timeout S] [-c | --sh]\n"
	    "Sends SIGTERM to the process group of FILE's process (each process through a\n"
	    "pidfd, held before it is proven ours: a recycled pid is never hit; kill(2) on\n"
	    "kernels without pidfds), waits up to S seconds\n"
	    "(default 10, fractions allowed), then SIGKILL; removes FILE. Prints\n"
	    "{result, pid}; result is stopped, killed, not-running (no process; a stale\n"
	    "FILE is removed) or stale-pid (the pid now belongs to another process, which\n"
	    "is never signalled; FILE is removed). --sh prints fg_result and fg_pid\n"
	    "('' when none) as sh assignments instead (--sh wins over -c).\n"
	    "Exit: 0 ok, 1 could not stop it, 2 usage error.\n");
}

static int
parse_stop(int argc, char **argv, struct stop_opts *o)
{
	static const struct option opts[] = {
		{ "pidfile", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		CLI_LONGOPTS,
	};
	int opt, rc;

	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': o->pidfile = optarg; break;
		case 't':
			if (fg_parse_seconds(optarg, 0, STOP_MAX_S, &o->timeout_ms) != 0)
				return fg_usage_error(PROG, "stop", "--timeout %s: expected seconds "
				    "(>= 0, at most %.0f)", optarg, STOP_MAX_S);
			break;
		default:
			if ((rc = cli_option(&o->out, opt, argv)) != 0)
				return rc;
		}
	}
	if (optind < argc)
		return fg_usage_error(PROG, "stop", "unexpected argument '%s'", argv[optind]);
	if (o->pidfile == NULL)
		return fg_usage_error(PROG, "stop", "--pidfile is required");
	return 0;
}

/* pid 0: none. */
static int
emit_result(const struct stop_opts *o, const char *result, pid_t pid)
{
	cJSON *r = cJSON_CreateObject();

	if (r == NULL || cJSON_AddStringToObject(r, "result", result) == NULL ||
	    !json_add_number_or_null(r, "pid", pid > 0, pid)) {
		cJSON_Delete(r);
		r = NULL;
	}
	return cli_emit(&o->out, r);
}

/* A pidfile whose process is not ours is removed, and its pid left alone. */
static int
forget(const struct stop_opts *o, const struct pidrec *r, struct fg_err *e)
{
	struct proc_stat st;
	int alive = proc_read_stat(r->pid, &st) == 0 && st.state != 'Z';

	if (pidfile_remove(o->pidfile, e) != 0)
		return cli_fail(e);
	return emit_result(o, alive ? "stale-pid" : "not-running", r->pid);
}

static int
stop_locked(const struct stop_opts *o, struct fg_err *e)
{
	struct pidrec r;
	enum term_result t;
	int rc, err, fd;

	if ((rc = pidfile_read(o->pidfile, &r, e)) == PIDFILE_NONE)
		return emit_result(o, "not-running", 0);
	if (rc != PIDFILE_READ)
		return cli_fail(e);
	/* The process is held first, then proven ours: every signal then goes
	 * to the process that was proven, even if its pid is recycled after. */
	fd = pidfd_for(r.pid);
	if (!pidrec_is_ours(&r)) {
		if (fd >= 0)
			close(fd);
		return forget(o, &r, e);
	}
	t = terminate(r.pid, r.start, fd, o->timeout_ms, &err);
	if (fd >= 0)
		close(fd);
	if (t == TERM_FAILED) {
		fg_err_set(e, FG_ERUNTIME, "stop: pid %d: %s", (int)r.pid,
		    err ? strerror(err) : "still running after SIGKILL");
		return cli_fail(e);
	}
	if (pidfile_remove(o->pidfile, e) != 0)
		return cli_fail(e);
	return emit_result(o, t == TERM_STOPPED ? "stopped" : "killed", r.pid);
}

int
cmd_stop(int argc, char **argv)
{
	struct stop_opts o = { NULL, STOP_DEFAULT_MS, { "stop", 0, 0, stop_sh } };
	struct fg_err e = { 0 };
	int rc, lock;

	if ((rc = parse_stop(argc, argv, &o)) != 0)
		return rc;
	/* No folder, no pidfile: nothing runs under this name. */
	if ((rc = pidfile_lock(o.pidfile, &lock, &e)) == PIDFILE_NONE)
		return emit_result(&o, "not-running", 0);
	if (rc != 0)
		return cli_fail(&e);
	rc = stop_locked(&o, &e);
	close(lock);
	return rc;
}
