/* check.c — what a client will really use (its files, then the environment
 * it would see), whether that is the stack, and one request to prove it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <getopt.h>
#include <unistd.h>

#include "jsonread.h"
#include "bodybuf.h"
#include "check.h"
#include "commands.h"
#include "curlapi.h"
#include "http.h"
#include "jsonwrite.h"
#include "output.h"
#include "seconds.h"
#include "shquote.h"

#define MODELS_BODY_MAX ((size_t)4 << 20)

/* Where Claude Code takes its variables from, lowest precedence first: the
 * environment it is started with, then the settings files' "env" objects
 * (user, project, local project, managed), each over the one before. */
enum { SRC_ENV, SRC_USER, SRC_PROJECT, SRC_LOCAL, SRC_MANAGED, NSRC };
static const char *const src_names[NSRC] = { "env", "settings.json", ".claude/settings.json",
	".claude/settings.local.json", "managed-settings.json" };

static const char *const watched[] = { "ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN",
	"ANTHROPIC_API_KEY" };
enum { V_BASE, V_TOKEN, V_KEY, NV };

/* The length of a base URL without its trailing slashes. */
static size_t
unslashed_len(const char *url)
{
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	return n;
}

/* Two base URLs name the same endpoint when they differ by a trailing '/'. */
static int
same_url(const char *a, const char *b)
{
	size_t la = unslashed_len(a);

	return la == unslashed_len(b) && strncmp(a, b, la) == 0;
}

/* base (trailing slashes dropped) followed by path, into buf. */
static void
url_under(const char *base, const char *path, char *buf, size_t size)
{
	snprintf(buf, size, "%.*s%s", (int)unslashed_len(base), base, path);
}

struct sink {
	char *body;
	size_t len, cap;
};

static size_t
keep(char *data, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;

	return fg_body_append(&s->body, &s->len, &s->cap, MODELS_BODY_MAX, data, size * nmemb) == 0 ?
	    size * nmemb : 0;
}

/* GET url with the key as a Bearer token; sets r->reachable and r->models
 * (the length of the answer's "data" list), or r->reason: lib/http's word,
 * or http_NNN, or not_a_model_list, or libcurl_not_loaded. */
static void
request_models(const char *url, const char *key, double timeout, struct check_result *r)
{
	struct fg_http_conf conf = { url, PROG "/" FG_VERSION, (long)(timeout * 1000), 0, 0, NULL };
	struct fg_err e = { 0 };
	const struct curlapi *c = fg_curl_loaded("http", &e);
	struct sink s = { 0 };
	struct curl_slist *hdrs = NULL;
	CURL *h;
	CURLcode rc = CURLE_OUT_OF_MEMORY;
	long status = 0, oserr = 0;
	char auth[KEY_MAX + 32];
	cJSON *doc, *data;

	r->requested = 1;
	if (c == NULL) {
		/* The loader's reason on stderr; the result's word says what. */
		fg_warn(PROG, "%s", e.msg);
		snprintf(r->reason, sizeof r->reason, "libcurl_not_loaded");
		return;
	}
	h = c->easy_init();
	if (key != NULL && *key != '\0') {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
		hdrs = c->slist_append(hdrs, auth);
		explicit_bzero(auth, sizeof auth);
	}
	if (h != NULL && fg_http_setup(c, h, &conf) == CURLE_OK &&
	    c->easy_setopt(h, CURLOPT_HTTPHEADER, hdrs) == CURLE_OK &&
	    c->easy_setopt(h, CURLOPT_WRITEFUNCTION, keep) == CURLE_OK &&
	    c->easy_setopt(h, CURLOPT_WRITEDATA, &s) == CURLE_OK) {
		rc = c->easy_perform(h);
		c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		c->easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
	}
	c->slist_free_all(hdrs);
	if (h != NULL)
		c->easy_cleanup(h);
	if (rc != CURLE_OK)
		snprintf(r->reason, sizeof r->reason, "%s", fg_http_reason(rc, oserr));
	else if (status < 200 || status > 299)
		snprintf(r->reason, sizeof r->reason, "http_%ld", status);
	if (r->reason[0] != '\0') {
		free(s.body);
		return;
	}
	doc = s.body ? jr_parse_outside(s.body, s.len, url, &e) : NULL;
	data = cJSON_GetObjectItemCaseSensitive(doc, "data");
	if (!cJSON_IsArray(data)) {
		snprintf(r->reason, sizeof r->reason, "not_a_model_list");
	} else {
		r->reachable = 1;
		r->models = cJSON_GetArraySize(data);
	}
	cJSON_Delete(doc);
	free(s.body);
}

static void
check_codex(const struct check_opts *o, const struct target *t, struct check_result *r)
{
	struct client_file f;
	struct codex_view v;
	struct fg_err e = { 0 };
	char path[4096], url[URL_MAX + 16];
	const char *key;

	snprintf(r->client, sizeof r->client, "codex");
	snprintf(r->source, sizeof r->source, "none");
	if (client_file_path(CLIENT_CODEX, o->codex_file, path, sizeof path, &e) != 0 ||
	    client_file_load(&f, path, &e) != 0) {
		snprintf(r->state, sizeof r->state, "invalid");
		snprintf(r->detail, sizeof r->detail, "%s", e.msg);
		return;
	}
	if (codex_view(&f, &v, &e) != 0) {
		snprintf(r->state, sizeof r->state, "invalid");
		snprintf(r->detail, sizeof r->detail, "%s", e.msg);
		client_file_free(&f);
		return;
	}
	client_file_free(&f);
	if (v.provider[0] != '\0')
		snprintf(r->source, sizeof r->source, "%s", v.source);
	snprintf(r->base_url, sizeof r->base_url, "%s", v.base_url);
	key = getenv(v.env_key[0] ? v.env_key : t->env_key);
	snprintf(r->key, sizeof r->key, "%s", key != NULL && *key != '\0' ? "present" : "missing");
	if (strcmp(v.provider, "flowgate") == 0 && same_url(v.base_url, t->codex_base))
		snprintf(r->state, sizeof r->state, "wired");
	else if (strcmp(v.top_provider, "flowgate") == 0 && strcmp(v.provider, "flowgate") != 0)
		snprintf(r->state, sizeof r->state, "overridden");
	else
		snprintf(r->state, sizeof r->state, "not_wired");
	if (!o->no_request && r->base_url[0] != '\0') {
		url_under(r->base_url, "/models", url, sizeof url);
		request_models(url, key, o->timeout, r);
	}
}

/* The value of each watched variable in one settings file's env. */
static int
settings_env(const char *path, const char *vals[NV], cJSON **keep, struct fg_err *e)
{
	struct client_file f;
	cJSON *root, *env, *v;
	int i;

	*keep = NULL;
	if (client_file_load(&f, path, e) != 0)
		return -1;
	if (!f.exists) {
		client_file_free(&f);
		return 0;
	}
	root = claude_load(f.text, f.len, path, e);
	client_file_free(&f);
	if (root == NULL)
		return -1;
	env = cJSON_GetObjectItemCaseSensitive(root, "env");
	for (i = 0; i < NV; i++) {
		v = cJSON_GetObjectItemCaseSensitive(env, watched[i]);
		vals[i] = cJSON_IsString(v) ? v->valuestring : NULL;
	}
	*keep = root;
	return 0;
}

int
claude_key_override(const struct check_opts *o, char *where, size_t size, struct fg_err *e)
{
	const char *vals[NV];
	char path[4096];
	cJSON *tree;
	int s, found = 0;

	for (s = SRC_USER; s < NSRC && !found; s++) {
		if (s == SRC_USER && client_file_path(CLIENT_CLAUDE, o->claude_file, path, sizeof path, e) != 0)
			return -1;
		if (s == SRC_PROJECT || s == SRC_LOCAL)
			snprintf(path, sizeof path, "%s/.claude/%s", o->project,
			    s == SRC_PROJECT ? "settings.json" : "settings.local.json");
		if (s == SRC_MANAGED)
			snprintf(path, sizeof path, "%s", o->managed);
		memset(vals, 0, sizeof vals);
		if (settings_env(path, vals, &tree, e) != 0)
			return -1;
		if ((vals[V_TOKEN] != NULL && *vals[V_TOKEN]) || (vals[V_KEY] != NULL && *vals[V_KEY])) {
			snprintf(where, size, "%s sets %s", path,
			    vals[V_KEY] != NULL && *vals[V_KEY] ? watched[V_KEY] : watched[V_TOKEN]);
			found = 1;
		}
		cJSON_Delete(tree);
	}
	return found;
}

static void
check_claude(const struct check_opts *o, const struct target *t, struct check_result *r)
{
	const char *vals[NSRC][NV] = { { NULL } }, *eff[NV] = { NULL };
	int from[NV] = { -1, -1, -1 }, s, i, ours_below = 0;
	cJSON *trees[NSRC] = { NULL };
	char paths[NSRC][4096], url[URL_MAX + 16];
	struct fg_err e = { 0 };

	snprintf(r->client, sizeof r->client, "claude-code");
	for (i = 0; i < NV; i++)
		vals[SRC_ENV][i] = getenv(watched[i]);
	if (client_file_path(CLIENT_CLAUDE, o->claude_file, paths[SRC_USER], sizeof paths[0], &e) != 0) {
		snprintf(r->state, sizeof r->state, "invalid");
		snprintf(r->detail, sizeof r->detail, "%s", e.msg);
		return;
	}
	snprintf(paths[SRC_PROJECT], sizeof paths[0], "%s/.claude/settings.json", o->project);
	snprintf(paths[SRC_LOCAL], sizeof paths[0], "%s/.claude/settings.local.json", o->project);
	snprintf(paths[SRC_MANAGED], sizeof paths[0], "%s", o->managed);
	for (s = SRC_USER; s < NSRC; s++) {
		if (settings_env(paths[s], vals[s], &trees[s], &e) != 0) {
			snprintf(r->state, sizeof r->state, "invalid");
			snprintf(r->detail, sizeof r->detail, "%s", e.msg);
			goto out;
		}
	}
	for (s = 0; s < NSRC; s++)
		for (i = 0; i < NV; i++)
			if (vals[s][i] != NULL && *vals[s][i] != '\0') {
				eff[i] = vals[s][i];
				from[i] = s;
			}
	/* Ours set somewhere a higher source overrides. */
	for (s = 0; s < from[V_BASE]; s++)
		ours_below |= vals[s][V_BASE] != NULL && same_url(vals[s][V_BASE], t->base);
	snprintf(r->source, sizeof r->source, "%s", from[V_BASE] >= 0 ? src_names[from[V_BASE]] : "none");
	snprintf(r->base_url, sizeof r->base_url, "%s", eff[V_BASE] ? eff[V_BASE] : "");
	snprintf(r->key, sizeof r->key, "%s", eff[V_TOKEN] && eff[V_KEY] ? "conflict" :
	    eff[V_TOKEN] || eff[V_KEY] ? "present" : "missing");
	if (eff[V_BASE] != NULL && same_url(eff[V_BASE], t->base))
		snprintf(r->state, sizeof r->state, "%s", strcmp(r->key, "conflict") == 0 ? "key_conflict" : "wired");
	else if (ours_below)
		snprintf(r->state, sizeof r->state, "overridden");
	else
		snprintf(r->state, sizeof r->state, "not_wired");
	if (strcmp(r->key, "conflict") == 0)
		snprintf(r->detail, sizeof r->detail, "ANTHROPIC_AUTH_TOKEN from %s and ANTHROPIC_API_KEY from %s",
		    src_names[from[V_TOKEN]], src_names[from[V_KEY]]);
	if (!o->no_request && r->base_url[0] != '\0') {
		url_under(r->base_url, "/v1/models", url, sizeof url);
		request_models(url, eff[V_TOKEN] ? eff[V_TOKEN] : eff[V_KEY], o->timeout, r);
	}
out:
	for (s = 0; s < NSRC; s++)
		cJSON_Delete(trees[s]);
}

void
check_client(const struct check_opts *o, const struct target *t, enum client c, struct check_result *r)
{
	memset(r, 0, sizeof *r);
	if (c == CLIENT_CODEX)
		check_codex(o, t, r);
	else
		check_claude(o, t, r);
	r->ok = strcmp(r->state, "wired") == 0 && strcmp(r->key, "present") == 0 &&
	    (o->no_request || r->reachable);
}

void
check_print_sh(FILE *f, const struct check_result *r)
{
	char name[64], var[128], models[32];
	size_t i;

	snprintf(name, sizeof name, "%s", r->client);
	for (i = 0; name[i]; i++)
		if (name[i] == '-')
			name[i] = '_';
#define ASSIGN(field, value) \
	do { \
		snprintf(var, sizeof var, "fg_%s_%s", name, field); \
		fg_sh_assign(f, var, value); \
	} while (0)
	ASSIGN("state", r->state);
	ASSIGN("base_url", r->base_url);
	ASSIGN("source", r->source);
	ASSIGN("key", r->key);
	ASSIGN("reach", r->reachable ? "reachable" : r->requested ? "unreachable" : "skipped");
	ASSIGN("reason", r->reason);
	snprintf(models, sizeof models, "%d", r->models);
	ASSIGN("models", r->reachable ? models : "");
	ASSIGN("detail", r->detail);
#undef ASSIGN
}

cJSON *
check_json(const struct check_result *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "state", r->state);
	cJSON_AddItemToObject(o, "base_url", r->base_url[0] ? cJSON_CreateString(r->base_url) : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "source", r->source[0] ? r->source : "none");
	cJSON_AddStringToObject(o, "key", r->key);
	cJSON_AddItemToObject(o, "reachable", r->requested ? cJSON_CreateBool(r->reachable) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "models", r->reachable ? cJSON_CreateNumber(r->models) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "reason", r->reason[0] ? cJSON_CreateString(r->reason) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "detail", r->detail[0] ? cJSON_CreateString(r->detail) : cJSON_CreateNull());
	cJSON_AddBoolToObject(o, "ok", r->ok);
	return o;
}

/* ---- the check subcommand ---- */

#ifdef __APPLE__
#define MANAGED_SETTINGS "/Library/Application Support/ClaudeCode/managed-settings.json"
#else
#define MANAGED_SETTINGS "/etc/claude-code/managed-settings.json"
#endif

void
usage_check(FILE *f)
{
	fprintf(f,
	    "usage: fg-client check [-c | --sh] [--timeout S] [--no-request] [--codex-file F]\n"
	    "                       [--claude-file F] [--project DIR] [--managed F]\n"
	    "                       [--] codex|claude-code|all [CONFIG]\n"
	    "Says what each client will really use and whether that is the stack (the\n"
	    "normalized CONFIG, stdin when absent or -). codex: config.toml's model_provider\n"
	    "(a legacy profile's wins), that provider's base_url, and its env_key in this\n"
	    "environment. claude-code: ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN and\n"
	    "ANTHROPIC_API_KEY from this environment, then the \"env\" of ~/.claude/settings.json,\n"
	    "DIR/.claude/settings.json, DIR/.claude/settings.local.json and the managed\n"
	    "settings (F), each over the one before (DIR: the current folder). state: wired,\n"
	    "overridden (ours is set, but a later source wins), not_wired, key_conflict\n"
	    "(a token and a key both set), invalid (a file cannot be read). Then one GET of\n"
	    "BASE/v1/models with the key as a Bearer token (S seconds, default 5): models is\n"
	    "the length of its data list, or reason one token (connection_refused, timeout,\n"
	    "http_NNN, not_a_model_list, ...). Prints {ok, clients: {NAME: {state, base_url,\n"
	    "source, key, reachable, models, reason, detail, ok}}}, or with --sh fg_ok and\n"
	    "fg_NAME_{state,base_url,source,key,reach,reason,detail} (NAME codex, claude_code).\n"
	    "Exit: 0 every client named is wired, has its key and answers; 1 otherwise;\n"
	    "2 usage or config error.\n");
}

void
check_opts_default(struct check_opts *o, char *cwd, size_t size)
{
	memset(o, 0, sizeof *o);
	o->timeout = 5;
	if (getcwd(cwd, size) == NULL)
		snprintf(cwd, size, ".");
	o->project = cwd;
	o->managed = MANAGED_SETTINGS;
}

struct report {
	struct check_result r[2];
	int n, compact, sh;
};

static int
write_report(FILE *f, const void *arg, struct fg_err *e)
{
	const struct report *rep = arg;
	cJSON *doc, *clients;
	int i, ok = 1, rc;

	for (i = 0; i < rep->n; i++)
		ok &= rep->r[i].ok;
	if (rep->sh) {
		fg_sh_assign(f, "fg_ok", ok ? "yes" : "no");
		for (i = 0; i < rep->n; i++)
			check_print_sh(f, &rep->r[i]);
		return ferror(f) ? fg_err_set(e, FG_ERUNTIME, "check: write error") : 0;
	}
	doc = cJSON_CreateObject();
	cJSON_AddBoolToObject(doc, "ok", ok);
	clients = cJSON_AddObjectToObject(doc, "clients");
	for (i = 0; i < rep->n; i++)
		cJSON_AddItemToObject(clients, rep->r[i].client, check_json(&rep->r[i]));
	rc = fg_json_write(f, doc, !rep->compact) != 0;
	cJSON_Delete(doc);
	return rc ? fg_err_set(e, FG_ERUNTIME, "check: write error") : 0;
}

int
cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "compact", no_argument, NULL, 'c' },
		{ "sh", no_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "no-request", no_argument, NULL, 'n' },
		{ "codex-file", required_argument, NULL, 'x' },
		{ "claude-file", required_argument, NULL, 'l' },
		{ "project", required_argument, NULL, 'p' },
		{ "managed", required_argument, NULL, 'm' },
		FG_END_LONGOPTS,
	};
	struct check_opts o;
	struct report rep = { 0 };
	struct fg_out out = { NULL, 0600, 0 };
	struct target t;
	struct fg_err e = { 0 };
	char cwd[4096];
	enum client c = CLIENT_CODEX;
	long ms;
	int opt, all, rc;

	check_opts_default(&o, cwd, sizeof cwd);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': rep.compact = 1; break;
		case 's': rep.sh = 1; break;
		case 'n': o.no_request = 1; break;
		case 'x': o.codex_file = optarg; break;
		case 'l': o.claude_file = optarg; break;
		case 'p': o.project = optarg; break;
		case 'm': o.managed = optarg; break;
		case 't':
			if (fg_parse_seconds(optarg, 1, 600, &ms) != 0)
				return fg_usage_error(PROG, "check", "--timeout: '%s' is not seconds above 0 and at most 600",
				    optarg);
			o.timeout = ms / 1000.0;
			break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(PROG, "check", opt, argv);
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return fg_usage_error(PROG, "check", "expected codex, claude-code or all, then CONFIG");
	all = strcmp(argv[optind], "all") == 0;
	if (!all && client_parse(argv[optind], &c) != 0)
		return fg_usage_error(PROG, "check", "unknown client '%s' (codex, claude-code, all)",
		    argv[optind]);
	if (config_load(argv[optind + 1], -1, &t, &e) != 0) {
		fg_err_print(PROG, &e);
		return e.code;
	}
	if (all || c == CLIENT_CODEX)
		check_client(&o, &t, CLIENT_CODEX, &rep.r[rep.n++]);
	if (all || c == CLIENT_CLAUDE)
		check_client(&o, &t, CLIENT_CLAUDE, &rep.r[rep.n++]);
	if ((rc = fg_output(&out, write_report, &rep, &e)) != 0) {
		fg_err_print(PROG, &e);
		return rc;
	}
	for (rc = 0; rc < rep.n; rc++)
		if (!rep.r[rc].ok)
			return FG_ERUNTIME;
	return 0;
}
