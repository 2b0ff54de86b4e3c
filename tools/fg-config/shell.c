/* shell.c — `fg-config --sh`: flat, safely quoted variables, so the porcelain
 * needs no jq on its hot paths. Lists are sh words, for `eval "set -- $v"`. */
#include <stdlib.h>
#include <string.h>

#include "jsonwrite.h"
#include "shell.h"
#include "shquote.h"
#include "strmap.h"

/* A list of words, each quoted, then the whole quoted again for assignment. */
static void
assign_list(FILE *f, const char *name, const char *const *words, size_t n)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (i)
			putc(' ', m);
		fg_sh_quote(m, words[i]);
	}
	fclose(m);
	fg_sh_assign(f, name, buf ? buf : "");
	free(buf);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of obj, sorted, space-separated (they are validated words). */
static void
assign_keys(FILE *f, const char *name, const cJSON *obj)
{
	const char **keys;
	const cJSON *it;
	size_t n = 0, i;

	for (it = obj ? obj->child : NULL; it; it = it->next)
		n++;
	if ((keys = calloc(n + 1, sizeof *keys)) == NULL)
		return;
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
}

static const char *
str_at(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* secret_files and every credentials.upstream file, each once. */
static void
assign_secret_files(FILE *f, const cJSON *root)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "secret_files");
	const cJSON *up = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(root, "credentials"), "upstream");
	const cJSON *it;
	const char **words;
	struct strmap seen;
	size_t n = (size_t)cJSON_GetArraySize(list) + (size_t)cJSON_GetArraySize(up), k = 0;
	const char *p;

	if ((words = calloc(n + 1, sizeof *words)) == NULL)
		return;
	strmap_init(&seen);
	for (it = list ? list->child : NULL; it; it = it->next)
		if (!strmap_get(&seen, it->valuestring) && strmap_put(&seen, it->valuestring, (void *)it) == 0)
			words[k++] = it->valuestring;
	for (it = up ? up->child : NULL; it; it = it->next) {
		p = str_at(it, "file");
		if (!strmap_get(&seen, p) && strmap_put(&seen, p, (void *)it) == 0)
			words[k++] = p;
	}
	assign_list(f, "fg_secret_files", words, k);
	strmap_free(&seen);
	free(words);
}

static void
assign_service(FILE *f, const cJSON *svc)
{
	const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(svc, "command");
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(cmd, "args");
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(svc, "env");
	const cJSON *port = cJSON_GetObjectItemCaseSensitive(svc, "port");
	const cJSON *it;
	const char **words;
	char name[256], num[64], url[4096], *kv;
	size_t n = 0;

	snprintf(name, sizeof name, "fg_svc_%s_host", svc->string);
	fg_sh_assign(f, name, str_at(svc, "host"));
	fg_fmt_number(cJSON_IsNumber(port) ? port->valuedouble : 0, num, sizeof num);
	snprintf(name, sizeof name, "fg_svc_%s_port", svc->string);
	fg_sh_assign(f, name, cJSON_IsNumber(port) ? num : "");
	url[0] = '\0';
	if (cJSON_IsNumber(port))
		snprintf(url, sizeof url, "http://%s:%s%s", str_at(svc, "host"), num,
		    str_at(svc, "readiness_path"));
	snprintf(name, sizeof name, "fg_svc_%s_readiness_url", svc->string);
	fg_sh_assign(f, name, url);
	snprintf(name, sizeof name, "fg_svc_%s_cwd", svc->string);
	fg_sh_assign(f, name, str_at(cmd, "cwd"));

	words = calloc((size_t)cJSON_GetArraySize(args) + (size_t)cJSON_GetArraySize(env) + 1,
	    sizeof *words);
	if (words == NULL)
		return;
	for (it = args ? args->child : NULL; it; it = it->next)
		words[n++] = it->valuestring;
	snprintf(name, sizeof name, "fg_svc_%s_args", svc->string);
	assign_list(f, name, words, n);
	n = 0;
	for (it = env ? env->child : NULL; it; it = it->next) {
		size_t len = strlen(it->string) + strlen(it->valuestring) + 2;
		if ((kv = malloc(len)) == NULL)
			break;
		snprintf(kv, len, "%s=%s", it->string, it->valuestring);
		words[n++] = kv;
	}
	snprintf(name, sizeof name, "fg_svc_%s_env", svc->string);
	assign_list(f, name, words, n);
	while (n > 0)
		free((char *)words[--n]);
	free(words);
}

int
cfg_write_shell(FILE *f, const void *arg, struct fg_err *e)
{
	const cJSON *root = arg, *it;
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(root, "_meta");
	const cJSON *paths = cJSON_GetObjectItemCaseSensitive(root, "paths");
	const cJSON *services = cJSON_GetObjectItemCaseSensitive(root, "services");
	const cJSON *auth = cJSON_GetObjectItemCaseSensitive(root, "auth");

	fg_sh_assign(f, "fg_config_path", str_at(meta, "config_path"));
	fg_sh_assign(f, "fg_config_dir", str_at(meta, "config_dir"));
	fg_sh_assign(f, "fg_runtime_dir", str_at(paths, "runtime_dir"));
	fg_sh_assign(f, "fg_active_config", str_at(paths, "active_config"));
	fg_sh_assign(f, "fg_state_file", str_at(paths, "state_file"));
	fg_sh_assign(f, "fg_log_file", str_at(paths, "log_file"));
	fg_sh_assign(f, "fg_auth_dir", str_at(paths, "auth_dir"));
	assign_keys(f, "fg_profiles", cJSON_GetObjectItemCaseSensitive(root, "profiles"));
	assign_keys(f, "fg_services", services);
	assign_keys(f, "fg_providers", cJSON_GetObjectItemCaseSensitive(auth, "providers"));
	assign_secret_files(f, root);
	for (it = services ? services->child : NULL; it; it = it->next)
		assign_service(f, it);
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "<stdout>: write error");
	return 0;
}
