/* fg-state — FlowGate's runtime record: the state file and the events log. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "err.h"
#include "events.h"
#include "input.h"
#include "jsonwrite.h"
#include "output.h"
#include "shquote.h"
#include "subcmd.h"
#include "utf8.h"
#include "yamljson.h"

#define MAX_FIELD 4096
#define MAX_STATE ((size_t)1 << 20)   /* a state file is two short strings */

static const char *prog = "fg-state";

static const char *const fields[] = { "service", "profile", "provider", "result",
	"detail", NULL };

static void
usage_show(FILE *f)
{
	fprintf(f,
	    "usage: fg-state show [-c | --sh] [--] STATE_FILE\n"
	    "Prints the state, {current_profile, updated_at}, with nulls when the file\n"
	    "does not exist yet; -c as one line; --sh as sh assignments fg_current_profile\n"
	    "and fg_updated_at (\"unknown\" when unset; --sh wins over -c).\n"
	    "Exit: 0 ok, 1 I/O failure, 2 usage error or a state file that is not a\n"
	    "regular file, is empty, holds a NUL or is not an object.\n");
}

static void
usage_set(FILE *f)
{
	fprintf(f,
	    "usage: fg-state set [--mode MODE] [--event-log FILE] [--] STATE_FILE PROFILE\n"
	    "Records PROFILE (UTF-8) as current, with the time (ISO-8601 UTC), atomically\n"
	    "(mode 0644 unless --mode). --event-log then appends a profile_switch event\n"
	    "(result success) to FILE, as fg-state event does: one process records the\n"
	    "switch. FG_ATOMIC_DELAY_MS=N, a test hook, waits N ms before the rename.\n"
	    "Exit: 0 ok, 1 I/O failure (the state is not written, or it is and the event\n"
	    "is not: the message says which), 2 usage error.\n");
}

static void
usage_event(FILE *f)
{
	fprintf(f,
	    "usage: fg-state event --log FILE [--service S] [--profile P] [--provider P]\n"
	    "                      [--result R] [--detail D] [--] EVENT\n"
	    "Appends one JSON line (event, service, profile, provider, result, detail,\n"
	    "timestamp; absent ones null) to the events log (created mode 0600), under a\n"
	    "lock; fields are at most 4096 bytes (invalid UTF-8 becomes U+FFFD); the log\n"
	    "must be a regular file. EVENT is one of profile_switch,\n"
	    "service_start, service_stop, service_restart, oauth_login, auth_import,\n"
	    "bootstrap_download, bootstrap_update, integration_apply, integration_revert,\n"
	    "service_export, service_install, service_uninstall.\n"
	    "Exit: 0 ok, 1 I/O failure, 2 usage error.\n");
}

static void
sh_assign(FILE *f, const char *name, const cJSON *v)
{
	fg_sh_assign(f, name, cJSON_IsString(v) ? v->valuestring : "unknown");
}

static int
write_sh(FILE *f, const void *root, struct fg_err *e)
{
	sh_assign(f, "fg_current_profile", cJSON_GetObjectItemCaseSensitive(root, "current_profile"));
	sh_assign(f, "fg_updated_at", cJSON_GetObjectItemCaseSensitive(root, "updated_at"));
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "show: --sh: write error");
	return 0;
}

/* ---- show ---- */

/* Nulls, for a state file that does not exist yet. */
static cJSON *
no_state(struct fg_err *e)
{
	cJSON *state = cJSON_CreateObject();

	if (state == NULL || cJSON_AddNullToObject(state, "current_profile") == NULL ||
	    cJSON_AddNullToObject(state, "updated_at") == NULL) {
		cJSON_Delete(state);
		fg_err_set(e, FG_ERUNTIME, "show: out of memory");
		return NULL;
	}
	return state;
}

/* The state file, which must be a regular file: a FIFO planted there would
 * hang the read, a folder or a device is not a state. */
static cJSON *
load_state(const char *path, struct fg_err *e)
{
	cJSON *state;
	char *buf;
	size_t len;
	int rc;

	if ((rc = fg_read_regular(path, MAX_STATE, &buf, &len, e)) == 1)
		return no_state(e);
	if (rc != 0)
		return NULL;
	state = yj_load(buf, len, path, NULL, e);
	free(buf);
	if (state == NULL)
		return NULL;
	if (!cJSON_IsObject(state)) {
		cJSON_Delete(state);
		fg_err_set(e, FG_EUSAGE, "%s: the state file must hold a JSON object", path);
		return NULL;
	}
	return state;
}

static int
cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "compact", no_argument, NULL, 'c' },
		{ "sh", no_argument, NULL, 's' },
		FG_END_LONGOPTS,
	};
	struct fg_out out = { NULL, 0600, 0 };
	struct fg_err e = { 0 };
	fg_writer w = NULL;
	cJSON *state;
	int opt, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': out.compact = 1; break;
		case 's': w = write_sh; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(prog, "show", opt, argv);
		}
	}
	if (w == NULL)
		w = fg_json_writer(&out);
	if (argc - optind != 1)
		return fg_usage_error(prog, "show", "expected one STATE_FILE");
	if ((state = load_state(argv[optind], &e)) == NULL) {
		fg_err_print(prog, &e);
		return e.code;
	}
	if ((rc = fg_output(&out, w, state, &e)) != 0)
		fg_err_print(prog, &e);
	cJSON_Delete(state);
	return rc;
}

/* ---- set ---- */

/* The profile_switch event of a recorded state. */
static int
append_switch(const char *log, const char *profile, const char *at)
{
	struct fg_err e = { 0 }, said = { 0 };
	/* The event bears the state's own updated_at, even when the second
	 * turned between the two writes. */
	struct fg_event ev = { "profile_switch", NULL, profile, NULL, "success", NULL, at };

	if (fg_event_append(log, &ev, &e) == 0)
		return 0;
	/* e.msg is escaped already; %s keeps it as it is. */
	fg_err_set(&said, e.code, "set: the state is recorded, but not its event: %s", e.msg);
	fg_err_print(prog, &said);
	return said.code;
}

static int
cmd_set(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "event-log", required_argument, NULL, 'l' },
		FG_END_LONGOPTS,
	};
	struct fg_out out = { NULL, 0644, 0 };
	const char *log = NULL;
	struct fg_err e = { 0 };
	struct stat st;
	char now[32];
	cJSON *state;
	int opt, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		case 'm':
			if (fg_parse_mode(optarg, &out.mode) != 0)
				return fg_usage_error(prog, "set", "--mode: '%s' is not an octal mode",
				    optarg);
			break;
		case 'l': log = optarg; break;
		default: return fg_bad_option(prog, "set", opt, argv);
		}
	}
	if (argc - optind != 2 || argv[optind + 1][0] == '\0')
		return fg_usage_error(prog, "set", "expected STATE_FILE and a non-empty PROFILE");
	/* show could not read it back. */
	if (!fg_utf8_valid(argv[optind + 1]))
		return fg_usage_error(prog, "set", "PROFILE '%s' is not valid UTF-8", argv[optind + 1]);
	if (stat(argv[optind], &st) == 0 && !S_ISREG(st.st_mode))
		return fg_usage_error(prog, "set", "%s: not a regular file", argv[optind]);
	out.path = argv[optind];
	fg_utc_now(now, sizeof now);
	if ((state = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(state, "current_profile", argv[optind + 1]) == NULL ||
	    cJSON_AddStringToObject(state, "updated_at", now) == NULL) {
		cJSON_Delete(state);
		fprintf(stderr, "%s: out of memory\n", prog);
		return FG_ERUNTIME;
	}
	if ((rc = fg_output(&out, fg_json_writer(&out), state, &e)) != 0)
		fg_err_print(prog, &e);
	cJSON_Delete(state);
	if (rc == 0 && log != NULL)
		rc = append_switch(log, argv[optind + 1], now);
	return rc;
}

/* ---- event ---- */

static int
cmd_event(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "log", required_argument, NULL, 'l' },
		{ "service", required_argument, NULL, 0 },
		{ "profile", required_argument, NULL, 1 },
		{ "provider", required_argument, NULL, 2 },
		{ "result", required_argument, NULL, 3 },
		{ "detail", required_argument, NULL, 4 },
		FG_END_LONGOPTS,
	};
	const char *log = NULL, *values[5] = { NULL };
	struct fg_err e = { 0 };
	struct fg_event ev;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (opt == 'h' || opt == 'V')
			return opt == 'h' ? FG_SHOW_HELP : FG_SHOW_VERSION;
		if (opt == 'l') {
			log = optarg;
		} else if (opt >= 0 && opt < 5) {
			if (strlen(optarg) > MAX_FIELD)
				return fg_usage_error(prog, "event", "--%s is longer than %d bytes",
				    fields[opt], MAX_FIELD);
			values[opt] = optarg;
		} else {
			return fg_bad_option(prog, "event", opt, argv);
		}
	}
	if (log == NULL || argc - optind != 1)
		return fg_usage_error(prog, "event", "expected --log FILE and one EVENT");
	if (!fg_event_known(argv[optind]))
		return fg_usage_error(prog, "event", "unknown event '%s'", argv[optind]);
	ev = (struct fg_event){ argv[optind], values[0], values[1], values[2], values[3], values[4], NULL };
	if (fg_event_append(log, &ev, &e) != 0) {
		fg_err_print(prog, &e);
		return e.code;
	}
	return 0;
}

static const struct fg_subcmd commands[] = {
	{ "show", cmd_show, usage_show },
	{ "set", cmd_set, usage_set },
	{ "event", cmd_event, usage_event },
	{ NULL, NULL, NULL },
};

static const struct fg_tool tool = {
	"fg-state", "FlowGate's runtime record: the state file and the events log", commands,
};

int
main(int argc, char **argv)
{
	fg_arena_install();
	return fg_subcmd_main(&tool, argc, argv);
}
