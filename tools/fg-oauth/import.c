/* import.c — fg-oauth import codex: Codex CLI's login (auth.json) as the
 * auth file CLIProxyAPIPlus loads, written whole or not at all. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "jsonread.h"
#include "mkdirs.h"
#include "atomic.h"
#include "commands.h"
#include "err.h"
#include "events.h"
#include "input.h"
#include "jsonwrite.h"
#include "jwt.h"
#include "output.h"
#include "subcmd.h"
#include "utf8.h"

#define SOURCE_MAX ((size_t)1 << 20)
#define DEST_NAME "codex-headless-import.json"
#define FAILED "headless import failed: "
#define EXP_MAX 253402300799.0  /* 9999-12-31T23:59:59Z */

struct import_opts {
	const char *provider, *source, *dest_dir, *events_log;
	int lines;
	struct fg_out out;
	char source_buf[4096], dest[4200];
};

void
usage_import(FILE *f)
{
	fprintf(f,
	    "usage: fg-oauth import codex [--source F] --dest-dir D [--lines] [-c]\n"
	    "                             [--events-log FILE]\n"
	    "Turns Codex CLI's login (F, default $CODEX_HOME/auth.json, else\n"
	    "~/.codex/auth.json) into D/" DEST_NAME ", the auth file\n"
	    "CLIProxyAPIPlus loads (type codex; tokens; account_id, email and expiry from\n"
	    "the tokens), written atomically, mode 0600 (D is created 0700). Prints\n"
	    "{saved_auth, provider, email, account_id, expired} (-c: one line), or\n"
	    "saved_auth=PATH with --lines. The proxy and Codex CLI then share one refresh\n"
	    "token. --events-log appends an auth_import event.\n"
	    "Exit: 0 saved, 1 the source or the folder failed (nothing is written),\n"
	    "2 usage error or a provider other than codex.\n");
}

/* ---- the source ---- */

static const char *
default_source(struct import_opts *o)
{
	const char *home = getenv("CODEX_HOME");
	struct passwd *pw;

	if (home != NULL && home[0] != '\0') {
		snprintf(o->source_buf, sizeof o->source_buf, "%s/auth.json", home);
		return o->source_buf;
	}
	if ((home = getenv("HOME")) == NULL || home[0] == '\0')
		home = (pw = getpwuid(getuid())) != NULL ? pw->pw_dir : "/";
	snprintf(o->source_buf, sizeof o->source_buf, "%s/.codex/auth.json", home);
	return o->source_buf;
}

static cJSON *
load_source(const char *path, struct fg_err *e)
{
	cJSON *doc;
	char *buf;
	size_t len;
	int rc = fg_read_regular(path, SOURCE_MAX, &buf, &len, e);

	if (rc != 0) {
		/* e says why already; the absent file gets the way out too. */
		if (rc == 1)
			fg_err_set(e, FG_ERUNTIME, FAILED "%s: %s (log in with Codex CLI first, or give "
			    "--source)", path, strerror(ENOENT));
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

static const char *
str_of(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) && v->valuestring[0] != '\0' ? v->valuestring : NULL;
}

/* A token's exp claim as RFC 3339 UTC, into buf; 0 when it has none. */
static int
expiry(const cJSON *claims, char *buf, size_t size)
{
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(claims, "exp");
	struct tm tm;
	time_t t;

	if (!cJSON_IsNumber(exp) || !(exp->valuedouble >= 0 && exp->valuedouble <= EXP_MAX))
		return 0;
	t = (time_t)exp->valuedouble;
	if (gmtime_r(&t, &tm) == NULL)
		return 0;
	return strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
}

static int
add_opt(cJSON *o, const char *name, const char *v)
{
	return v == NULL || cJSON_AddStringToObject(o, name, v) != NULL;
}

/* What CLIProxyAPIPlus's codex auth file holds, from Codex CLI's tokens. */
static cJSON *
auth_file(const cJSON *src, const cJSON *tokens, struct fg_err *e)
{
	const char *access = str_of(tokens, "access_token"), *id = str_of(tokens, "id_token");
	cJSON *out = cJSON_CreateObject(), *idc = jwt_claims(id), *acc = jwt_claims(access);
	const char *account = str_of(tokens, "account_id");
	char expired[32];
	int ok;

	if (account == NULL)
		account = str_of(cJSON_GetObjectItemCaseSensitive(idc,
		    "https://api.openai.com/auth"), "chatgpt_account_id");
	ok = out != NULL && add_opt(out, "type", "codex") && add_opt(out, "access_token", access) &&
	    add_opt(out, "refresh_token", str_of(tokens, "refresh_token")) &&
	    add_opt(out, "id_token", id) && add_opt(out, "account_id", account) &&
	    add_opt(out, "email", str_of(idc, "email")) &&
	    add_opt(out, "expired", expiry(acc, expired, sizeof expired) ? expired : NULL) &&
	    add_opt(out, "last_refresh", str_of(src, "last_refresh"));
	cJSON_Delete(idc);
	cJSON_Delete(acc);
	if (!ok) {
		cJSON_Delete(out);
		fg_err_set(e, FG_ERUNTIME, FAILED "out of memory");
		return NULL;
	}
	return out;
}

static cJSON *
convert(const cJSON *src, struct fg_err *e)
{
	const cJSON *tokens = cJSON_GetObjectItemCaseSensitive(src, "tokens");
	const char *missing = NULL;

	if (str_of(tokens, "access_token") == NULL)
		missing = "tokens.access_token";
	else if (str_of(tokens, "refresh_token") == NULL)
		missing = "tokens.refresh_token";
	if (missing != NULL) {
		fg_err_set(e, FG_ERUNTIME, FAILED "Headless auth file missing %s", missing);
		return NULL;
	}
	return auth_file(src, tokens, e);
}

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
summary(const char *dest, const cJSON *doc)
{
	static const char *const copied[] = { "email", "account_id", "expired", NULL };
	cJSON *s = cJSON_CreateObject();
	char *path = fg_utf8_fix(dest);
	const char *v;
	size_t i;
	int ok;

	/* A path is bytes; JSON is UTF-8. */
	ok = s != NULL && path != NULL && cJSON_AddStringToObject(s, "saved_auth", path) != NULL &&
	    cJSON_AddStringToObject(s, "provider", "codex") != NULL;
	for (i = 0; ok && copied[i] != NULL; i++) {
		v = str_of(doc, copied[i]);
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
	const char *path = str_of(arg, "saved_auth");
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
	struct fg_event ev = { "auth_import", NULL, NULL, "codex", ok ? "success" : "failure",
		detail, NULL };
	struct fg_err e = { 0 };

	if (o->events_log != NULL && fg_event_append(o->events_log, &ev, &e) != 0)
		fg_warn(PROG, "events log: %s", e.msg);
}

/* ---- the command ---- */

static int
import_codex(struct import_opts *o, cJSON **result, struct fg_err *e)
{
	cJSON *src, *doc = NULL;
	size_t len = strlen(o->dest_dir);
	int rc;

	if ((src = load_source(o->source, e)) == NULL)
		return e->code;
	if ((doc = convert(src, e)) == NULL) {
		cJSON_Delete(src);
		return e->code;
	}
	while (len > 1 && o->dest_dir[len - 1] == '/')
		len--;
	snprintf(o->dest, sizeof o->dest, "%.*s/" DEST_NAME, (int)len, o->dest_dir);
	if ((rc = make_dest(o->dest_dir, e)) == 0 && (rc = save(o->dest, doc, e)) == 0 &&
	    (*result = summary(o->dest, doc)) == NULL)
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
		return fg_usage_error(PROG, "import", "expected one PROVIDER (codex)");
	o->provider = argv[optind];
	if (strcmp(o->provider, "codex") != 0)
		return fg_usage_error(PROG, NULL, "headless import not supported for provider=%s; "
		    "supported=codex", o->provider);
	if (o->dest_dir == NULL || o->dest_dir[0] == '\0')
		return fg_usage_error(PROG, "import", "--dest-dir D is required");
	if (o->source == NULL)
		o->source = default_source(o);
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
	if ((rc = import_codex(&o, &result, &e)) != 0) {
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
	fprintf(stderr, "%s: notice: CLIProxyAPIPlus and Codex CLI now share one refresh token: "
	    "when the proxy refreshes it, Codex CLI's copy stops working (and the other way "
	    "round); run codex login again to give Codex CLI its own\n", PROG);
	snprintf(detail, sizeof detail, "saved: %s", o.dest);
	log_event(&o, 1, detail);
	return 0;
}
