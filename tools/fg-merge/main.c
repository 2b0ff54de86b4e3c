/* fg-merge — deep-merge litellm_base with a profile, or documents left to right. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "input.h"
#include "jsonsize.h"
#include "jsonwrite.h"
#include "merge.h"
#include "output.h"
#include "yamljson.h"

static const char *prog = "fg-merge";

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: fg-merge [-c] [-o FILE [--mode MODE]] [--] NAME\n"
	    "       fg-merge [-c] [-o FILE [--mode MODE]] -p NAME [--] [CONFIG]\n"
	    "       fg-merge [-c] [-o FILE [--mode MODE]] [--] FILE...\n"
	    "With a profile NAME: read a normalized config (fg-config's output) from\n"
	    "stdin or CONFIG and print litellm_base deep-merged with profiles.NAME,\n"
	    "plus _meta (profile, credentials) for fg-resolve.\n"
	    "With FILEs (YAML or JSON, - for stdin): merge them left to right.\n"
	    "A lone argument without '/' or '.' is a profile NAME; write ./FILE for a\n"
	    "file named like one. Objects merge recursively; arrays, scalars and null\n"
	    "in the overlay replace the base.\n"
	    "  -p, --profile NAME  merge this profile\n"
	    "  -c, --compact       one-line JSON\n"
	    "  -o, --output FILE   write FILE atomically instead of stdout\n"
	    "      --mode MODE     mode of FILE (default 0600)\n"
	    "  -h, --help          this text\n"
	    "  -V, --version       the version\n"
	    "  --                  end of options (for a NAME or FILE starting with '-')\n"
	    "Environment: FG_READ_TIMEOUT=S bounds each wait for input (default 30 s);\n"
	    "FG_ATOMIC_DELAY_MS=N, a test hook, waits N ms before -o's rename.\n"
	    "Exit: 0 ok, 1 I/O failure or timeout, 2 usage error, bad or empty input\n"
	    "or unknown profile.\n");
}

static int
looks_like_profile(const char *arg)
{
	return strcmp(arg, "-") != 0 && strpbrk(arg, "/.") == NULL;
}

static void
list_profiles(const cJSON *profiles, char *buf, size_t size)
{
	const cJSON *it;
	size_t used = 0;

	buf[0] = '\0';
	for (it = profiles ? profiles->child : NULL; it && used + 1 < size; it = it->next) {
		int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", it->string);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

/* The credential map fg-resolve needs: NAME -> file, from credentials.upstream. */
static cJSON *
credential_map(const cJSON *config)
{
	const cJSON *up = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(config, "credentials"), "upstream");
	const cJSON *it, *file;
	cJSON *map = cJSON_CreateObject();

	for (it = up ? up->child : NULL; it && map; it = it->next) {
		file = cJSON_GetObjectItemCaseSensitive(it, "file");
		if (cJSON_IsString(file) && cJSON_AddStringToObject(map, it->string, file->valuestring) == NULL) {
			cJSON_Delete(map);
			map = NULL;
		}
	}
	return map;
}

/* _meta of the config, carried forward with the profile and credentials. */
static int
carry_meta(cJSON *merged, cJSON *config, const char *name, struct fg_err *e)
{
	cJSON *meta = cJSON_DetachItemFromObjectCaseSensitive(config, "_meta");
	cJSON *creds = credential_map(config);

	if (meta == NULL)
		meta = cJSON_CreateObject();
	if (meta == NULL || creds == NULL || !cJSON_IsObject(meta)) {
		cJSON_Delete(meta);
		cJSON_Delete(creds);
		return fg_err_set(e, meta ? FG_EUSAGE : FG_ERUNTIME, "_meta: %s",
		    meta ? "must be a mapping" : "out of memory");
	}
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "profile");
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "credentials");
	cJSON_DeleteItemFromObjectCaseSensitive(merged, "_meta");
	if (cJSON_AddStringToObject(meta, "profile", name) == NULL ||
	    !cJSON_AddItemToObject(meta, "credentials", creds) ||
	    !cJSON_AddItemToObject(merged, "_meta", meta)) {
		cJSON_Delete(meta);
		return fg_err_set(e, FG_ERUNTIME, "_meta: out of memory");
	}
	return 0;
}

static cJSON *
merge_profile(const char *name, const char *config_path, struct fg_err *e)
{
	cJSON *config = yj_load_file(config_path, NULL, e), *base, *profiles, *overlay, *merged;
	char names[1024];

	if (config == NULL)
		return NULL;
	profiles = cJSON_GetObjectItemCaseSensitive(config, "profiles");
	overlay = cJSON_DetachItemFromObjectCaseSensitive(profiles, name);
	if (!cJSON_IsObject(config) || !cJSON_IsObject(profiles)) {
		fg_err_set(e, FG_EUSAGE, "%s: not a normalized config (no profiles mapping); pipe fg-config into fg-merge",
		    fg_input_name(config_path));
		goto fail;
	}
	if (overlay == NULL) {
		list_profiles(profiles, names, sizeof names);
		fg_err_set(e, FG_EUSAGE, "profiles: unknown profile '%s' (available: %s)", name, names);
		goto fail;
	}
	base = cJSON_DetachItemFromObjectCaseSensitive(config, "litellm_base");
	if (base == NULL)
		base = cJSON_CreateObject();
	if ((merged = merge_into(base, overlay)) == NULL) {
		fg_err_set(e, FG_ERUNTIME, "merge: out of memory");
		goto fail;
	}
	if (!cJSON_IsObject(merged)) {
		cJSON_Delete(merged);
		fg_err_set(e, FG_EUSAGE, "profiles.%s: litellm_base and the profile must be mappings", name);
		goto fail;
	}
	if (carry_meta(merged, config, name, e) != 0) {
		cJSON_Delete(merged);
		goto fail;
	}
	fg_json_drop(config);
	return merged;
fail:
	cJSON_Delete(overlay);
	cJSON_Delete(config);
	return NULL;
}

static cJSON *
merge_files(char **files, int n, struct fg_err *e)
{
	cJSON *acc = NULL, *doc;
	int i;

	for (i = 0; i < n; i++) {
		if ((doc = yj_load_file(files[i], NULL, e)) == NULL) {
			cJSON_Delete(acc);
			return NULL;
		}
		if (acc == NULL) {
			acc = doc;
		} else if ((acc = merge_into(acc, doc)) == NULL) {
			fg_err_set(e, FG_ERUNTIME, "merge: out of memory");
			return NULL;
		}
	}
	return acc;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		FG_OUT_LONGOPTS,
		FG_END_LONGOPTS,
	};
	struct fg_out out = { NULL, 0600, 0 };
	struct fg_err e = { 0 };
	const char *profile = NULL;
	int opt, rc, nargs;
	cJSON *result;

	fg_arena_install();

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":p:co:hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': profile = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("%s %s\n", prog, FG_VERSION); return 0;
		default:
			if ((rc = fg_out_option(&out, opt, optarg, prog)) > 0)
				break;
			return rc == 0 ? fg_bad_option(prog, NULL, opt, argv) : FG_EUSAGE;
		}
	}
	nargs = argc - optind;
	if (profile == NULL && nargs == 1 && looks_like_profile(argv[optind]))
		profile = argv[optind++], nargs--;
	if (profile != NULL && nargs > 1)
		return fg_usage_error(prog, NULL, "with a profile, give at most one CONFIG");
	if (profile == NULL && nargs == 0)
		return fg_usage_error(prog, NULL, "give a profile NAME or FILEs to merge (see %s --help)",
		    prog);
	result = profile ? merge_profile(profile, nargs ? argv[optind] : NULL, &e) :
	    merge_files(argv + optind, nargs, &e);
	if (result == NULL) {
		fg_err_print(prog, &e);
		return e.code;
	}
	/* JSON that fg-resolve (or fg-merge) would refuse is refused here. */
	rc = fg_json_check_size(result, !out.compact, "the merged document", &e);
	if (rc == 0)
		rc = fg_output(&out, fg_json_writer(&out), result, &e);
	if (rc != 0)
		fg_err_print(prog, &e);
	fg_json_drop(result);
	return rc;
}
