/* fuzz_resolve.c — fg-resolve's pipeline on any bytes, with no credential
 * files: ${VAR} and api_key_ref resolved, then the tree as YAML (--yaml),
 * which must load back as the same tree and be, byte for byte, what
 * libyaml's emitter writes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "resolve.h"
#include "yamlemit.h"
#include "yamljson.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* What "${FUZZ_VAR}" and "${FUZZ_EMPTY}" resolve to; the dictionary has them. */
	setenv("FUZZ_VAR", "a value: with 'quotes', # and \"more\"", 1);
	setenv("FUZZ_EMPTY", "", 1);
	return 0;
}

/* yamlblock.c's writer, where it applies, against libyaml's emitter. */
static void
check_same_as_libyaml(const cJSON *root, const char *text, size_t len)
{
	struct fg_err e = { 0 };
	char *theirs;
	size_t theirs_len;
	FILE *f = fuzz_mem_open(&theirs, &theirs_len);

	if (yaml_write_libyaml(f, root, &e) != 0)
		fuzz_fail("libyaml's emitter refused what yaml_write wrote", text, len);
	fuzz_mem_close(f, &theirs);
	if (theirs_len != len || memcmp(theirs, text, len) != 0)
		fuzz_fail("yaml_write wrote other bytes than libyaml's emitter", theirs, theirs_len);
	free(theirs);
}

static void
check_yaml(const cJSON *root)
{
	struct fg_err e = { 0 };
	char *text;
	size_t len;
	FILE *f = fuzz_mem_open(&text, &len);
	cJSON *again;

	if (yaml_write(f, root, &e) != 0) {
		fuzz_mem_close(f, &text);
		fuzz_check_error("yaml_write", &e);
		free(text);
		return;
	}
	fuzz_mem_close(f, &text);
	check_same_as_libyaml(root, text, len);
	if ((again = yj_load(text, len, "<yaml>", NULL, &e)) == NULL)
		fuzz_fail(e.msg, text, len);
	if (!fuzz_tree_equal(root, again))
		fuzz_fail("the YAML written reads back as another tree", text, len);
	cJSON_Delete(again);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fg_err e = { 0 };
	struct resolver r;
	cJSON *root = yj_load((const char *)data, size, "<fuzz>", NULL, &e), *creds;
	int rc;

	if (root == NULL) {
		fuzz_check_error("yj_load", &e);
		return 0;
	}
	if ((creds = cJSON_CreateObject()) == NULL)
		abort();
	resolver_init(&r, creds, "fuzz_resolve");
	rc = resolve_tree(&r, root, &e);
	resolver_free(&r);
	if (rc != 0)
		fuzz_check_error("resolve_tree", &e);
	else
		check_yaml(root);
	cJSON_Delete(creds);
	cJSON_Delete(root);
	return 0;
}
