/* normalize.c — the config schema of DESIGN.md: legacy keys, checks, defaults, paths. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "normalize.h"

static const char *const top_keys[] = { "config_version", "paths", "services",
	"litellm_base", "profiles", "auth", "credentials", "secret_files", "_meta",
	"secrets", "oauth", NULL };
static const char *const required_paths[] = { "runtime_dir", "active_config",
	"state_file", "log_file", NULL };

static int
fail(struct cfg_ctx *c, const void *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct cfg_ctx *c, const void *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof c->err, fmt, ap);
	va_end(ap);
	c->err_node = node;
	c->err_code = FG_EUSAGE;
	return -1;
}

static int
oom(struct cfg_ctx *c)
{
	snprintf(c->err, sizeof c->err, "out of memory");
	c->err_node = NULL;
	c->err_code = FG_ERUNTIME;
	return -1;
}

static int
is_word(const char *s, int first_digit_ok, int dash_ok)
{
	const char *p;

	if (*s == '\0' || (!first_digit_ok && isdigit((unsigned char)*s)))
		return 0;
	for (p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && !(dash_ok && *p == '-'))
			return 0;
	return 1;
}

static int
is_nonempty_string(const cJSON *n)
{
	return cJSON_IsString(n) && n->valuestring[0] != '\0';
}

/* ---- paths ---- */

/* Collapses ".", ".." and repeated slashes of an absolute path, in place. */
static void
clean_path(char *p)
{
	char *out = p, *seg = p;
	size_t n;

	while (*seg) {
		while (*seg == '/')
			seg++;
		n = strcspn(seg, "/");
		if (n == 0)
			break;
		if (n == 1 && seg[0] == '.') {
			/* skip */
		} else if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out > p && *--out != '/')
				;
		} else {
			*out++ = '/';
			memmove(out, seg, n);
			out += n;
		}
		seg += n;
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

static int
absolute_path(struct cfg_ctx *c, cJSON *node, const char *where)
{
	const char *v = node->valuestring, *home = getenv("HOME");
	char buf[PATH_MAX * 2];
	const char *p;

	for (p = v; *p; p++)
		if ((unsigned char)*p < 0x20)
			return fail(c, node, "%s must not contain control characters", where);
	if (v[0] == '/')
		snprintf(buf, sizeof buf, "%s", v);
	else if (v[0] == '~' && (v[1] == '/' || v[1] == '\0') && home && *home)
		snprintf(buf, sizeof buf, "%s/%s", home, v + 1);
	else
		snprintf(buf, sizeof buf, "%s/%s", c->config_dir, v);
	if (strlen(buf) >= PATH_MAX)
		return fail(c, node, "%s is longer than %d bytes", where, PATH_MAX);
	clean_path(buf);
	if (cJSON_SetValuestring(node, buf) == NULL)
		return oom(c);
	return 0;
}

/* ---- small helpers ---- */

static cJSON *
get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* Sets obj[key] = item, appending it when absent; item is freed when it
 * cannot be attached. */
static int
put(struct cfg_ctx *c, cJSON *obj, const char *key, cJSON *item)
{
	cJSON_bool ok;

	if (item == NULL)
		return oom(c);
	if (get(obj, key) != NULL)
		ok = cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item);
	else
		ok = cJSON_AddItemToObject(obj, key, item);
	if (ok)
		return 0;
	cJSON_Delete(item);
	return oom(c);
}

static int
rename_key(struct cfg_ctx *c, cJSON *item, const char *to)
{
	char *s = fg_json_strdup(to);

	if (s == NULL)
		return oom(c);
	if (!(item->type & cJSON_StringIsConst))
		cJSON_free(item->string);
	item->string = s;
	item->type &= ~cJSON_StringIsConst;
	return 0;
}

/* ---- sections ---- */

static int
migrate_legacy(struct cfg_ctx *c, cJSON *root)
{
	cJSON *old, *services, *auth;

	if ((old = get(root, "secrets")) != NULL) {
		if (get(root, "secret_files") != NULL)
			return fail(c, old, "secrets (legacy) and secret_files are both set; keep secret_files");
		if (rename_key(c, old, "secret_files") != 0)
			return -1;
	}
	services = get(root, "services");
	if (cJSON_IsObject(services) && (old = get(services, "cliproxyapi")) != NULL) {
		if (get(services, "cliproxyapi_plus") != NULL)
			return fail(c, old, "services.cliproxyapi (legacy) and services.cliproxyapi_plus are both set; keep cliproxyapi_plus");
		if (rename_key(c, old, "cliproxyapi_plus") != 0)
			return -1;
	}
	if ((old = get(root, "oauth")) != NULL) {
		if (get(root, "auth") != NULL)
			return fail(c, old, "oauth (legacy) and auth are both set; keep auth.providers");
		if (!cJSON_IsObject(old))
			return fail(c, old, "oauth (legacy) must be a mapping of providers");
		/* oauth: {...} becomes auth: {providers: {...}}, in the same place. */
		if ((auth = cJSON_CreateObject()) == NULL)
			return oom(c);
		auth->child = old->child;
		old->child = NULL;
		if (!cJSON_AddItemToObject(old, "providers", auth)) {
			old->child = auth->child;
			auth->child = NULL;
			cJSON_Delete(auth);
			return oom(c);
		}
		if (rename_key(c, old, "auth") != 0)
			return -1;
	}
	return 0;
}

static int
check_top_keys(struct cfg_ctx *c, const cJSON *root)
{
	const cJSON *it;
	size_t i;

	for (it = root->child; it; it = it->next) {
		for (i = 0; top_keys[i] && strcmp(top_keys[i], it->string) != 0; i++)
			;
		if (top_keys[i] == NULL)
			return fail(c, it->string, "%s is not a known top-level key", it->string);
	}
	return 0;
}

static int
check_version(struct cfg_ctx *c, cJSON *root)
{
	cJSON *v = get(root, "config_version");

	if (v == NULL)
		return put(c, root, "config_version", cJSON_CreateNumber(2));
	if (!cJSON_IsNumber(v) || (v->valuedouble != 1 && v->valuedouble != 2))
		return fail(c, v, "config_version must be 1 or 2");
	return 0;
}

static int
normalize_paths(struct cfg_ctx *c, cJSON *root)
{
	cJSON *paths = get(root, "paths"), *v, *auth;
	char where[256], dir[PATH_MAX + 16];
	size_t i;

	if (paths == NULL)
		return fail(c, root, "paths is required");
	if (!cJSON_IsObject(paths))
		return fail(c, paths, "paths must be a mapping");
	for (i = 0; required_paths[i]; i++) {
		snprintf(where, sizeof where, "paths.%s", required_paths[i]);
		if ((v = get(paths, required_paths[i])) == NULL)
			return fail(c, paths, "%s is required", where);
		if (!is_nonempty_string(v))
			return fail(c, v, "%s must be a non-empty string", where);
		if (absolute_path(c, v, where) != 0)
			return -1;
	}
	if ((auth = get(paths, "auth_dir")) != NULL) {
		if (!is_nonempty_string(auth))
			return fail(c, auth, "paths.auth_dir must be a non-empty string");
		return absolute_path(c, auth, "paths.auth_dir");
	}
	/* The auth dir sits beside the runtime dir: <parent of runtime_dir>/auths. */
	snprintf(dir, sizeof dir, "%s/../auths", get(paths, "runtime_dir")->valuestring);
	clean_path(dir);
	return put(c, paths, "auth_dir", cJSON_CreateString(dir));
}

static int
normalize_env(struct cfg_ctx *c, cJSON *env, const char *svc)
{
	cJSON *it, *s;
	char num[64];

	if (!cJSON_IsObject(env))
		return fail(c, env, "services.%s.env must be a mapping", svc);
	for (it = env->child; it; it = it->next) {
		if (cJSON_IsString(it))
			continue;
		if (cJSON_IsNumber(it))
			snprintf(num, sizeof num, "%.17g", it->valuedouble);
		else if (cJSON_IsBool(it))
			snprintf(num, sizeof num, "%s", cJSON_IsTrue(it) ? "true" : "false");
		else
			return fail(c, it, "services.%s.env.%s must be a string", svc, it->string);
		if ((s = cJSON_CreateString(num)) == NULL)
			return oom(c);
		s->string = it->string;
		it->string = NULL;
		cJSON_ReplaceItemViaPointer(env, it, s);
		it = s;
	}
	return 0;
}

static int
normalize_command(struct cfg_ctx *c, cJSON *svc)
{
	cJSON *cmd = get(svc, "command"), *args, *a, *cwd;
	char where[256];

	if (cmd == NULL)
		return fail(c, svc, "services.%s.command is required", svc->string);
	if (!cJSON_IsObject(cmd))
		return fail(c, cmd, "services.%s.command must be a mapping", svc->string);
	args = get(cmd, "args");
	if (!cJSON_IsArray(args) || args->child == NULL)
		return fail(c, args ? args : cmd,
		    "services.%s.command.args must be a non-empty list of strings", svc->string);
	for (a = args->child; a; a = a->next)
		if (!cJSON_IsString(a))
			return fail(c, a, "services.%s.command.args must be a non-empty list of strings",
			    svc->string);
	snprintf(where, sizeof where, "services.%s.command.cwd", svc->string);
	if ((cwd = get(cmd, "cwd")) == NULL)
		return put(c, cmd, "cwd", cJSON_CreateString(c->config_dir));
	if (!is_nonempty_string(cwd))
		return fail(c, cwd, "%s must be a non-empty string", where);
	return absolute_path(c, cwd, where);
}

static int
normalize_endpoint(struct cfg_ctx *c, cJSON *svc)
{
	const char *name = svc->string;
	cJSON *host = get(svc, "host"), *port = get(svc, "port");
	int dflt = strcmp(name, "litellm") == 0 ? 4000 :
	    strcmp(name, "cliproxyapi_plus") == 0 ? 8317 : 0;

	if (host == NULL)
		return put(c, svc, "host", cJSON_CreateString("127.0.0.1")) != 0 ? -1 :
		    normalize_endpoint(c, svc);
	if (!is_nonempty_string(host))
		return fail(c, host, "services.%s.host must be a non-empty string", name);
	/* A service without a port (and no default) has no readiness URL. */
	if (port == NULL)
		return put(c, svc, "port", dflt ? cJSON_CreateNumber(dflt) : cJSON_CreateNull());
	if (!cJSON_IsNumber(port) || port->valuedouble != floor(port->valuedouble) ||
	    port->valuedouble < 1 || port->valuedouble > 65535)
		return fail(c, port, "services.%s.port must be an integer from 1 to 65535", name);
	return 0;
}

static int
normalize_readiness(struct cfg_ctx *c, cJSON *svc)
{
	cJSON *ready = get(svc, "readiness_path"), *health = get(svc, "health_path");
	const char *key = ready ? "readiness_path" : "health_path";
	cJSON *v = ready ? ready : health;

	if (v == NULL)
		return put(c, svc, "readiness_path", cJSON_CreateString("/v1/models"));
	if (!cJSON_IsString(v) || v->valuestring[0] != '/')
		return fail(c, v, "services.%s.%s must be a path starting with '/'", svc->string, key);
	return ready ? 0 : put(c, svc, "readiness_path", cJSON_CreateString(v->valuestring));
}

static int
normalize_services(struct cfg_ctx *c, cJSON *root)
{
	cJSON *services = get(root, "services"), *svc, *env;

	if (services == NULL)
		return fail(c, root, "services is required");
	if (!cJSON_IsObject(services))
		return fail(c, services, "services must be a mapping");
	if (get(services, "litellm") == NULL)
		return fail(c, services, "services.litellm is required");
	if (get(services, "cliproxyapi_plus") == NULL)
		return fail(c, services, "services.cliproxyapi_plus is required");
	for (svc = services->child; svc; svc = svc->next) {
		if (!is_word(svc->string, 0, 0))
			return fail(c, svc->string, "services.%s: a service name must be letters, digits and '_', not starting with a digit",
			    svc->string);
		if (!cJSON_IsObject(svc))
			return fail(c, svc, "services.%s must be a mapping", svc->string);
		if (normalize_command(c, svc) != 0 || normalize_endpoint(c, svc) != 0 ||
		    normalize_readiness(c, svc) != 0)
			return -1;
		if ((env = get(svc, "env")) == NULL) {
			if (put(c, svc, "env", cJSON_CreateObject()) != 0)
				return -1;
		} else if (normalize_env(c, env, svc->string) != 0) {
			return -1;
		}
	}
	return 0;
}

static int
normalize_profiles(struct cfg_ctx *c, cJSON *root)
{
	cJSON *base = get(root, "litellm_base"), *profiles = get(root, "profiles"), *p, *empty;

	if (base == NULL && put(c, root, "litellm_base", cJSON_CreateObject()) != 0)
		return -1;
	if (base != NULL && !cJSON_IsObject(base))
		return fail(c, base, "litellm_base must be a mapping");
	if (profiles == NULL)
		return fail(c, root, "profiles is required");
	if (!cJSON_IsObject(profiles) || profiles->child == NULL)
		return fail(c, profiles, "profiles must be a non-empty mapping of profile names to mappings");
	for (p = profiles->child; p; p = p->next) {
		if (!is_word(p->string, 1, 1))
			return fail(c, p->string, "profiles.%s: a profile name must be letters, digits, '_' and '-'",
			    p->string);
		if (cJSON_IsNull(p)) {
			/* "cost:" with nothing under it is an empty overlay. */
			if ((empty = cJSON_CreateObject()) == NULL)
				return oom(c);
			empty->string = p->string;
			p->string = NULL;
			cJSON_ReplaceItemViaPointer(profiles, p, empty);
			p = empty;
		} else if (!cJSON_IsObject(p)) {
			return fail(c, p, "profiles.%s must be a mapping", p->string);
		}
	}
	return 0;
}

static int
normalize_auth(struct cfg_ctx *c, cJSON *root)
{
	cJSON *auth = get(root, "auth"), *providers, *p, *method;

	if (auth == NULL && put(c, root, "auth", cJSON_CreateObject()) != 0)
		return -1;
	auth = get(root, "auth");
	if (!cJSON_IsObject(auth))
		return fail(c, auth, "auth must be a mapping");
	if ((providers = get(auth, "providers")) == NULL) {
		if (put(c, auth, "providers", cJSON_CreateObject()) != 0)
			return -1;
		providers = get(auth, "providers");
	}
	if (!cJSON_IsObject(providers))
		return fail(c, providers, "auth.providers must be a mapping");
	for (p = providers->child; p; p = p->next) {
		if (!is_word(p->string, 1, 1))
			return fail(c, p->string, "auth.providers.%s: a provider name must be letters, digits, '_' and '-'",
			    p->string);
		if (!cJSON_IsObject(p))
			return fail(c, p, "auth.providers.%s must be a mapping", p->string);
		if ((method = get(p, "method")) == NULL) {
			if (put(c, p, "method", cJSON_CreateString("oauth_poll")) != 0)
				return -1;
		} else if (!is_nonempty_string(method)) {
			return fail(c, method, "auth.providers.%s.method must be a non-empty string", p->string);
		}
	}
	return 0;
}

static int
normalize_credentials(struct cfg_ctx *c, cJSON *root)
{
	cJSON *cred = get(root, "credentials"), *up, *it, *file;
	char where[512];

	if (cred == NULL && put(c, root, "credentials", cJSON_CreateObject()) != 0)
		return -1;
	cred = get(root, "credentials");
	if (!cJSON_IsObject(cred))
		return fail(c, cred, "credentials must be a mapping");
	if ((up = get(cred, "upstream")) == NULL) {
		if (put(c, cred, "upstream", cJSON_CreateObject()) != 0)
			return -1;
		up = get(cred, "upstream");
	}
	if (!cJSON_IsObject(up))
		return fail(c, up, "credentials.upstream must be a mapping");
	for (it = up->child; it; it = it->next) {
		snprintf(where, sizeof where, "credentials.upstream.%s.file", it->string);
		if (!cJSON_IsObject(it))
			return fail(c, it, "credentials.upstream.%s must be a mapping with a file", it->string);
		if ((file = get(it, "file")) == NULL)
			return fail(c, it, "%s is required", where);
		if (!is_nonempty_string(file))
			return fail(c, file, "%s must be a non-empty string", where);
		if (absolute_path(c, file, where) != 0)
			return -1;
	}
	return 0;
}

static int
normalize_secret_files(struct cfg_ctx *c, cJSON *root)
{
	cJSON *list = get(root, "secret_files"), *it;

	if (list == NULL)
		return put(c, root, "secret_files", cJSON_CreateArray());
	if (!cJSON_IsArray(list))
		return fail(c, list, "secret_files must be a list of paths");
	for (it = list->child; it; it = it->next) {
		if (!is_nonempty_string(it))
			return fail(c, it, "secret_files must be a list of paths");
		if (absolute_path(c, it, "secret_files") != 0)
			return -1;
	}
	return 0;
}

static int
add_meta(struct cfg_ctx *c, cJSON *root)
{
	cJSON *meta = cJSON_CreateObject();

	if (meta == NULL || cJSON_AddStringToObject(meta, "config_path", c->config_path) == NULL ||
	    cJSON_AddStringToObject(meta, "config_dir", c->config_dir) == NULL) {
		cJSON_Delete(meta);
		return oom(c);
	}
	return put(c, root, "_meta", meta);
}

int
cfg_normalize(cJSON *root, struct cfg_ctx *c)
{
	c->err[0] = '\0';
	c->err_node = NULL;
	c->err_code = 0;
	if (!cJSON_IsObject(root))
		return fail(c, root, "the config must be a mapping");
	if (check_top_keys(c, root) != 0 || migrate_legacy(c, root) != 0 ||
	    check_version(c, root) != 0 || normalize_paths(c, root) != 0 ||
	    normalize_services(c, root) != 0 || normalize_profiles(c, root) != 0 ||
	    normalize_auth(c, root) != 0 || normalize_credentials(c, root) != 0 ||
	    normalize_secret_files(c, root) != 0 || add_meta(c, root) != 0)
		return -1;
	return 0;
}
