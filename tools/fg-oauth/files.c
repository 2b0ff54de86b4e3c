/* files.c — fg-oauth files and fg-oauth usage: CLIProxyAPIPlus's accounts
 * (list, delete, disable, enable) and its request statistics, through the
 * management API. No token is ever printed: a listing carries only the
 * names the proxy shows, and the statistics' API keys become a fingerprint. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "authfiles.h"
#include "commands.h"
#include "err.h"
#include "key.h"
#include "mgmt.h"
#include "output.h"
#include "request.h"
#include "sig.h"
#include "subcmd.h"

#define CALL_MS 15000L
#define NAME_MAX_LEN 255

void
usage_files(FILE *f)
{
	fprintf(f,
	    "usage: fg-oauth files --base URL [--key-file F] [-c | --lines] list\n"
	    "       fg-oauth files --base URL [--key-file F] [-c | --lines] delete|disable|enable NAME\n"
	    "The accounts CLIProxyAPIPlus at URL holds (GET /v0/management/auth-files):\n"
	    "list prints {files: [{name, type, email, disabled, status}]} (never a token);\n"
	    "delete removes NAME (DELETE ?name=), disable and enable set its state (PATCH\n"
	    "/v0/management/auth-files/status {name, disabled}), each printing\n"
	    "{action, name, result}. NAME must be listed first; a proxy without the\n"
	    "status route (older versions) is told apart. --lines: auth:file name=N\n"
	    "type=T email=E disabled=yes|no status=S per file, or auth:file_deleted\n"
	    "(file_disabled, file_enabled) name=N. The key: $CLIPROXY_MANAGEMENT_KEY,\n"
	    "else the content of F (mode 0600).\n"
	    "Exit: 0 done, 1 failed (one line on stderr, with a hint), 2 usage or key error.\n");
}

void
usage_usage(FILE *f)
{
	fprintf(f,
	    "usage: fg-oauth usage --base URL [--key-file F] [-c | --lines]\n"
	    "CLIProxyAPIPlus's request statistics (GET /v0/management/usage, and whether\n"
	    "they are kept: /v0/management/usage-statistics-enabled): {enabled,\n"
	    "total_requests, success, failed, total_tokens, keys: [{key_id, total_requests,\n"
	    "total_tokens, models: [{model, requests, tokens, input_tokens, output_tokens,\n"
	    "failed}]}]}, keys and models sorted. A key is shown only as key_id, sha256:\n"
	    "and the first 12 hex digits of its SHA-256 (printf %%s KEY | sha256sum).\n"
	    "--lines: usage:statistics enabled=yes|no, usage:total requests=N success=N\n"
	    "failed=N tokens=N, then usage:key id=ID model=M requests=N tokens=N\n"
	    "input_tokens=N output_tokens=N failed=N. A proxy without /usage is one line,\n"
	    "exit 1.\n"
	    "Exit: 0 done, 1 failed (one line on stderr, with a hint), 2 usage or key error.\n");
}

struct files_opts {
	const char *cmd;
	const char *key_file;
	char base[2048];
	int lines;
	struct fg_out out;
};

/* The options both commands take; *first is the first operand. */
static int
parse(int argc, char **argv, struct files_opts *o, int *first)
{
	static const struct option opts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "lines", no_argument, NULL, 'L' },
		{ "compact", no_argument, NULL, 'c' },
		FG_END_LONGOPTS,
	};
	const char *base = NULL;
	int opt, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'b': base = optarg; break;
		case 'k': o->key_file = optarg; break;
		case 'L': o->lines = 1; break;
		case 'c': o->out.compact = 1; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(PROG, o->cmd, opt, argv);
		}
	}
	if (base == NULL)
		return fg_usage_error(PROG, o->cmd, "--base URL is required");
	if ((rc = mgmt_base(o->cmd, base, o->base, sizeof o->base)) != 0)
		return rc;
	*first = optind;
	return 0;
}

/* Loads the key and libcurl; 0, or the exit code after the one line. */
static int
connect_mgmt(const struct files_opts *o, struct mgmt *m, char **key)
{
	struct key_src src = { .cmd = o->cmd, .file = o->key_file };
	struct fg_err e = { 0 };

	*key = NULL;
	if (key_load(&src, key, &e) != 0 || sig_setup(&e) != 0 || http_init(&e) != 0) {
		key_free(*key);
		*key = NULL;
		fg_err_print(PROG, &e);
		return e.code;
	}
	m->base = o->base;
	m->key = *key;
	m->key_source = src.name;
	return 0;
}

static int
failed(const char *error, const char *hint)
{
	char er[1024], hi[1024];

	fg_escape_controls(er, sizeof er, error);
	fg_escape_controls(hi, sizeof hi, hint);
	fprintf(stderr, "%s: %s hint=%s\n", PROG, er, hi);
	return FG_ERUNTIME;
}

static int
reply_failed(const struct mgmt_reply *r)
{
	if (r->outcome == MGMT_INTERRUPTED)
		return 130;
	return failed(r->error, r->hint);
}

/* A value for a key=value line: control bytes escaped, spaces as '_'. */
static void
line_value(char *dst, size_t size, const char *v)
{
	char *p;

	fg_escape_controls(dst, size, v != NULL ? v : "");
	for (p = dst; *p; p++)
		if (*p == ' ')
			*p = '_';
}

static int
emit(const struct files_opts *o, cJSON *doc)
{
	struct fg_err e = { 0 };
	int rc = fg_output(&o->out, fg_json_writer(&o->out), doc, &e);

	if (rc != 0)
		fg_err_print(PROG, &e);
	return rc;
}

/* ---- files ---- */

static const char *
str_or(const cJSON *obj, const char *name, const char *dflt)
{
	const char *s = json_str(obj, name);

	return s != NULL ? s : dflt;
}

static int
is_disabled(const cJSON *f)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "disabled")) ||
	    strcmp(str_or(f, "status", ""), "disabled") == 0;
}

/* Only what a listing may show: no token, whatever the proxy sends. */
static cJSON *
safe_entry(const cJSON *f)
{
	cJSON *o = cJSON_CreateObject();
	const char *type = json_str(f, "type");

	if (type == NULL)
		type = json_str(f, "provider");
	if (o == NULL || cJSON_AddStringToObject(o, "name", str_or(f, "name", "")) == NULL ||
	    (type ? cJSON_AddStringToObject(o, "type", type) : cJSON_AddNullToObject(o, "type")) == NULL ||
	    (json_str(f, "email") ? cJSON_AddStringToObject(o, "email", json_str(f, "email"))
		: cJSON_AddNullToObject(o, "email")) == NULL ||
	    cJSON_AddBoolToObject(o, "disabled", is_disabled(f)) == NULL ||
	    (json_str(f, "status") ? cJSON_AddStringToObject(o, "status", json_str(f, "status"))
		: cJSON_AddNullToObject(o, "status")) == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int
print_list(const struct files_opts *o, const cJSON *files)
{
	const cJSON *f;
	cJSON *doc, *arr, *one;
	char name[600], type[300], email[600], status[300];
	int rc;

	if (o->lines) {
		cJSON_ArrayForEach(f, files) {
			line_value(name, sizeof name, json_str(f, "name"));
			line_value(type, sizeof type, json_str(f, "type") ? json_str(f, "type")
			    : json_str(f, "provider"));
			line_value(email, sizeof email, json_str(f, "email"));
			line_value(status, sizeof status, json_str(f, "status"));
			printf("auth:file name=%s type=%s email=%s disabled=%s status=%s\n", name, type,
			    email, is_disabled(f) ? "yes" : "no", status[0] ? status : "unknown");
		}
		return fflush(stdout) == 0 ? 0 : FG_ERUNTIME;
	}
	if ((doc = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(doc, "files")) == NULL) {
		cJSON_Delete(doc);
		return failed("files: out of memory", "");
	}
	cJSON_ArrayForEach(f, files) {
		if ((one = safe_entry(f)) == NULL) {
			cJSON_Delete(doc);
			return failed("files: out of memory", "");
		}
		cJSON_AddItemToArray(arr, one);
	}
	rc = emit(o, doc);
	cJSON_Delete(doc);
	return rc;
}

static int
plain_file_name(const char *s)
{
	size_t len = strlen(s), i;

	if (len < 6 || len > NAME_MAX_LEN || strcmp(s + len - 5, ".json") != 0 || s[0] == '.')
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '/' || s[i] == '\\')
			return 0;
	return 1;
}

static const cJSON *
listed(const cJSON *files, const char *name)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, files) {
		const char *n = json_str(f, "name");

		if (n != NULL && strcmp(n, name) == 0)
			return f;
	}
	return NULL;
}

static int
print_done(const struct files_opts *o, const char *action, const char *name, const char *result)
{
	cJSON *doc;
	char n[600];
	int rc;

	if (o->lines) {
		line_value(n, sizeof n, name);
		printf("auth:file_%s name=%s\n", result, n);
		return fflush(stdout) == 0 ? 0 : FG_ERUNTIME;
	}
	if ((doc = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(doc, "action", action) == NULL ||
	    cJSON_AddStringToObject(doc, "name", name) == NULL ||
	    cJSON_AddStringToObject(doc, "result", result) == NULL) {
		cJSON_Delete(doc);
		return failed("files: out of memory", "");
	}
	rc = emit(o, doc);
	cJSON_Delete(doc);
	return rc;
}

/* delete, disable or enable NAME, once the listing shows it. */
static int
change(const struct files_opts *o, const struct mgmt *m, const cJSON *files,
    const char *action, const char *name)
{
	struct mgmt_reply r;
	char error[MGMT_TEXT + 600], *esc, *query;
	const char *result;
	cJSON *body;
	int disable = strcmp(action, "disable") == 0;

	if (listed(files, name) == NULL) {
		snprintf(error, sizeof error, "files: %s: CLIProxyAPIPlus has no auth file '%s'",
		    action, name);
		return failed(error, "flowgate auth files list shows the names it has");
	}
	if (strcmp(action, "delete") == 0) {
		if ((esc = http_escape(name)) == NULL ||
		    (query = malloc(strlen(esc) + 6)) == NULL) {
			free(esc);
			return failed("files: out of memory", "");
		}
		snprintf(query, strlen(esc) + 6, "name=%s", esc);
		mgmt_call(m, "DELETE", MGMT_PREFIX "/auth-files", query, NULL, CALL_MS, 1, &r);
		free(esc);
		free(query);
		result = "deleted";
	} else {
		if ((body = cJSON_CreateObject()) == NULL ||
		    cJSON_AddStringToObject(body, "name", name) == NULL ||
		    cJSON_AddBoolToObject(body, "disabled", disable) == NULL) {
			cJSON_Delete(body);
			return failed("files: out of memory", "");
		}
		mgmt_call(m, "PATCH", MGMT_PREFIX "/auth-files/status", NULL, body, CALL_MS, 1, &r);
		cJSON_Delete(body);
		result = disable ? "disabled" : "enabled";
	}
	mgmt_reply_free(&r);
	/* The listing answered with this key: a 404 now is the file gone
	 * meanwhile, or (PATCH) a proxy older than the status route. */
	if (r.outcome != MGMT_OK && r.status == 404) {
		if (strcmp(action, "delete") == 0) {
			snprintf(error, sizeof error, "files: delete: CLIProxyAPIPlus has no auth file "
			    "'%s' any more", name);
			return failed(error, "flowgate auth files list shows the names it has");
		}
		snprintf(error, sizeof error, "files: %s: this CLIProxyAPIPlus cannot %s an account "
		    "(no PATCH " MGMT_PREFIX "/auth-files/status: 404)", action, action);
		return failed(error, "a newer CLIProxyAPIPlus has it: flowgate bootstrap download "
		    "--cliproxy-version latest, or delete the account instead");
	}
	if (r.outcome != MGMT_OK)
		return reply_failed(&r);
	return print_done(o, action, name, result);
}

int
cmd_files(int argc, char **argv)
{
	struct files_opts o = { .cmd = "files" };
	struct mgmt m;
	struct mgmt_reply r;
	cJSON *files = NULL;
	const char *action, *name = NULL;
	char *key;
	int first, rc, n;

	if ((rc = parse(argc, argv, &o, &first)) != 0)
		return rc;
	n = argc - first;
	if (n < 1)
		return fg_usage_error(PROG, "files", "expected list, delete, disable or enable");
	action = argv[first];
	if (strcmp(action, "list") == 0) {
		if (n != 1)
			return fg_usage_error(PROG, "files", "list takes no NAME");
	} else if (strcmp(action, "delete") == 0 || strcmp(action, "disable") == 0 ||
	    strcmp(action, "enable") == 0) {
		if (n != 2)
			return fg_usage_error(PROG, "files", "%s needs one NAME", action);
		name = argv[first + 1];
		if (!plain_file_name(name))
			return fg_usage_error(PROG, "files", "%s '%s': an auth file name ends in .json "
			    "and has no '/' or control character", action, name);
	} else {
		return fg_usage_error(PROG, "files", "unknown action '%s' (list, delete, disable, "
		    "enable)", action);
	}
	if ((rc = connect_mgmt(&o, &m, &key)) != 0)
		return rc;
	authfiles_list(&m, CALL_MS, 1, &files, &r);
	if (r.outcome != MGMT_OK)
		rc = reply_failed(&r);
	else if (name == NULL)
		rc = print_list(&o, files);
	else
		rc = change(&o, &m, files, action, name);
	mgmt_reply_free(&r);
	cJSON_Delete(files);
	key_free(key);
	return rc;
}

/* ---- usage ---- */

/* sha256: and the first 12 hex digits of the key's SHA-256. */
static int
key_id(const char *key, char out[20])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	int i;

	if (EVP_Digest(key, strlen(key), md, &len, EVP_sha256(), NULL) != 1 || len < 6)
		return -1;
	memcpy(out, "sha256:", 7);
	for (i = 0; i < 6; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
	return 0;
}

static double
num(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static int
by_string(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcmp(x->string, y->string);
}

/* The members of obj sorted by name, in *v (free it); -1 when out of memory. */
static int
sorted_members(const cJSON *obj, const cJSON ***v, int *n)
{
	const cJSON *c;
	int i = 0;

	*n = cJSON_IsObject(obj) ? cJSON_GetArraySize(obj) : 0;
	*v = NULL;
	if (*n == 0)
		return 0;
	if ((*v = calloc((size_t)*n, sizeof **v)) == NULL)
		return -1;
	cJSON_ArrayForEach(c, obj)
		(*v)[i++] = c;
	qsort(*v, (size_t)*n, sizeof **v, by_string);
	return 0;
}

/* {model, requests, tokens, input_tokens, output_tokens, failed} from the
 * model's snapshot and its request details. */
static cJSON *
model_entry(const cJSON *m)
{
	const cJSON *d, *details = cJSON_GetObjectItemCaseSensitive(m, "details"), *t;
	double in = 0, out = 0, bad = 0;
	cJSON *o = cJSON_CreateObject();

	cJSON_ArrayForEach(d, details) {
		t = cJSON_GetObjectItemCaseSensitive(d, "tokens");
		in += num(t, "input_tokens");
		out += num(t, "output_tokens");
		bad += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "failed"));
	}
	if (o == NULL || cJSON_AddStringToObject(o, "model", m->string) == NULL ||
	    cJSON_AddNumberToObject(o, "requests", num(m, "total_requests")) == NULL ||
	    cJSON_AddNumberToObject(o, "tokens", num(m, "total_tokens")) == NULL ||
	    cJSON_AddNumberToObject(o, "input_tokens", in) == NULL ||
	    cJSON_AddNumberToObject(o, "output_tokens", out) == NULL ||
	    cJSON_AddNumberToObject(o, "failed", bad) == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *
key_entry(const cJSON *api)
{
	const cJSON **models = NULL;
	cJSON *o = cJSON_CreateObject(), *arr, *one;
	char id[20];
	int n = 0, i;

	if (o == NULL || key_id(api->string, id) != 0 ||
	    cJSON_AddStringToObject(o, "key_id", id) == NULL ||
	    cJSON_AddNumberToObject(o, "total_requests", num(api, "total_requests")) == NULL ||
	    cJSON_AddNumberToObject(o, "total_tokens", num(api, "total_tokens")) == NULL ||
	    (arr = cJSON_AddArrayToObject(o, "models")) == NULL ||
	    sorted_members(cJSON_GetObjectItemCaseSensitive(api, "models"), &models, &n) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((one = model_entry(models[i])) == NULL)
			goto fail;
		cJSON_AddItemToArray(arr, one);
	}
	free(models);
	return o;
fail:
	free(models);
	cJSON_Delete(o);
	return NULL;
}

static int
by_key_id(const void *a, const void *b)
{
	return strcmp(json_str(*(cJSON *const *)a, "key_id"), json_str(*(cJSON *const *)b, "key_id"));
}

/* The summary document from /usage's answer; NULL when out of memory. */
static cJSON *
summary(const cJSON *answer, int enabled)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(answer, "usage"), *api;
	cJSON *doc = cJSON_CreateObject(), *keys, **v = NULL;
	int n = 0, i = 0;

	if (doc == NULL || cJSON_AddBoolToObject(doc, "enabled", enabled) == NULL ||
	    cJSON_AddNumberToObject(doc, "total_requests", num(u, "total_requests")) == NULL ||
	    cJSON_AddNumberToObject(doc, "success", num(u, "success_count")) == NULL ||
	    cJSON_AddNumberToObject(doc, "failed", num(u, "failure_count")) == NULL ||
	    cJSON_AddNumberToObject(doc, "total_tokens", num(u, "total_tokens")) == NULL ||
	    (keys = cJSON_AddArrayToObject(doc, "keys")) == NULL)
		goto fail;
	api = cJSON_GetObjectItemCaseSensitive(u, "apis");
	n = cJSON_IsObject(api) ? cJSON_GetArraySize(api) : 0;
	if (n > 0 && (v = calloc((size_t)n, sizeof *v)) == NULL)
		goto fail;
	for (api = n > 0 ? api->child : NULL; api != NULL; api = api->next) {
		if (!cJSON_IsObject(api) || api->string == NULL)
			continue;
		if ((v[i] = key_entry(api)) == NULL)
			goto fail;
		i++;
	}
	if (i > 0)
		qsort(v, (size_t)i, sizeof *v, by_key_id);
	for (n = i, i = 0; i < n; i++) {
		cJSON_AddItemToArray(keys, v[i]);
		v[i] = NULL;
	}
	free(v);
	return doc;
fail:
	for (i = 0; v != NULL && i < n; i++)
		cJSON_Delete(v[i]);
	free(v);
	cJSON_Delete(doc);
	return NULL;
}

static int
print_usage_lines(const cJSON *doc)
{
	const cJSON *k, *m;
	char model[600];

	printf("usage:statistics enabled=%s\n",
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "enabled")) ? "yes" : "no");
	printf("usage:total requests=%.0f success=%.0f failed=%.0f tokens=%.0f\n",
	    num(doc, "total_requests"), num(doc, "success"), num(doc, "failed"),
	    num(doc, "total_tokens"));
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(doc, "keys")) {
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(k, "models")) {
			line_value(model, sizeof model, json_str(m, "model"));
			printf("usage:key id=%s model=%s requests=%.0f tokens=%.0f input_tokens=%.0f "
			    "output_tokens=%.0f failed=%.0f\n", json_str(k, "key_id"), model,
			    num(m, "requests"), num(m, "tokens"), num(m, "input_tokens"),
			    num(m, "output_tokens"), num(m, "failed"));
		}
	}
	return fflush(stdout) == 0 ? 0 : FG_ERUNTIME;
}

int
cmd_usage(int argc, char **argv)
{
	struct files_opts o = { .cmd = "usage" };
	struct mgmt m;
	struct mgmt_reply r;
	cJSON *doc = NULL;
	char *key;
	int first, rc, enabled;

	if ((rc = parse(argc, argv, &o, &first)) != 0)
		return rc;
	if (first < argc)
		return fg_usage_error(PROG, "usage", "unexpected argument '%s'", argv[first]);
	if ((rc = connect_mgmt(&o, &m, &key)) != 0)
		return rc;
	/* A route every version has: the key and the management API first. */
	mgmt_call(&m, "GET", MGMT_PREFIX "/usage-statistics-enabled", NULL, NULL, CALL_MS, 1, &r);
	if (r.outcome != MGMT_OK) {
		rc = reply_failed(&r);
		goto out;
	}
	enabled = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r.json, "usage-statistics-enabled"));
	mgmt_reply_free(&r);
	mgmt_call(&m, "GET", MGMT_PREFIX "/usage", NULL, NULL, CALL_MS, 1, &r);
	if (r.outcome != MGMT_OK && r.status == 404) {
		rc = failed("usage: this CLIProxyAPIPlus does not expose usage statistics "
		    "(GET " MGMT_PREFIX "/usage: 404)", "its versions with usage statistics serve "
		    "that route; see the proxy's own logs otherwise");
		goto out;
	}
	if (r.outcome != MGMT_OK) {
		rc = reply_failed(&r);
		goto out;
	}
	if ((doc = summary(r.json, enabled)) == NULL) {
		rc = failed("usage: out of memory", "");
		goto out;
	}
	rc = o.lines ? print_usage_lines(doc) : emit(&o, doc);
out:
	mgmt_reply_free(&r);
	cJSON_Delete(doc);
	key_free(key);
	return rc;
}
