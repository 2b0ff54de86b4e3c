/* fuzz_yaml_json.c — the YAML/JSON loader on any bytes; what it loads, written
 * as JSON (pretty and compact), must load back as the same tree. */
#include <stdint.h>
#include <stdlib.h>

#include "common.h"
#include "jsonwrite.h"
#include "yamljson.h"

static void
check_round_trip(const cJSON *root, int pretty)
{
	struct fg_err e = { 0 };
	char *text;
	size_t len;
	FILE *f = fuzz_mem_open(&text, &len);
	cJSON *again;

	if (fg_json_write(f, root, pretty) != 0)
		fuzz_fail("fg_json_write failed", "", 0);
	fuzz_mem_close(f, &text);
	if ((again = yj_load(text, len, "<json>", NULL, &e)) == NULL)
		fuzz_fail(e.msg, text, len);
	if (!fuzz_tree_equal(root, again))
		fuzz_fail("the JSON written reads back as another tree", text, len);
	cJSON_Delete(again);
	free(text);
}

/* fg-config loads again with positions (the YAML path) to place an error;
 * every root but an empty document's null has one. */
static void
check_marks(const char *data, size_t size)
{
	struct fg_err e = { 0 };
	struct yj_marks marks = { 0 };
	struct yj_mark mk;
	cJSON *root = yj_load(data, size, "<fuzz>", &marks, &e);

	if (root == NULL)
		fuzz_check_error("yj_load with marks", &e);
	else if (yj_mark_of(&marks, root, &mk) == 0 ? mk.line < 1 || mk.col < 1 : !cJSON_IsNull(root))
		fuzz_fail("the root has no position (only an empty document's may lack one)", data, size);
	cJSON_Delete(root);
	yj_marks_free(&marks);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fg_err e = { 0 };
	cJSON *root = yj_load((const char *)data, size, "<fuzz>", NULL, &e);

	if (root == NULL) {
		fuzz_check_error("yj_load", &e);
		return 0;
	}
	/* A scalar document reads back as YAML, not JSON (1e+20 is a string
	 * there): only mappings and lists, what the tools pass on, round-trip. */
	if (cJSON_IsObject(root) || cJSON_IsArray(root)) {
		check_round_trip(root, 1);
		check_round_trip(root, 0);
	}
	cJSON_Delete(root);
	check_marks((const char *)data, size);
	return 0;
}
