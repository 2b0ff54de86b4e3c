/* fg-config — load a FlowGate config, migrate, validate, fill defaults, print JSON. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "err.h"
#include "input.h"
#include "jsonsize.h"
#include "jsonwrite.h"
#include "normalize.h"
#include "output.h"
#include "shell.h"
#include "yamljson.h"

static const char *prog = "fg-config";

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: fg-config [-c] [--sh | --sh-json] [-o FILE [--mode MODE]] [--] [CONFIG]\n"
	    "Load a FlowGate config (YAML or JSON), migrate legacy keys, validate,\n"
	    "fill defaults, make paths absolute and print it as JSON.\n"
	    "CONFIG defaults to $FLOWGATE_CONFIG, then config/flowgate.yaml; - is stdin.\n"
	    "  -c, --compact     one-line JSON\n"
	    "      --sh          sh variable assignments (fg_*) instead of JSON (wins\n"
	    "                    over -c; nothing on stdout on any error)\n"
	    "      --sh-json     --sh, then the compact JSON as fg_config_json, for a\n"
	    "                    caller that needs both from one parse\n"
	    "  -o, --output FILE write FILE atomically instead of stdout\n"
	    "      --mode MODE   mode of FILE (default 0600)\n"
	    "  -h, --help        this text\n"
	    "  -V, --version     the version\n"
	    "  --                end of options (for a CONFIG starting with '-')\n"
	    "Environment: FG_READ_TIMEOUT=S bounds each wait for input (default 30 s);\n"
	    "FG_ATOMIC_DELAY_MS=N, a test hook, waits N ms before -o's rename.\n"
	    "Exit: 0 ok, 1 I/O failure or timeout, 2 usage, empty or invalid config.\n");
}

/* Absolute folder of the config (cwd for stdin) and absolute config path. */
static int
locate(const char *path, char *abs, char *dir, struct fg_err *e)
{
	char cwd[PATH_MAX], *slash;

	if (getcwd(cwd, sizeof cwd) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "getcwd: cannot tell the current folder");
	if (strcmp(path, "-") == 0) {
		snprintf(abs, PATH_MAX, "-");
		snprintf(dir, PATH_MAX, "%s", cwd);
		return 0;
	}
	if (realpath(path, abs) == NULL)
		return fg_err_set(e, FG_EUSAGE, "%s: config file not found", path);
	snprintf(dir, PATH_MAX, "%s", abs);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return 0;
}

/* Validation failed: load again, recording positions, to say file:line:col. */
static void
report_position(const char *path, const char *buf, size_t len, struct cfg_ctx *ctx,
    struct fg_err *e)
{
	struct yj_marks marks = { 0 };
	struct yj_mark mk;
	struct cfg_ctx again = *ctx;
	struct fg_err ignored = { 0 };
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	cJSON *root = yj_load(buf, len, name, &marks, &ignored);

	if (root != NULL && cfg_normalize(root, &again) != 0 && again.err_node != NULL &&
	    yj_mark_of(&marks, again.err_node, &mk) == 0)
		fg_err_set(e, again.err_code, "%s:%d:%d: %s", name, mk.line, mk.col, again.err);
	else
		fg_err_set(e, ctx->err_code, "%s: %s", name, ctx->err);
	cJSON_Delete(root);
	yj_marks_free(&marks);
}

static cJSON *
load_config(const char *path, struct fg_err *e)
{
	char abs[PATH_MAX], dir[PATH_MAX], *buf = NULL;
	size_t len;
	struct cfg_ctx ctx = { 0 };
	cJSON *root = NULL;

	if (locate(path, abs, dir, e) != 0 ||
	    fg_read_input(path, FG_MAX_INPUT, &buf, &len, e) != 0)
		return NULL;
	/* JSON strings stay in buf, which then lives as long as the tree. */
	if ((root = yj_load_in_place(buf, len, fg_input_name(path), e)) == NULL)
		goto out;
	ctx.config_path = abs;
	ctx.config_dir = dir;
	if (cfg_normalize(root, &ctx) != 0) {
		yj_restore_text(buf, len);
		report_position(path, buf, len, &ctx, e);
		fg_json_drop(root);
		root = NULL;
	}
out:
	if (root == NULL || !fg_arena_installed())
		free(buf);
	return root;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sh", no_argument, NULL, 's' },
		{ "sh-json", no_argument, NULL, 'j' },
		FG_OUT_LONGOPTS,
		FG_END_LONGOPTS,
	};
	struct fg_out out = { NULL, 0600, 0 };
	struct fg_err e = { 0 };
	const char *path;
	int opt, sh = 0, rc;
	cJSON *root;

	fg_arena_install();

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":co:hV", opts, NULL)) != -1) {
		switch (opt) {
		case 's': sh = sh ? sh : 1; break;
		case 'j': sh = 2; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("%s %s\n", prog, FG_VERSION); return 0;
		default:
			if ((rc = fg_out_option(&out, opt, optarg, prog)) > 0)
				break;
			return rc == 0 ? fg_bad_option(prog, NULL, opt, argv) : FG_EUSAGE;
		}
	}
	if (argc - optind > 1)
		return fg_usage_error(prog, NULL, "expected at most one CONFIG, got %d", argc - optind);
	path = optind < argc ? argv[optind] : getenv("FLOWGATE_CONFIG");
	if (path == NULL || *path == '\0')
		path = "config/flowgate.yaml";

	if ((root = load_config(path, &e)) == NULL) {
		fg_err_print(prog, &e);
		return e.code;
	}
	/* JSON that fg-merge or fg-resolve would refuse is refused here; with
	 * --sh-json, the compact JSON that fg_config_json holds. */
	rc = sh != 1 ? fg_json_check_size(root, !sh && !out.compact, fg_input_name(path), &e) : 0;
	if (rc == 0)
		rc = fg_output(&out, sh == 2 ? cfg_write_shell_json : sh ? cfg_write_shell :
		    fg_json_writer(&out), root, &e);
	if (rc != 0)
		fg_err_print(prog, &e);
	fg_json_drop(root);
	return rc;
}
