/* import.c — fg-oauth import codex|kiro: another tool's login as the auth
 * file CLIProxyAPIPlus loads, written whole or not at all, its tokens never
 * printed. What each provider's file holds is in import_PROVIDER.c. */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "jsonread.h"
#include "mkdirs.h"
#include "atomic.h"
#include "commands.h"
#include "err.h"
#include "events.h"
#include "import.h"
#include "input.h"
#include "jsonwrite.h"
#include "output.h"
#include "subcmd.h"
#include "utf8.h"

#define SOURCE_MAX ((size_t)1 << 20)
#define FAILED IMPORT_FAILED

static const struct importer *const importers[] = { &import_codex, &import_kiro, NULL };

struct import_opts {
	const struct importer *imp;
	const char *source, *dest_dir, *events_log;
	int lines;
	struct fg_out out;
	char source_buf[4096], dest[4200];
};

void
usage_import(FILE *f)
{
	fprintf(f,
	    "usage: fg-oauth import codex|kiro [--source F] --dest-dir D [--lines] [-c]\n"
	    "                                  [--events-log FILE]\n"
	    "Turns another tool's login into the auth file CLIProxyAPIPlus loads, written\n"
	    "atomically, mode 0600 (D is created 0700):\n"
	    "codex: Codex CLI's (F, default $CODEX_HOME/auth.json, else ~/.codex/auth.json)\n"
	    "into D/codex-headless-import.json (type codex; tokens; account_id, email and\n"
	    "expiry from the tokens); prints {saved_auth, provider, email, account_id,\n"
	    "expired}.\n"
	    "kiro: Kiro's (F, default ~/.kiro/kiro-auth-token.json, else\n"
	    "~/.aws/sso/cache/kiro-auth-token.json) into D/kiro-headless-import.json (type\n"
	    "kiro; tokens, profile_arn, expires_at, auth_method, provider, email);\n"
	    "prints {saved_auth, provider, email, auth_method, expires_at}.\n"
	    "-c: one line; --lines: saved_auth=PATH. The proxy and the tool then share one\n"
	    "refresh token. --events-log appends an auth_import event.\n"
	    "Exit: 0 saved, 1 the source or the folder failed (nothing is written),\n"
	    "2 usage error or another provider.\n");
}

const char *
import_home(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home == NULL || home[0] == '\0')
		home = (pw = getpwuid(getuid())) != NULL ? pw->pw_dir : "/";
	return home;
}

const char *
import_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) && v->valuestring[0] != '\0' ? v->valuestring : NULL;
}

int
import_add(cJSON *o, const char *name, const char *v)
{
	return v == NULL || cJSON_AddStringToObject(o, name, v) != NULL;
}

/* ---- the source ---- */

static cJSON *
load_source(const struct importer *imp, const char *path, struct fg_err *e)
{
	cJSON *doc;
	char *buf;
	size_t len;
	int rc = fg_read_regular(path, SOURCE_MAX, &buf, &len, e);

	if (rc != 0) {
		/* e says why already; the absent file gets the way out too. */
		if (rc == 1)
			fg_err_set(e, FG_ERUNTIME, FAILED "%s: %s (%s)", path, strerror(ENOENT),
			    imp->missing_hint);
		else
			fg_err_set(e, FG_ERUNTIME, FAILED "%s", e->msg);
		return NULL;
	}
	/* JSON is UTF-8: tokens in any other encoding would not survive the copy. */
	doc = jr_parse_outside(buf, len, path, e);
	explicit_bzero(buf, len);
	free(buf);
	if (doc == NULL)
		fg_err_set(e, FG_ERUNTIME, FAILED "%s: not JSON", path);
	else if (!cJSON_IsObject(doc))
		fg_err_set(e, FG_ERUNTIME, FAILED "%s: not a JSON object", path);
	else
		return doc;
	cJSON_Delete(doc);
	return NULL;
}

/* ---- the auth file ---- */

/* The auth folder, made 0700 where missing; its error as import's. */
static int
make_dest(const char *dir, struct fg_err *e)
{
	if (fg_mkdirs(dir, e) != 0)
		return fg_err_set(e, e->code, FAILED "%s", e->msg);
	return 0;
}

static int
save(const char *dest, const cJSON *doc, struct fg_err *e)
{
	struct fg_atomic a;

	if (fg_atomic_open(&a, dest, e) != 0)
		return fg_err_set(e, FG_ERUNTIME, FAILED "%s", e->msg);
	if (fg_json_write(a.f, doc, 1) != 0) {
		fg_atomic_abort(&a);
		return fg_err_set(e, FG_ERUNTIME, FAILED "%s: write error", dest);
	}
	if (fg_atomic_commit(&a, 0600, e) != 0)
		return fg_err_set(e, FG_ERUNTIME, FAILED "%s", e->msg);
	return 0;
}

/* ---- what it prints ---- */

static cJSON *
summary(const struct importer *imp, const char *dest, const cJSON *doc)
{
	const char *const *copied = imp->shown;
	cJSON *s = cJSON_CreateObject();
	char *path = fg_utf8_fix(dest);
	const char *v;
	size_t i;
	int ok;

	/* A path is bytes; JSON is UTF-8. */
	ok = s != NULL && path != NULL && cJSON_AddStringToObject(s, "saved_auth", path) != NULL &&
	    cJSON_AddStringToObject(s, "provider", imp->provider) != NULL;
	for (i = 0; ok && copied[i] != NULL; i++) {
		v = import_str(doc, copied[i]);
		ok = (v ? cJSON_AddStringToObject(s, copied[i], v)
		    : cJSON_AddNullToObject(s, copied[i])) != NULL;
	}
	free(path);
	if (!ok) {
		cJSON_Delete(s);
		return NULL;
	}
	return s;
}

/* saved_auth=PATH, control bytes escaped: one line whatever the path holds. */
static int
write_lines(FILE *f, const void *arg, struct fg_err *e)
{
	const char *path = import_str(arg, "saved_auth");
	char esc[4 * 4200 + 1];

	fg_escape_controls(esc, sizeof esc, path);
	fprintf(f, "saved_auth=%s\n", esc);
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "import: write error");
	return 0;
}

static void
log_event(const struct import_opts *o, int ok, const char *detail)
{
	struct fg_event ev = { "auth_import", NULL, NULL, o->imp->provider,
		ok ? "success" : "failure", detail, NULL };
	struct fg_err e = { 0 };

	if (o->events_log != NULL && fg_event_append(o->events_log, &ev, &e) != 0)
		fg_warn(PROG, "events log: %s", e.msg);
}

/* ---- the command ---- */

static int
import_login(struct import_opts *o, cJSON **result, struct fg_err *e)
{
	cJSON *src, *doc = NULL;
	size_t len = strlen(o->dest_dir);
	int rc;

	if ((src = load_source(o->imp, o->source, e)) == NULL)
		return e->code;
	if ((doc = o->imp->convert(src, e)) == NULL) {
		cJSON_Delete(src);
		return e->code;
	}
	while (len > 1 && o->dest_dir[len - 1] == '/')
		len--;
	snprintf(o->dest, sizeof o->dest, "%.*s/%s", (int)len, o->dest_dir, o->imp->dest_name);
	if ((rc = make_dest(o->dest_dir, e)) == 0 && (rc = save(o->dest, doc, e)) == 0 &&
	    (*result = summary(o->imp, o->dest, doc)) == NULL)
		rc = fg_err_set(e, FG_ERUNTIME, "import: out of memory");
	cJSON_Delete(src);
	cJSON_Delete(doc);
	return rc;
}

static int
import_parse(int argc, char **argv, struct import_opts *o)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "dest-dir", required_argument, NULL, 'd' },
		{ "lines", no_argument, NULL, 'L' },
		{ "events-log", required_argument, NULL, 'e' },
		{ "compact", no_argument, NULL, 'c' },
		FG_END_LONGOPTS,
	};
	size_t i;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 's': o->source = optarg; break;
		case 'd': o->dest_dir = optarg; break;
		case 'L': o->lines = 1; break;
		case 'e': o->events_log = optarg; break;
		case 'c': o->out.compact = 1; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(PROG, "import", opt, argv);
		}
	}
	if (argc - optind != 1)
		return fg_usage_error(PROG, "import", "expected one PROVIDER (codex, kiro)");
	for (i = 0; importers[i] != NULL && o->imp == NULL; i++)
		if (strcmp(argv[optind], importers[i]->provider) == 0)
			o->imp = importers[i];
	if (o->imp == NULL)
		return fg_usage_error(PROG, NULL, "headless import not supported for provider=%s; "
		    "supported=codex,kiro", argv[optind]);
	if (o->dest_dir == NULL || o->dest_dir[0] == '\0')
		return fg_usage_error(PROG, "import", "--dest-dir D is required");
	if (o->source == NULL)
		o->source = o->imp->default_source(o->source_buf, sizeof o->source_buf);
	return 0;
}

int
cmd_import(int argc, char **argv)
{
	struct import_opts o = { 0 };
	struct fg_err e = { 0 };
	cJSON *result = NULL;
	char detail[4300];
	int rc;

	o.out.mode = 0600;
	if ((rc = import_parse(argc, argv, &o)) != 0)
		return rc;
	if ((rc = import_login(&o, &result, &e)) != 0) {
		fg_err_print(PROG, &e);
		log_event(&o, 0, e.msg);
		return rc;
	}
	rc = fg_output(&o.out, o.lines ? write_lines : fg_json_writer(&o.out), result, &e);
	cJSON_Delete(result);
	if (rc != 0) {
		fg_err_print(PROG, &e);
		return rc;
	}
	fprintf(stderr, "%s: notice: %s\n", PROG, o.imp->notice);
	snprintf(detail, sizeof detail, "saved: %s", o.dest);
	log_event(&o, 1, detail);
	return 0;
}
