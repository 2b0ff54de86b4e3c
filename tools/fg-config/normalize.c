/* normalize.c — the config schema (fg-config(1), the README's Configuration):
 * legacy keys, checks, defaults, paths. */
#include <arpa/inet.h>
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "ghrelease.h"
#include "normalize.h"
#include "providers.h"

static const char *const top_keys[] = { "config_version", "paths", "services",
	"litellm_base", "profiles", "auth", "credentials", "secret_files", "bootstrap",
	"integration", "_meta", "secrets", "oauth", NULL };
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

/* A string node's new value, in a copy of its own: never written over the
 * old one, which may sit in the text the config was read from (that text
 * must read back as it was, to place a later error). */
static int
set_string(struct cfg_ctx *c, cJSON *node, const char *s)
{
	char *copy = fg_json_strdup(s);

	if (copy == NULL)
		return oom(c);
	cJSON_free(node->valuestring);
	node->valuestring = copy;
	return 0;
}

/* Letters, digits, '_' (and '-' when dash_ok), never starting with '-' (a
 * name passed on a command line would read as an option) nor, unless
 * first_digit_ok, with a digit. */
static int
is_word(const char *s, int first_digit_ok, int dash_ok)
{
	const char *p;

	if (*s == '\0' || *s == '-' || (!first_digit_ok && isdigit((unsigned char)*s)))
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
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* A path with a newline would split every line that carries it (sh, logs,
 * messages): refused, whether it came from the config, its folder or $HOME. */
static int
clean_made_path(struct cfg_ctx *c, const void *node, const char *where, const char *path)
{
	if (has_control(path))
		return fail(c, node, "%s: the absolute path '%s' holds a control character", where, path);
	return 0;
}

static int
absolute_path(struct cfg_ctx *c, cJSON *node, const char *where)
{
	const char *v = node->valuestring, *home = getenv("HOME");
	char buf[PATH_MAX * 2];

	if (has_control(v))
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
	if (clean_made_path(c, node, where, buf) != 0)
		return -1;
	return set_string(c, node, buf);
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

/* [A-Za-z_][A-Za-z0-9_]*: "A=B" would set another variable, "" none. */
static int
is_env_name(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

static int
normalize_env(struct cfg_ctx *c, cJSON *env, const char *svc)
{
	cJSON *it, *s;
	char num[64];

	if (!cJSON_IsObject(env))
		return fail(c, env, "services.%s.env must be a mapping", svc);
	for (it = env->child; it; it = it->next) {
		if (!is_env_name(it->string))
			return fail(c, it->string, "services.%s.env: '%s' is not a variable name (letters, digits and '_', not starting with a digit)",
			    svc, it->string);
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
	if (args->child->valuestring[0] == '\0')
		return fail(c, args->child, "services.%s.command.args[0], the program, must not be empty",
		    svc->string);
	snprintf(where, sizeof where, "services.%s.command.cwd", svc->string);
	if ((cwd = get(cmd, "cwd")) == NULL)
		return clean_made_path(c, cmd, where, c->config_dir) != 0 ? -1 :
		    put(c, cmd, "cwd", cJSON_CreateString(c->config_dir));
	if (!is_nonempty_string(cwd))
		return fail(c, cwd, "%s must be a non-empty string", where);
	return absolute_path(c, cwd, where);
}

/* A DNS name: labels of letters, digits and '-' (not at either end), joined
 * by '.', a final '.' allowed. All digits and dots must be an IPv4 address. */
static int
is_hostname(const char *s)
{
	struct in_addr a4;
	size_t label = 0, len = strlen(s);
	const char *p;

	if (len == 0 || len > 253 || *s == '.')
		return 0;
	if (strspn(s, "0123456789.") == len)
		return inet_pton(AF_INET, s, &a4) == 1;
	for (p = s; *p; p++) {
		if (*p == '.') {
			if (label == 0 || p[-1] == '-')
				return 0;
			label = 0;
		} else if (isalnum((unsigned char)*p) || (*p == '-' && label > 0)) {
			if (++label > 63)
				return 0;
		} else {
			return 0;
		}
	}
	return p[-1] != '-';
}

/* The host, as a name, an IPv4 address or an IPv6 address (bare or in
 * brackets; kept bare, the URL writer brackets it). */
static int
normalize_host(struct cfg_ctx *c, cJSON *host, const char *svc)
{
	struct in6_addr a6;
	char inner[64];
	const char *h = host->valuestring;
	size_t len = strlen(h);

	if (h[0] == '[' && len > 2 && len < sizeof inner + 2 && h[len - 1] == ']') {
		memcpy(inner, h + 1, len - 2);
		inner[len - 2] = '\0';
		if (inet_pton(AF_INET6, inner, &a6) == 1)
			return set_string(c, host, inner);
	} else if (strchr(h, ':') != NULL ? inet_pton(AF_INET6, h, &a6) == 1 : is_hostname(h)) {
		return 0;
	}
	return fail(c, host, "services.%s.host must be a hostname (letters, digits, '-', '.'), an IPv4 or an IPv6 address",
	    svc);
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
	if (normalize_host(c, host, name) != 0)
		return -1;
	/* A service without a port (and no default) has no readiness URL. */
	if (port == NULL)
		return put(c, svc, "port", dflt ? cJSON_CreateNumber(dflt) : cJSON_CreateNull());
	if (!cJSON_IsNumber(port) || port->valuedouble != floor(port->valuedouble) ||
	    port->valuedouble < 1 || port->valuedouble > 65535)
		return fail(c, port, "services.%s.port must be an integer from 1 to 65535", name);
	return 0;
}

/* '/' then RFC 3986 path and query characters: unreserved, sub-delims, ':',
 * '@', '/', '?' and %XX. The probe writes it into its request line: a space,
 * a CR or an LF there would end the line early and add headers. */
static int
is_url_path(const char *s)
{
	static const char extra[] = "-._~!$&'()*+,;=:@/?";
	const unsigned char *p = (const unsigned char *)s;

	if (*p != '/')
		return 0;
	for (; *p; p++) {
		if (*p == '%') {
			if (!isxdigit(p[1]) || !isxdigit(p[2]))
				return 0;
			p += 2;
		} else if (*p >= 0x80 || (!isalnum(*p) && strchr(extra, *p) == NULL)) {
			return 0;
		}
	}
	return 1;
}

static int
normalize_readiness(struct cfg_ctx *c, cJSON *svc)
{
	cJSON *ready = get(svc, "readiness_path"), *health = get(svc, "health_path");
	const char *key = ready ? "readiness_path" : "health_path";
	cJSON *v = ready ? ready : health;

	if (v == NULL)
		return put(c, svc, "readiness_path", cJSON_CreateString("/v1/models"));
	if (!cJSON_IsString(v) || !is_url_path(v->valuestring))
		return fail(c, v, "services.%s.%s must be a URL path: '/', then RFC 3986 path and query characters (no spaces or control characters)",
		    svc->string, key);
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
			return fail(c, p->string, "profiles.%s: a profile name must start with a letter, digit or '_', then letters, digits, '_' and '-'",
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

/* The auth file type CLIProxyAPIPlus writes for a provider, and the name in
 * its auth-url endpoint: lib/providers' table (claude's endpoint is
 * anthropic's, copilot's github's), else the provider's own name. */
static const char *
provider_type(const char *name)
{
	const struct fg_provider *p = fg_provider_find(name);

	return p != NULL ? p->type : name;
}

static const char *
provider_endpoint(const char *name)
{
	const struct fg_provider *p = fg_provider_find(name);

	return p != NULL ? p->endpoint : name;
}

/* A string that is a path under the management API base, or a whole
 * http(s) URL (the original Python FlowGate's configs carry whole URLs). */
static int
check_endpoint(struct cfg_ctx *c, cJSON *p, const char *key, const char *dflt)
{
	cJSON *v = get(p, key);

	if (v == NULL)
		return put(c, p, key, cJSON_CreateString(dflt));
	if (!cJSON_IsString(v) ||
	    !(is_url_path(v->valuestring) || strncmp(v->valuestring, "http://", 7) == 0 ||
	    strncmp(v->valuestring, "https://", 8) == 0) ||
	    strpbrk(v->valuestring, " \t\r\n") != NULL)
		return fail(c, v, "auth.providers.%s.%s must be a URL path (/v0/management/...) "
		    "or an http(s) URL", p->string, key);
	return 0;
}

/* method (default oauth_poll); for oauth_poll, the endpoints and the auth
 * file type, filled in so the porcelain needs no defaults of its own. */
static int
normalize_provider(struct cfg_ctx *c, cJSON *p)
{
	cJSON *method = get(p, "method"), *type = get(p, "type");
	char url[512];

	if (method == NULL) {
		if (put(c, p, "method", cJSON_CreateString("oauth_poll")) != 0)
			return -1;
		method = get(p, "method");
	} else if (!is_nonempty_string(method)) {
		return fail(c, method, "auth.providers.%s.method must be a non-empty string", p->string);
	}
	if (strcmp(method->valuestring, "oauth_poll") != 0)
		return 0;
	snprintf(url, sizeof url, "/v0/management/%s-auth-url", provider_endpoint(p->string));
	if (check_endpoint(c, p, "auth_url_endpoint", url) != 0 ||
	    check_endpoint(c, p, "status_endpoint", "/v0/management/get-auth-status") != 0)
		return -1;
	if (type == NULL)
		return put(c, p, "type", cJSON_CreateString(provider_type(p->string)));
	if (!is_nonempty_string(type))
		return fail(c, type, "auth.providers.%s.type must be a non-empty string", p->string);
	return 0;
}

/* The plaintext management key's file: CLIProxyAPIPlus keeps only a bcrypt
 * hash of it. Default <parent of runtime_dir>/secrets/cliproxy_management_key. */
static int
normalize_key_file(struct cfg_ctx *c, cJSON *root, cJSON *auth)
{
	cJSON *v = get(auth, "management_key_file");
	char path[PATH_MAX + 64];

	if (v != NULL) {
		if (!is_nonempty_string(v))
			return fail(c, v, "auth.management_key_file must be a non-empty string");
		return absolute_path(c, v, "auth.management_key_file");
	}
	snprintf(path, sizeof path, "%s/../secrets/cliproxy_management_key",
	    get(get(root, "paths"), "runtime_dir")->valuestring);
	clean_path(path);
	return put(c, auth, "management_key_file", cJSON_CreateString(path));
}

static int
normalize_auth(struct cfg_ctx *c, cJSON *root)
{
	cJSON *auth = get(root, "auth"), *providers, *p;

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
		/* Provider names become sh variable names (fg-config --sh). */
		if (!is_word(p->string, 1, 0))
			return fail(c, p->string, "auth.providers.%s: a provider name must be letters, digits and '_'",
			    p->string);
		if (!cJSON_IsObject(p))
			return fail(c, p, "auth.providers.%s must be a mapping", p->string);
		if (normalize_provider(c, p) != 0)
			return -1;
	}
	return normalize_key_file(c, root, auth);
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

/* Where `bootstrap download` takes CLIProxyAPIPlus from. The original's
 * repository was taken down upstream, so the repository is a setting. */
static int
normalize_bootstrap(struct cfg_ctx *c, cJSON *root)
{
	static const char *const keys[] = { "cliproxy_repo", "cliproxy_version", NULL };
	static const char *const defaults[] = { "router-for-me/CLIProxyAPIPlus", "v6.8.16-0" };
	cJSON *b = get(root, "bootstrap"), *it;
	size_t i;

	if (b == NULL && put(c, root, "bootstrap", cJSON_CreateObject()) != 0)
		return -1;
	b = get(root, "bootstrap");
	if (!cJSON_IsObject(b))
		return fail(c, b, "bootstrap must be a mapping");
	for (it = b->child; it; it = it->next) {
		for (i = 0; keys[i] && strcmp(keys[i], it->string) != 0; i++)
			;
		if (keys[i] == NULL)
			return fail(c, it->string, "bootstrap.%s: unknown key (known: cliproxy_repo, cliproxy_version)",
			    it->string);
	}
	if ((it = get(b, "cliproxy_repo")) != NULL &&
	    (!cJSON_IsString(it) || !fg_valid_repo(it->valuestring)))
		return fail(c, it, "bootstrap.cliproxy_repo must be a GitHub repository OWNER/NAME (letters, digits and '-'; '.' and '_' in NAME too)");
	if ((it = get(b, "cliproxy_version")) != NULL &&
	    (!cJSON_IsString(it) || !fg_valid_tag(it->valuestring)))
		return fail(c, it, "bootstrap.cliproxy_version must be a release tag such as v6.8.16-0, or latest (no slashes, spaces, ?#%%\\ or leading '.')");
	for (i = 0; keys[i]; i++)
		if (get(b, keys[i]) == NULL && put(c, b, keys[i], cJSON_CreateString(defaults[i])) != 0)
			return -1;
	return 0;
}

/* A model name the clients are pointed at: it goes into TOML, JSON and sh
 * text, so it is printable UTF-8 of a sane length. */
static int
check_model_name(struct cfg_ctx *c, const cJSON *v, const char *where)
{
	if (!is_nonempty_string(v) || has_control(v->valuestring) || strlen(v->valuestring) > 256)
		return fail(c, v, "integration.%s must be a model name: a non-empty string of at most 256 bytes, no control characters",
		    where);
	return 0;
}

/* Whether holder's model_list has name as a model_name, or a wildcard
 * (LiteLLM then serves any name); *any_list is set when it has a list. */
static int
list_serves(const cJSON *holder, const char *name, int *any_list)
{
	const cJSON *list = get(holder, "model_list"), *m, *n;

	if (!cJSON_IsArray(list))
		return 0;
	*any_list = 1;
	for (m = list->child; m; m = m->next) {
		n = get(m, "model_name");
		if (cJSON_IsString(n) && (strcmp(n->valuestring, name) == 0 ||
		    strchr(n->valuestring, '*') != NULL))
			return 1;
	}
	return 0;
}

/* Whether LiteLLM would serve name under some profile: the base's
 * model_list or a profile's (which replaces it) has it. With no model_list
 * anywhere there is nothing to check against. */
static int
model_known(const cJSON *root, const char *name, int *any_list)
{
	const cJSON *p = get(root, "profiles");

	*any_list = 0;
	if (list_serves(get(root, "litellm_base"), name, any_list))
		return 1;
	for (p = p ? p->child : NULL; p; p = p->next)
		if (list_serves(p, name, any_list))
			return 1;
	return 0;
}

/* What `flowgate integration` points Codex CLI and Claude Code at. The
 * models default (in fg-client) to the first model of the active config. */
static int
normalize_integration(struct cfg_ctx *c, cJSON *root)
{
	static const char *const keys[] = { "default_model", "fast_model", "env_key", "key_file", NULL };
	cJSON *in = get(root, "integration"), *it, *v;
	char path[PATH_MAX + 64];
	int any;
	size_t i;

	if (in == NULL && put(c, root, "integration", cJSON_CreateObject()) != 0)
		return -1;
	in = get(root, "integration");
	if (!cJSON_IsObject(in))
		return fail(c, in, "integration must be a mapping");
	for (it = in->child; it; it = it->next) {
		for (i = 0; keys[i] && strcmp(keys[i], it->string) != 0; i++)
			;
		if (keys[i] == NULL)
			return fail(c, it->string, "integration.%s: unknown key (known: default_model, fast_model, env_key, key_file)",
			    it->string);
	}
	for (i = 0; i < 2; i++) {
		if ((v = get(in, keys[i])) == NULL)
			continue;
		if (check_model_name(c, v, keys[i]) != 0)
			return -1;
		if (!model_known(root, v->valuestring, &any) && any)
			return fail(c, v, "integration.%s: '%s' is not a model_name of litellm_base.model_list or of any profile's model_list",
			    keys[i], v->valuestring);
	}
	if ((v = get(in, "env_key")) == NULL) {
		if (put(c, in, "env_key", cJSON_CreateString("OPENAI_API_KEY")) != 0)
			return -1;
	} else if (!cJSON_IsString(v) || !is_env_name(v->valuestring)) {
		return fail(c, v, "integration.env_key must be an environment variable name (letters, digits and '_', not starting with a digit)");
	}
	if ((v = get(in, "key_file")) != NULL) {
		if (!is_nonempty_string(v))
			return fail(c, v, "integration.key_file must be a non-empty string");
		return absolute_path(c, v, "integration.key_file");
	}
	/* Beside the management key: <parent of runtime_dir>/secrets/litellm_client_key. */
	snprintf(path, sizeof path, "%s/../secrets/litellm_client_key",
	    get(get(root, "paths"), "runtime_dir")->valuestring);
	clean_path(path);
	return put(c, in, "key_file", cJSON_CreateString(path));
}

static int
add_meta(struct cfg_ctx *c, cJSON *root)
{
	cJSON *meta;

	if (clean_made_path(c, NULL, "_meta.config_path", c->config_path) != 0 ||
	    clean_made_path(c, NULL, "_meta.config_dir", c->config_dir) != 0)
		return -1;
	meta = cJSON_CreateObject();

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
	    normalize_secret_files(c, root) != 0 || normalize_bootstrap(c, root) != 0 ||
	    normalize_integration(c, root) != 0 || add_meta(c, root) != 0)
		return -1;
	return 0;
}
