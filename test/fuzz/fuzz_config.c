/* fuzz_config.c — fg-config's pipeline on any bytes: load, normalize (legacy
 * keys, checks, defaults, paths), then --sh, whose text must be sh that
 * assigns each fg_* variable once, every value single-quoted. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "jsonwrite.h"
#include "normalize.h"
#include "shell.h"
#include "strmap.h"
#include "yamljson.h"

#define CONFIG_PATH "/fuzz/config/flowgate.yaml"
#define CONFIG_DIR  "/fuzz/config"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* "~/x" paths expand against HOME: fix it, so runs repeat. */
	setenv("HOME", "/home/fuzz", 1);
	return 0;
}

/* Skips one 'quoted' word and any '\'' joints; returns the end, or NULL. */
static const char *
skip_quoted(const char *p, const char *end)
{
	for (;;) {
		if (p >= end || *p != '\'')
			return NULL;
		if ((p = memchr(p + 1, '\'', (size_t)(end - p - 1))) == NULL)
			return NULL;
		p++;
		if (end - p >= 3 && memcmp(p, "\\''", 3) == 0)
			p += 2;
		else
			return p;
	}
}

/* name='value' lines, names fg_[A-Za-z0-9_]+, each once. */
static void
check_sh(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *name;
	struct strmap seen;
	char *key;
	size_t i;

	strmap_init(&seen);
	while (p < end) {
		name = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
		if (p - name < 4 || strncmp(name, "fg_", 3) != 0 || p >= end || *p != '=')
			fuzz_fail("--sh: a line is not fg_NAME=", text, len);
		if ((key = strndup(name, (size_t)(p - name))) == NULL)
			abort();
		if (strmap_get(&seen, key) != NULL)
			fuzz_fail("--sh: a variable is assigned twice", text, len);
		if (strmap_put(&seen, key, key) != 0)
			abort();
		if ((p = skip_quoted(p + 1, end)) == NULL || p >= end || *p != '\n')
			fuzz_fail("--sh: a value is not one quoted word", text, len);
		p++;
	}
	for (i = 0; i < seen.cap; i++)
		free(seen.slots[i].val);
	strmap_free(&seen);
}

static void
check_outputs(const cJSON *root)
{
	struct fg_err e = { 0 };
	char *text;
	size_t len;
	FILE *f = fuzz_mem_open(&text, &len);

	if (cfg_write_shell(f, root, &e) != 0)
		fuzz_check_error("cfg_write_shell", &e);
	fuzz_mem_close(f, &text);
	check_sh(text, len);
	free(text);
	f = fuzz_mem_open(&text, &len);
	if (fg_json_write(f, root, 1) != 0)
		fuzz_fail("fg_json_write failed", "", 0);
	fuzz_mem_close(f, &text);
	free(text);
}

/* fg-config's error path: load again with positions, normalize again, and
 * look the failing node up. */
static void
check_error_position(const char *data, size_t size, const struct cfg_ctx *ctx)
{
	struct yj_marks marks = { 0 };
	struct yj_mark mk;
	struct cfg_ctx again = *ctx;
	struct fg_err e = { 0 };
	cJSON *root;

	if (ctx->err[0] == '\0')
		fuzz_fail("cfg_normalize failed without saying why", "", 0);
	/* fg-config reports it as "<name>: <err>". */
	fg_err_set(&e, ctx->err_code, "<fuzz>: %s", ctx->err);
	fuzz_check_error("cfg_normalize", &e);
	root = yj_load(data, size, "<fuzz>", &marks, &e);
	if (root != NULL && cfg_normalize(root, &again) != 0 && again.err_node != NULL)
		(void)yj_mark_of(&marks, again.err_node, &mk);
	cJSON_Delete(root);
	yj_marks_free(&marks);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fg_err e = { 0 };
	struct cfg_ctx ctx = { 0 };
	cJSON *root = yj_load((const char *)data, size, "<fuzz>", NULL, &e);

	if (root == NULL) {
		fuzz_check_error("yj_load", &e);
		return 0;
	}
	ctx.config_path = CONFIG_PATH;
	ctx.config_dir = CONFIG_DIR;
	if (cfg_normalize(root, &ctx) == 0)
		check_outputs(root);
	else
		check_error_position((const char *)data, size, &ctx);
	cJSON_Delete(root);
	return 0;
}
