/* cmd_start.c — "fg-spawn start": one service per pidfile, started detached, its
 * exec failure reported here and now, optionally waited on until ready. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "subcmd.h"
#include "probes.h"
#include "launch.h"
#include "logtail.h"
#include "mkdirs.h"
#include "pidfile.h"
#include "bindtest.h"
#include "proc.h"
#include "ready.h"
#include "terminate.h"
#include "seconds.h"
#include "clock.h"
#include "output.h"

#define READY_DEFAULT_MS 30000L
#define READY_MAX_S 3600.0
#define CLEANUP_TERM_MS 5000L

static const struct sh_field start_sh[] = {
	{ "result", "fg_result" },
	{ "pid", "fg_pid" },
	{ "pidfile", "fg_pidfile" },
	{ "log", "fg_log" },
	{ NULL, NULL },
};

struct start_opts {
	const char *pidfile, *log, *cwd, *url;
	char **env;
	size_t n_env;
	struct hostport port;
	int has_port, has_ready_timeout;
	long ready_ms;
	char **argv;
	struct cli_out out;
};

/* What was started, for the failure paths and the result. */
struct started {
	pid_t pid;
	unsigned long long start;
	off_t log_from;         /* log size before the launch: this run's lines follow */
};

void
usage_start(FILE *f)
{
	fprintf(f,
	    "usage: fg-spawn start --pidfile FILE --log FILE [--cwd DIR] [--env K=V]...\n"
	    "                      [--port HOST:PORT] [--wait-ready URL [--ready-timeout S]]\n"
	    "                      [-c | --sh] -- PROGRAM [ARG]...\n"
	    "Starts PROGRAM in its own session (stdin /dev/null, stdout and stderr appended\n"
	    "to the log), records its pid and start time in FILE, and prints\n"
	    "{result, pid, pidfile, log}; result is started, or already-running when\n"
	    "FILE's process still runs. --port checks HOST:PORT is free first.\n"
	    "--wait-ready polls URL until it answers 2xx (default --ready-timeout 30);\n"
	    "a service that dies or is not ready in time is stopped and reported.\n"
	    "--sh prints fg_result, fg_pid, fg_pidfile and fg_log as sh assignments\n"
	    "instead (--sh wins over -c); nothing on stdout when it fails.\n"
	    "FILE is written atomically; FG_ATOMIC_DELAY_MS=N, a test hook, waits N ms\n"
	    "before its rename.\n"
	    "Exit: 0 ok, 1 not started (or not ready), 2 usage error.\n");
}

static int
add_env(struct start_opts *o, char *kv)
{
	size_t klen = strcspn(kv, "=");

	if (klen == 0 || kv[klen] != '=')
		return fg_usage_error(PROG, "start", "--env %s: expected KEY=VALUE", kv);
	o->env[o->n_env++] = kv;
	return 0;
}

/* --wait-ready loads libcurl here, before anything starts: a URL it refuses
 * is a usage error, and a libcurl that cannot be loaded starts nothing. */
static int
check_url(const char *url)
{
	const char *problem, *reason;
	struct fg_err e = { 0 };
	int bad;

	if (probe_load("start", &e) != 0)
		return cli_fail(&e);
	if ((bad = probe_url_check(url, &problem, &reason)) < 0)
		return cli_oom("start");
	if (bad)
		return fg_usage_error(PROG, "start", "--wait-ready %s: %s", url, problem);
	return 0;
}

static int
check_start_opts(struct start_opts *o)
{
	if (o->pidfile == NULL || o->log == NULL)
		return fg_usage_error(PROG, "start", "--pidfile and --log are required");
	if (o->argv[0] == NULL)
		return fg_usage_error(PROG, "start", "no program to start (put it after --)");
	if (o->has_ready_timeout && o->url == NULL)
		return fg_usage_error(PROG, "start", "--ready-timeout needs --wait-ready URL");
	return o->url != NULL ? check_url(o->url) : 0;
}

static int
parse_start(int argc, char **argv, struct start_opts *o)
{
	static const struct option opts[] = {
		{ "pidfile", required_argument, NULL, 'p' },
		{ "log", required_argument, NULL, 'l' },
		{ "cwd", required_argument, NULL, 'd' },
		{ "env", required_argument, NULL, 'e' },
		{ "port", required_argument, NULL, 'P' },
		{ "wait-ready", required_argument, NULL, 'w' },
		{ "ready-timeout", required_argument, NULL, 't' },
		CLI_LONGOPTS,
	};
	struct fg_err e = { 0 };
	int opt, rc = 0;

	while (rc == 0 && (opt = getopt_long(argc, argv, "+:ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': o->pidfile = optarg; break;
		case 'l': o->log = optarg; break;
		case 'd': o->cwd = optarg; break;
		case 'e': rc = add_env(o, optarg); break;
		case 'w': o->url = optarg; break;
		case 'P':
			if (port_parse(optarg, &o->port, &e) != 0)
				rc = fg_usage_error(PROG, "start", "--port %s", e.msg);
			o->has_port = 1;
			break;
		case 't':
			o->has_ready_timeout = 1;
			if (fg_parse_seconds(optarg, 1, READY_MAX_S, &o->ready_ms) != 0)
				rc = fg_usage_error(PROG, "start", "--ready-timeout %s: expected seconds "
				    "(> 0, at most %.0f)", optarg, READY_MAX_S);
			break;
		default:
			if ((rc = cli_option(&o->out, opt, argv)) != 0)
				return rc;
		}
	}
	o->argv = argv + optind;
	return rc != 0 ? rc : check_start_opts(o);
}

static int
emit_result(const struct start_opts *o, const char *result, pid_t pid)
{
	cJSON *r = cJSON_CreateObject();

	if (r == NULL || cJSON_AddStringToObject(r, "result", result) == NULL ||
	    cJSON_AddNumberToObject(r, "pid", pid) == NULL ||
	    cJSON_AddStringToObject(r, "pidfile", o->pidfile) == NULL ||
	    cJSON_AddStringToObject(r, "log", o->log) == NULL) {
		cJSON_Delete(r);
		r = NULL;
	}
	return cli_emit(&o->out, r);
}

/* Returns 1 when the pidfile's process runs (*pid set); clears a stale pidfile. */
static int
check_running(const struct start_opts *o, pid_t *pid, struct fg_err *e)
{
	struct pidrec r;
	int rc = pidfile_read(o->pidfile, &r, e);

	if (rc == PIDFILE_NONE)
		return 0;
	if (rc != PIDFILE_READ)
		return -1;
	if (pidrec_is_ours(&r)) {
		*pid = r.pid;
		return 1;
	}
	return pidfile_remove(o->pidfile, e) == 0 ? 0 : -1;
}

static int
open_log(const char *path, off_t *size, struct fg_err *e)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0) {
		fg_err_set(e, FG_ERUNTIME, "%s: %s", path, strerror(errno));
		return -1;
	}
	if ((*size = lseek(fd, 0, SEEK_END)) < 0)
		*size = 0;
	return fd;
}

/* One message whether the death was seen right after exec or while waiting. */
static int
died_error(const struct start_opts *o, const struct started *s, struct fg_err *e)
{
	char tail[LOGTAIL_MAX + 8];

	log_tail(o->log, s->log_from, tail, sizeof tail);
	return fg_err_set(e, FG_ERUNTIME, "start: %s (pid %d) exited %s; log: %s", o->argv[0],
	    (int)s->pid, o->url ? "before it was ready" : "at once", tail);
}

static int
launch_service(const struct start_opts *o, struct started *s, struct fg_err *e)
{
	struct launch l = { o->argv, o->cwd, o->env, o->n_env, -1 };
	struct proc_stat st;
	int rc;

	if ((l.log_fd = open_log(o->log, &s->log_from, e)) < 0)
		return e->code;
	rc = launch(&l, &s->pid, e);
	close(l.log_fd);
	if (rc != 0)
		return rc;
	/* A process already gone (or a zombie) gets no pidfile: report it now. */
	if (proc_read_stat(s->pid, &st) != 0 || st.state == 'Z')
		return died_error(o, s, e);
	s->start = st.start;
	return 0;
}

/* Failure after launch: nothing may be left running or recorded. */
static void
undo_start(const struct start_opts *o, const struct started *s)
{
	struct fg_err ignored;
	int err;

	if (proc_is_ours(s->pid, s->start))
		(void)terminate(s->pid, s->start, -1, CLEANUP_TERM_MS, &err);
	(void)pidfile_remove(o->pidfile, &ignored);
}

static int
await_ready(const struct start_opts *o, const struct started *s, struct fg_err *e)
{
	char last[160], tail[LOGTAIL_MAX + 8];
	enum ready_result r = ready_wait(o->url, o->ready_ms, s->pid, s->start, last, sizeof last);

	if (r == READY_OK)
		return 0;
	undo_start(o, s);
	if (r == READY_DIED)
		return died_error(o, s, e);
	log_tail(o->log, s->log_from, tail, sizeof tail);
	if (r == READY_TIMEOUT)
		return fg_err_set(e, FG_ERUNTIME, "start: %s not ready after %.3g s (last: %s); "
		    "stopped pid %d; log: %s", o->url, o->ready_ms / 1000.0, last, (int)s->pid, tail);
	return fg_err_set(e, FG_ERUNTIME, "start: %s: %s; stopped pid %d", o->url, last,
	    (int)s->pid);
}

/* --port: the service's address must be free before it starts. */
static int
port_free(const struct hostport *hp, struct fg_err *e)
{
	struct fg_err why = { 0 };

	if (port_check(hp, &why) == PORT_FREE)
		return 0;
	return fg_err_set(e, FG_ERUNTIME, "start: %s", why.msg);
}

/* Runs under the pidfile lock: check, start, record, wait, all as one step. */
static int
start_locked(const struct start_opts *o, struct fg_err *e)
{
	struct started s = { 0 };
	int rc;

	if ((rc = check_running(o, &s.pid, e)) != 0)
		return rc > 0 ? emit_result(o, "already-running", s.pid) : cli_fail(e);
	if ((o->has_port && port_free(&o->port, e) != 0) || launch_service(o, &s, e) != 0)
		return cli_fail(e);
	if (pidfile_write(o->pidfile, s.pid, s.start, e) != 0) {
		undo_start(o, &s);
		return cli_fail(e);
	}
	if (o->url != NULL && await_ready(o, &s, e) != 0)
		return cli_fail(e);
	return emit_result(o, "started", s.pid);
}

int
cmd_start(int argc, char **argv)
{
	struct start_opts o = { .ready_ms = READY_DEFAULT_MS, .out = { "start", 0, 0, start_sh } };
	struct fg_err e = { 0 };
	int rc, lock;

	if ((o.env = calloc((size_t)argc, sizeof *o.env)) == NULL)
		return cli_oom("start");
	if ((rc = parse_start(argc, argv, &o)) != 0) {
		free(o.env);
		return rc;
	}
	if (fg_make_parents(o.pidfile, &e) != 0 || fg_make_parents(o.log, &e) != 0 ||
	    pidfile_lock(o.pidfile, &lock, &e) != 0)
		rc = cli_fail(&e);
	else {
		rc = start_locked(&o, &e);
		close(lock);
	}
	free(o.env);
	return rc;
}
