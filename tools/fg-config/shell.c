/* shell.c — `fg-config --sh`: flat, safely quoted variables, so the porcelain
 * needs no jq on its hot paths. Lists are sh words, for `eval "set -- $v"`.
 * Every writer returns an error rather than leave a variable out: sh that
 * evals a partial set would run with a service's env or args missing. */
#include <stdlib.h>
#include <string.h>

#include "jsonwrite.h"
#include "shell.h"
#include "shquote.h"
#include "strmap.h"

static int
oom(struct fg_err *e)
{
	return fg_err_set(e, FG_ERUNTIME, "--sh: out of memory");
}

/* A list of words, each quoted, then the whole quoted again for assignment. */
static int
assign_list(FILE *f, const char *name, const char *const *words, size_t n, struct fg_err *e)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL)
		return oom(e);
	for (i = 0; i < n; i++) {
		if (i)
			putc(' ', m);
		fg_sh_quote(m, words[i]);
	}
	/* fclose can say 0 and still leave no buffer when its last realloc failed. */
	if ((ferror(m) | fclose(m)) != 0 || buf == NULL) {
		free(buf);
		return oom(e);
	}
	fg_sh_assign(f, name, buf);
	free(buf);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of obj, sorted, space-separated (they are validated words). */
static int
assign_keys(FILE *f, const char *name, const cJSON *obj, struct fg_err *e)
{
	const char **keys;
	const cJSON *it;
	size_t n = 0, i;

	for (it = obj ? obj->child : NULL; it; it = it->next)
		n++;
	if ((keys = calloc(n + 1, sizeof *keys)) == NULL)
		return oom(e);
	n = 0;
	for (it = obj ? obj->child : NULL; it; it = it->next)
		keys[n++] = it->string;
	qsort(keys, n, sizeof *keys, cmp_str);
	fputs(name, f);
	fputs("='", f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? " " : "", keys[i]);
	fputs("'\n", f);
	free(keys);
	return 0;
}

static const char *
str_at(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Adds p to words unless seen already; -1 when out of memory. */
static int
add_once(struct strmap *seen, const char *p, const char **words, size_t *k)
{
	if (strmap_get(seen, p) != NULL)
		return 0;
	if (strmap_put(seen, p, (void *)p) != 0)
		return -1;
	words[(*k)++] = p;
	return 0;
}

/* secret_files, every credentials.upstream file and the clients' key file
 * (integration.key_file), each once. */
static int
assign_secret_files(FILE *f, const cJSON *root, struct fg_err *e)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "secret_files");
	const cJSON *up = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(root, "credentials"), "upstream");
	const cJSON *it;
	const char **words;
	struct strmap seen;
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(root, "integration");
	size_t n = (size_t)cJSON_GetArraySize(list) + (size_t)cJSON_GetArraySize(up) + 1, k = 0;
	int rc = 0;

	if ((words = calloc(n + 1, sizeof *words)) == NULL)
		return oom(e);
	strmap_init(&seen);
	for (it = list ? list->child : NULL; it && rc == 0; it = it->next)
		rc = add_once(&seen, it->valuestring, words, &k);
	for (it = up ? up->child : NULL; it && rc == 0; it = it->next)
		rc = add_once(&seen, str_at(it, "file"), words, &k);
	if (rc == 0 && str_at(in, "key_file")[0] != '\0')
		rc = add_once(&seen, str_at(in, "key_file"), words, &k);
	rc = rc != 0 ? oom(e) : assign_list(f, "fg_secret_files", words, k, e);
	strmap_free(&seen);
	free(words);
	return rc;
}

static void
assign_endpoint(FILE *f, const cJSON *svc)
{
	const cJSON *port = cJSON_GetObjectItemCaseSensitive(svc, "port");
	const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(svc, "command");
	char name[256], num[64], base[1024], url[4096];

	snprintf(name, sizeof name, "fg_svc_%s_host", svc->string);
	fg_sh_assign(f, name, str_at(svc, "host"));
	fg_fmt_number(cJSON_IsNumber(port) ? port->valuedouble : 0, num, sizeof num);
	snprintf(name, sizeof name, "fg_svc_%s_port", svc->string);
	fg_sh_assign(f, name, cJSON_IsNumber(port) ? num : "");
	base[0] = url[0] = '\0';
	/* An IPv6 address (the only host with a ':') goes in brackets. */
	if (cJSON_IsNumber(port)) {
		snprintf(base, sizeof base, strchr(str_at(svc, "host"), ':') ? "http://[%s]:%s" :
		    "http://%s:%s", str_at(svc, "host"), num);
		snprintf(url, sizeof url, "%s%s", base, str_at(svc, "readiness_path"));
	}
	snprintf(name, sizeof name, "fg_svc_%s_base_url", svc->string);
	fg_sh_assign(f, name, base);
	snprintf(name, sizeof name, "fg_svc_%s_readiness_url", svc->string);
	fg_sh_assign(f, name, url);
	snprintf(name, sizeof name, "fg_svc_%s_cwd", svc->string);
	fg_sh_assign(f, name, str_at(cmd, "cwd"));
}

/* env as KEY=VALUE words; the words are malloc'd, the caller frees them. */
static int
env_words(const cJSON *env, char **words, size_t *n)
{
	const cJSON *it;
	size_t len;

	for (it = env ? env->child : NULL; it; it = it->next) {
		len = strlen(it->string) + strlen(it->valuestring) + 2;
		if ((words[*n] = malloc(len)) == NULL)
			return -1;
		snprintf(words[(*n)++], len, "%s=%s", it->string, it->valuestring);
	}
	return 0;
}

static int
assign_command(FILE *f, const cJSON *svc, struct fg_err *e)
{
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(svc, "command"), "args");
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(svc, "env");
	const cJSON *it;
	char name[256], **words;
	size_t n = 0;
	int rc;

	words = calloc((size_t)cJSON_GetArraySize(args) + (size_t)cJSON_GetArraySize(env) + 1,
	    sizeof *words);
	if (words == NULL)
		return oom(e);
	for (it = args ? args->child : NULL; it; it = it->next)
		words[n++] = it->valuestring;
	snprintf(name, sizeof name, "fg_svc_%s_args", svc->string);
	rc = assign_list(f, name, (const char *const *)words, n, e);
	n = 0;
	if (rc == 0 && env_words(env, words, &n) != 0)
		rc = oom(e);
	snprintf(name, sizeof name, "fg_svc_%s_env", svc->string);
	if (rc == 0)
		rc = assign_list(f, name, (const char *const *)words, n, e);
	while (n > 0)
		free(words[--n]);
	free(words);
	return rc;
}

/* fg_prov_NAME_KEY for what the porcelain needs of each auth provider. */
static void
assign_provider(FILE *f, const cJSON *p)
{
	static const char *const keys[] = { "method", "type", "auth_url_endpoint",
		"status_endpoint", NULL };
	char name[256];
	size_t i;

	for (i = 0; keys[i]; i++) {
		snprintf(name, sizeof name, "fg_prov_%s_%s", p->string, keys[i]);
		fg_sh_assign(f, name, str_at(p, keys[i]));
	}
}

int
cfg_write_shell(FILE *f, const void *arg, struct fg_err *e)
{
	const cJSON *root = arg, *it;
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "_meta");
	const cJSON *paths = cJSON_GetObjectItemCaseSensitive(root, "paths");
	const cJSON *services = cJSON_GetObjectItemCaseSensitive(root, "services");
	const cJSON *profiles = cJSON_GetObjectItemCaseSensitive(root, "profiles");
	const cJSON *auth = cJSON_GetObjectItemCaseSensitive(root, "auth");
	const cJSON *providers = cJSON_GetObjectItemCaseSensitive(auth, "providers");
	const cJSON *bootstrap = cJSON_GetObjectItemCaseSensitive(root, "bootstrap");
	const cJSON *integration = cJSON_GetObjectItemCaseSensitive(root, "integration");
	int rc;

	fg_sh_assign(f, "fg_config_path", str_at(meta, "config_path"));
	fg_sh_assign(f, "fg_config_dir", str_at(meta, "config_dir"));
	fg_sh_assign(f, "fg_runtime_dir", str_at(paths, "runtime_dir"));
	fg_sh_assign(f, "fg_active_config", str_at(paths, "active_config"));
	fg_sh_assign(f, "fg_state_file", str_at(paths, "state_file"));
	fg_sh_assign(f, "fg_log_file", str_at(paths, "log_file"));
	fg_sh_assign(f, "fg_auth_dir", str_at(paths, "auth_dir"));
	if ((rc = assign_keys(f, "fg_profiles", profiles, e)) != 0 ||
	    (rc = assign_keys(f, "fg_services", services, e)) != 0 ||
	    (rc = assign_keys(f, "fg_providers", providers, e)) != 0 ||
	    (rc = assign_secret_files(f, root, e)) != 0)
		return rc;
	fg_sh_assign(f, "fg_management_key_file", str_at(auth, "management_key_file"));
	fg_sh_assign(f, "fg_cliproxy_repo", str_at(bootstrap, "cliproxy_repo"));
	fg_sh_assign(f, "fg_cliproxy_version", str_at(bootstrap, "cliproxy_version"));
	fg_sh_assign(f, "fg_integration_default_model", str_at(integration, "default_model"));
	fg_sh_assign(f, "fg_integration_fast_model", str_at(integration, "fast_model"));
	fg_sh_assign(f, "fg_integration_env_key", str_at(integration, "env_key"));
	fg_sh_assign(f, "fg_integration_key_file", str_at(integration, "key_file"));
	for (it = providers ? providers->child : NULL; it; it = it->next)
		assign_provider(f, it);
	for (it = services ? services->child : NULL; it; it = it->next) {
		assign_endpoint(f, it);
		if ((rc = assign_command(f, it, e)) != 0)
			return rc;
	}
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "--sh: write error");
	return 0;
}

/* --sh-json: the assignments, then the compact JSON (what -c prints, without
 * its newline) as fg_config_json, so a caller that needs both parses the
 * config once: printf '%s\n' "$fg_config_json" | fg-merge ... */
int
cfg_write_shell_json(FILE *f, const void *arg, struct fg_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int rc;

	if ((rc = cfg_write_shell(f, arg, e)) != 0)
		return rc;
	if ((m = open_memstream(&buf, &len)) == NULL)
		return oom(e);
	rc = fg_json_write(m, arg, 0);
	if ((ferror(m) | fclose(m)) != 0 || rc != 0 || buf == NULL) {
		free(buf);
		return oom(e);
	}
	if (len > 0 && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	fg_sh_assign(f, "fg_config_json", buf);
	free(buf);
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "--sh: write error");
	return 0;
}
