/* accounts.c — fg-oauth accounts: the auth files in CLIProxyAPIPlus's auth
 * folder, read directly (no running proxy, no key), with their type and email. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "jsonread.h"
#include "commands.h"
#include "err.h"
#include "input.h"
#include "output.h"
#include "shquote.h"
#include "subcmd.h"
#include "utf8.h"

#define AUTH_FILE_MAX ((size_t)1 << 20)
#define MAX_FILES 100000

void
usage_accounts(FILE *f)
{
	fprintf(f,
	    "usage: fg-oauth accounts --dir D [-c | --sh]\n"
	    "Lists the auth files in D (*.json, regular files, at most 1 MiB each) as\n"
	    "{dir, accounts: [{file, type, email, disabled}], invalid: [names]}, by file name; a\n"
	    "file that cannot be read, is not a JSON object or has no type is listed\n"
	    "under invalid. A missing D lists nothing. -c: one line. --sh: sh assignments\n"
	    "fg_accounts_type_TYPE=N per type (characters other than letters, digits and _\n"
	    "become _), fg_accounts_invalid=N, fg_accounts_total=N and\n"
	    "fg_accounts_disabled='FILE...' (the disabled ones; --sh wins).\n"
	    "Exit: 0 listed, 1 D cannot be read, 2 usage error or D is not a folder.\n");
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_auth_name(const char *n)
{
	size_t len = strlen(n);

	return n[0] != '.' && len > 5 && strcmp(n + len - 5, ".json") == 0;
}

/* The *.json names in dir, sorted; *n = 0 and 0 when dir does not exist. */
static int
list_names(const char *dir, char ***names, size_t *n, struct fg_err *e)
{
	struct dirent *de;
	char **v = NULL, **nv;
	DIR *d;
	int rc = 0;

	*names = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		return fg_err_set(e, errno == ENOTDIR ? FG_EUSAGE : FG_ERUNTIME, "accounts: %s: %s",
		    dir, errno == ENOTDIR ? "not a folder" : strerror(errno));
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!is_auth_name(de->d_name))
			continue;
		if (*n >= MAX_FILES || (nv = realloc(v, (*n + 1) * sizeof *v)) == NULL ||
		    (nv[*n] = strdup(de->d_name)) == NULL) {
			rc = fg_err_set(e, FG_ERUNTIME, "accounts: %s: %s", dir, *n >= MAX_FILES ?
			    "more than 100000 auth files" : "out of memory");
			break;
		}
		v = nv;
		(*n)++;
	}
	closedir(d);
	if (v != NULL)
		qsort(v, *n, sizeof *v, by_name);
	*names = v;
	return rc;
}

/* The file as a JSON object with a type, or NULL (-1 in *skip when it is
 * not a regular file: not an auth file at all). */
static cJSON *
read_auth(const char *dir, const char *name, int *skip)
{
	char path[4096], *buf;
	struct fg_err e = { 0 };
	const cJSON *type;
	cJSON *doc = NULL;
	size_t len;
	int fd;

	*skip = 0;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((fd = fg_open_regular(path, O_RDONLY, 0)) == FG_NOT_REGULAR)
		*skip = 1;
	if (fd < 0)
		return NULL;
	if (fg_read_fd(fd, path, AUTH_FILE_MAX, &buf, &len, &e) == 0) {
		doc = jr_parse_outside(buf, len, path, &e);
		/* The file holds tokens: they do not stay in freed memory. */
		explicit_bzero(buf, len);
		free(buf);
	}
	close(fd);
	type = cJSON_GetObjectItemCaseSensitive(doc, "type");
	if (cJSON_IsObject(doc) && cJSON_IsString(type) && type->valuestring[0] != '\0')
		return doc;
	cJSON_Delete(doc);
	return NULL;
}

/* A file name is bytes; JSON is UTF-8. */
static cJSON *
name_string(const char *name)
{
	char *fixed = fg_utf8_fix(name);
	cJSON *s = fixed ? cJSON_CreateString(fixed) : NULL;

	free(fixed);
	return s;
}

static int
add_account(cJSON *list, const char *name, const cJSON *doc)
{
	const cJSON *email = cJSON_GetObjectItemCaseSensitive(doc, "email");
	cJSON *a = cJSON_CreateObject();

	if (a == NULL || !cJSON_AddItemToArray(list, a)) {
		cJSON_Delete(a);
		return 0;
	}
	/* CLIProxyAPIPlus keeps a disabled account's state in its file. */
	return cJSON_AddItemToObject(a, "file", name_string(name)) &&
	    cJSON_AddStringToObject(a, "type",
	    cJSON_GetObjectItemCaseSensitive(doc, "type")->valuestring) != NULL &&
	    (cJSON_IsString(email) ? cJSON_AddStringToObject(a, "email", email->valuestring)
	    : cJSON_AddNullToObject(a, "email")) != NULL &&
	    cJSON_AddBoolToObject(a, "disabled",
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "disabled"))) != NULL;
}

static cJSON *
collect(const char *dir, char **names, size_t n)
{
	cJSON *root = cJSON_CreateObject(), *acc, *bad, *doc;
	size_t i;
	int ok, skip;

	ok = root != NULL && cJSON_AddStringToObject(root, "dir", dir) != NULL &&
	    (acc = cJSON_AddArrayToObject(root, "accounts")) != NULL &&
	    (bad = cJSON_AddArrayToObject(root, "invalid")) != NULL;
	for (i = 0; ok && i < n; i++) {
		if ((doc = read_auth(dir, names[i], &skip)) != NULL)
			ok = add_account(acc, names[i], doc);
		else if (!skip)
			ok = cJSON_AddItemToArray(bad, name_string(names[i]));
		cJSON_Delete(doc);
	}
	if (!ok) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* ---- --sh ---- */

struct count {
	char var[160];
	long n;
};

static int
by_var(const void *a, const void *b)
{
	return strcmp(((const struct count *)a)->var, ((const struct count *)b)->var);
}

/* Per-type counts have a prefix of their own, so no type (one named "total",
 * say) can make a name that collides with fg_accounts_invalid or _total. */
#define TYPE_VAR "fg_accounts_type_"

static void
var_name(const char *type, char *var, size_t size)
{
	size_t n = (size_t)snprintf(var, size, "%s%s", TYPE_VAR, type), i;

	for (i = sizeof TYPE_VAR - 1; i < n && i < size; i++)
		if (!((var[i] >= 'a' && var[i] <= 'z') || (var[i] >= 'A' && var[i] <= 'Z') ||
		    (var[i] >= '0' && var[i] <= '9') || var[i] == '_'))
			var[i] = '_';
}

/* fg_accounts_disabled='A B': the disabled accounts' files, space-separated
 * (auth file names hold no spaces; one that does is listed all the same). */
static int
write_disabled(FILE *f, const cJSON *acc)
{
	const cJSON *a;
	char *list = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&list, &len);

	if (m == NULL)
		return -1;
	cJSON_ArrayForEach(a, acc)
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "disabled")))
			fprintf(m, "%s%s", ftell(m) > 0 ? " " : "",
			    cJSON_GetObjectItemCaseSensitive(a, "file")->valuestring);
	if (fclose(m) != 0 || list == NULL) {
		free(list);
		return -1;
	}
	fg_sh_assign(f, "fg_accounts_disabled", list);
	free(list);
	return 0;
}

static int
write_sh(FILE *f, const void *arg, struct fg_err *e)
{
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(arg, "accounts"), *a;
	size_t n = 0, i, total = (size_t)cJSON_GetArraySize(acc);
	struct count *c = calloc(total + 1, sizeof *c);
	char var[160];

	if (c == NULL)
		return fg_err_set(e, FG_ERUNTIME, "accounts: out of memory");
	cJSON_ArrayForEach(a, acc) {
		var_name(cJSON_GetObjectItemCaseSensitive(a, "type")->valuestring, var, sizeof var);
		for (i = 0; i < n && strcmp(c[i].var, var) != 0; i++)
			;
		if (i == n)
			memcpy(c[n++].var, var, sizeof var);
		c[i].n++;
	}
	qsort(c, n, sizeof *c, by_var);
	/* Names made of [A-Za-z0-9_] and numbers: nothing to quote. */
	for (i = 0; i < n; i++)
		fprintf(f, "%s=%ld\n", c[i].var, c[i].n);
	free(c);
	fprintf(f, "fg_accounts_invalid=%d\nfg_accounts_total=%zu\n",
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(arg, "invalid")), total);
	if (write_disabled(f, acc) != 0)
		return fg_err_set(e, FG_ERUNTIME, "accounts: out of memory");
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "accounts: --sh: write error");
	return 0;
}

/* ---- the command ---- */

int
cmd_accounts(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "compact", no_argument, NULL, 'c' },
		{ "sh", no_argument, NULL, 's' },
		FG_END_LONGOPTS,
	};
	struct fg_out out = { NULL, 0600, 0 };
	struct fg_err e = { 0 };
	const char *dir = NULL;
	char **names = NULL;
	cJSON *root = NULL;
	size_t n = 0, i;
	int opt, sh = 0, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': dir = optarg; break;
		case 'c': out.compact = 1; break;
		case 's': sh = 1; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(PROG, "accounts", opt, argv);
		}
	}
	if (optind < argc)
		return fg_usage_error(PROG, "accounts", "unexpected argument '%s'", argv[optind]);
	if (dir == NULL || dir[0] == '\0')
		return fg_usage_error(PROG, "accounts", "--dir D is required");
	if ((rc = list_names(dir, &names, &n, &e)) == 0 && (root = collect(dir, names, n)) == NULL)
		rc = fg_err_set(&e, FG_ERUNTIME, "accounts: out of memory");
	if (rc == 0)
		rc = fg_output(&out, sh ? write_sh : fg_json_writer(&out), root, &e);
	if (rc != 0)
		fg_err_print(PROG, &e);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	cJSON_Delete(root);
	return rc;
}
