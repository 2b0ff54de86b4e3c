/* fg-resolve — replace credential references and ${VAR}, strip _meta, print. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "input.h"
#include "jsonwrite.h"
#include "output.h"
#include "resolve.h"
#include "yamlemit.h"
#include "yamljson.h"

static const char *prog = "fg-resolve";

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: fg-resolve [-c | --yaml] [--cred NAME=FILE]... [-o FILE [--mode MODE]] [INPUT]\n"
	    "Read merged JSON (fg-merge's output; YAML also works) from INPUT or stdin.\n"
	    "Every `api_key_ref: NAME` becomes `api_key: <content of NAME's file>`\n"
	    "(whitespace stripped; files from _meta.credentials and --cred); every string\n"
	    "that is exactly ${VAR} becomes $VAR. LiteLLM's os.environ/VAR is left alone.\n"
	    "_meta is removed from the output.\n"
	    "  -c, --compact       one-line JSON\n"
	    "  -y, --yaml          block-style YAML instead of JSON\n"
	    "      --cred NAME=FILE  add or override a credential file\n"
	    "  -o, --output FILE   write FILE atomically instead of stdout\n"
	    "      --mode MODE     mode of FILE (default 0600)\n"
	    "  -h, --help          this text\n"
	    "  -V, --version       the version\n"
	    "Exit: 0 ok; 1 credential file missing, unreadable or empty, or I/O failure;\n"
	    "2 usage error, bad input, unknown reference or unset variable.\n");
}

/* --cred NAME=FILE into the credential map. */
static int
add_cred(cJSON *creds, const char *arg, struct fg_err *e)
{
	const char *eq = strchr(arg, '=');
	char name[256];

	if (eq == NULL || eq == arg || eq[1] == '\0' || (size_t)(eq - arg) >= sizeof name)
		return fg_err_set(e, FG_EUSAGE, "--cred: '%s' is not NAME=FILE", arg);
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	cJSON_DeleteItemFromObjectCaseSensitive(creds, name);
	if (cJSON_AddStringToObject(creds, name, eq + 1) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "--cred: out of memory");
	return 0;
}

/* Takes _meta out of the document; returns its credential map (owned). */
static cJSON *
take_credentials(cJSON *root, struct fg_err *e)
{
	cJSON *meta = cJSON_IsObject(root) ?
	    cJSON_DetachItemFromObjectCaseSensitive(root, "_meta") : NULL;
	cJSON *creds = meta ? cJSON_DetachItemFromObjectCaseSensitive(meta, "credentials") : NULL;

	cJSON_Delete(meta);
	if (creds == NULL)
		creds = cJSON_CreateObject();
	if (creds == NULL)
		fg_err_set(e, FG_ERUNTIME, "_meta: out of memory");
	else if (!cJSON_IsObject(creds)) {
		cJSON_Delete(creds);
		creds = NULL;
		fg_err_set(e, FG_EUSAGE, "_meta.credentials: must be a mapping of names to files");
	}
	return creds;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "yaml", no_argument, NULL, 'y' },
		{ "cred", required_argument, NULL, 'C' },
		FG_OUT_LONGOPTS,
		FG_END_LONGOPTS,
	};
	struct fg_out out = { NULL, 0600, 0 };
	struct fg_err e = { 0 };
	struct resolver r;
	const char **extra = NULL;
	int opt, rc = 0, yaml = 0, nextra = 0, i;
	cJSON *root = NULL, *creds = NULL;

	fg_arena_install();

	if ((extra = calloc((size_t)argc, sizeof *extra)) == NULL)
		return FG_ERUNTIME;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":cyo:hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'y': yaml = 1; break;
		case 'C': extra[nextra++] = optarg; break;
		case 'h': usage(stdout); goto out;
		case 'V': printf("%s %s\n", prog, FG_VERSION); goto out;
		default:
			if ((rc = fg_out_option(&out, opt, optarg, prog)) > 0) {
				rc = 0;
				break;
			}
			rc = rc == 0 ? fg_bad_option(prog, NULL, opt, argv) : FG_EUSAGE;
			goto out;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "%s: expected at most one INPUT\n", prog);
		rc = FG_EUSAGE;
		goto out;
	}
	if ((root = yj_load_file(optind < argc ? argv[optind] : NULL, NULL, &e)) == NULL ||
	    (creds = take_credentials(root, &e)) == NULL)
		goto fail;
	for (i = 0; i < nextra; i++)
		if (add_cred(creds, extra[i], &e) != 0)
			goto fail;
	resolver_init(&r, creds, prog);
	rc = resolve_tree(&r, root, &e);
	if (rc == 0)
		rc = fg_output(&out, yaml ? yaml_write : fg_json_writer(&out),
		    root, &e);
	resolver_free(&r);
	if (rc == 0)
		goto out;
fail:
	fg_err_print(prog, &e);
	rc = e.code;
out:
	cJSON_Delete(creds);
	cJSON_Delete(root);
	free(extra);
	return rc;
}
