/* fuzz_merge.c — two documents (the input split at its first NUL byte) merged
 * as fg-merge does; the result must equal a plain recursive merge of copies
 * taken before, and those copies must still be what was loaded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "merge.h"
#include "yamljson.h"

static cJSON *
copy(const cJSON *n)
{
	cJSON *c = cJSON_Duplicate(n, 1);

	if (c == NULL)
		abort();
	return c;
}

/* The obvious quadratic merge, on fresh nodes: the oracle. */
static cJSON *
reference_merge(const cJSON *base, const cJSON *overlay)
{
	const cJSON *it;
	cJSON *out, *old;

	if (!cJSON_IsObject(base) || !cJSON_IsObject(overlay))
		return copy(overlay);
	out = copy(base);
	for (it = overlay->child; it; it = it->next) {
		old = cJSON_GetObjectItemCaseSensitive(out, it->string);
		if (old == NULL)
			cJSON_AddItemToObject(out, it->string, copy(it));
		else
			cJSON_ReplaceItemViaPointer(out, old, reference_merge(old, it));
	}
	return out;
}

static cJSON *
load(const char *buf, size_t len, const char *name)
{
	struct fg_err e = { 0 };
	cJSON *doc = yj_load(buf, len, name, NULL, &e);

	if (doc == NULL)
		fuzz_check_error("yj_load", &e);
	return doc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *a = (const char *)data, *nul = memchr(data, '\0', size);
	size_t alen = nul ? (size_t)(nul - a) : size;
	const char *b = nul ? nul + 1 : a + size;
	size_t blen = size - alen - (nul != NULL);
	cJSON *base, *overlay = NULL, *base0 = NULL, *overlay0 = NULL, *merged, *want, *again;

	if ((base = load(a, alen, "<base>")) == NULL || (overlay = load(b, blen, "<overlay>")) == NULL)
		goto out;
	base0 = copy(base);
	overlay0 = copy(overlay);
	if ((merged = merge_into(base, overlay)) == NULL)
		fuzz_fail("merge_into failed", a, size);
	base = overlay = NULL;
	want = reference_merge(base0, overlay0);
	if (!fuzz_tree_equal(merged, want))
		fuzz_fail("merge_into differs from the reference merge", a, size);
	cJSON_Delete(want);
	cJSON_Delete(merged);
	/* The copies share nothing with what merge_into consumed. */
	again = load(a, alen, "<base>");
	if (again == NULL || !fuzz_tree_equal(again, base0))
		fuzz_fail("the base's copy changed", a, alen);
	cJSON_Delete(again);
	again = load(b, blen, "<overlay>");
	if (again == NULL || !fuzz_tree_equal(again, overlay0))
		fuzz_fail("the overlay's copy changed", b, blen);
	cJSON_Delete(again);
out:
	cJSON_Delete(base);
	cJSON_Delete(overlay);
	cJSON_Delete(base0);
	cJSON_Delete(overlay0);
	return 0;
}
