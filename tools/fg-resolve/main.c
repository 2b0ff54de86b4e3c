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
	    "usage: fg-resolve [-c | --yaml] [--cred NAME=FILE]... [-o FILE [--mode MODE]] [--] [INPUT]\n"
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
	    "  --                  end of options (for an INPUT starting with '-')\n"
	    "Credential files must be regular files of at most 16 KiB with no NUL byte.\n"
	    "Environment: FG_READ_TIMEOUT=S bounds each wait for input (default 30 s);\n"
	    "FG_ATOMIC_DELAY_MS=N, a test hook, waits N ms before -o's rename;\n"
	    "FG_YAML_EMITTER=libyaml, a test hook, writes --yaml through libyaml's emitter.\n"
	    "Exit: 0 ok; 1 credential file missing, unreadable, not a regular file, empty\n"
	    "or holding a NUL, or I/O failure or timeout; 2 usage error, bad or empty\n"
	    "input, unknown reference or unset variable.\n");
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

struct args {
	struct fg_out out;
	int yaml;
	const char **creds;     /* --cred NAME=FILE, in order */
	int ncreds;
	const char *input;
};

/* Returns 0, FG_EUSAGE after reporting, or -1 after --help/--version. */
static int
parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "yaml", no_argument, NULL, 'y' },
		{ "cred", required_argument, NULL, 'C' },
		FG_OUT_LONGOPTS,
		FG_END_LONGOPTS,
	};
	int opt, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":cyo:hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'y': a->yaml = 1; break;
		case 'C': a->creds[a->ncreds++] = optarg; break;
		case 'h': usage(stdout); return -1;
		case 'V': printf("%s %s\n", prog, FG_VERSION); return -1;
		default:
			if ((rc = fg_out_option(&a->out, opt, optarg, prog)) > 0)
				break;
			return rc == 0 ? fg_bad_option(prog, NULL, opt, argv) : FG_EUSAGE;
		}
	}
	if (argc - optind > 1)
		return fg_usage_error(prog, NULL, "expected at most one INPUT");
	a->input = optind < argc ? argv[optind] : NULL;
	return 0;
}

/* Loads the input and its credential map (_meta's, then --cred's). */
static int
load(const struct args *a, cJSON **root, cJSON **creds, struct fg_err *e)
{
	int i;

	if ((*root = yj_load_file(a->input, NULL, e)) == NULL ||
	    (*creds = take_credentials(*root, e)) == NULL)
		return e->code;
	for (i = 0; i < a->ncreds; i++)
		if (add_cred(*creds, a->creds[i], e) != 0)
			return e->code;
	return 0;
}

static int
resolve_and_write(const struct args *a, cJSON *root, cJSON *creds, struct fg_err *e)
{
	struct resolver r;
	int rc;

	resolver_init(&r, creds, prog);
	rc = resolve_tree(&r, root, e);
	if (rc == 0 && a->yaml) {
		fg_writer w;
		int streams;

		if ((rc = yaml_plan(root, &w, &streams, e)) == 0)
			rc = (streams ? fg_output_streamed : fg_output)(&a->out, w, root, e);
	} else if (rc == 0) {
		rc = fg_output(&a->out, fg_json_writer(&a->out), root, e);
	}
	if (rc == 0)
		resolver_warn(&r);
	resolver_free(&r);
	return rc;
}

int
main(int argc, char **argv)
{
	struct args a = { { NULL, 0600, 0 }, 0, NULL, 0, NULL };
	struct fg_err e = { 0 };
	cJSON *root = NULL, *creds = NULL;
	int rc;

	fg_arena_install();

	if ((a.creds = calloc((size_t)argc, sizeof *a.creds)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return FG_ERUNTIME;
	}
	if ((rc = parse_args(argc, argv, &a)) != 0) {
		free(a.creds);
		return rc < 0 ? 0 : rc;
	}
	if ((rc = load(&a, &root, &creds, &e)) == 0)
		rc = resolve_and_write(&a, root, creds, &e);
	if (rc != 0)
		fg_err_print(prog, &e);
	fg_json_drop(creds);
	fg_json_drop(root);
	free(a.creds);
	return rc;
}
