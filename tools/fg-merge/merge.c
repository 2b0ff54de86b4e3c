/* merge.c — deep merge in linear time: each object's keys are indexed. */
#include "arena.h"
#include "keyindex.h"
#include "merge.h"

static int
merge_objects(cJSON *base, cJSON *overlay)
{
	struct keyindex index;
	cJSON *it, *next, *old;
	int rc;

	if ((rc = keyindex_init(&index, base, NULL)) != 0)
		goto out;
	for (it = overlay->child; it && rc == 0; it = next) {
		next = it->next;
		cJSON_DetachItemViaPointer(overlay, it);
		if ((old = keyindex_find(&index, it->string)) == NULL) {
			cJSON_AddItemToArray(base, it);
			rc = keyindex_added(&index, it);
		} else if (cJSON_IsObject(old) && cJSON_IsObject(it)) {
			/* In place, so the key keeps its position. */
			rc = merge_objects(old, it);
			cJSON_Delete(it);
		} else if ((rc = keyindex_replacing(&index, it)) == 0) {
			cJSON_ReplaceItemViaPointer(base, old, it);
		} else {
			cJSON_Delete(it);
		}
	}
out:
	keyindex_free(&index);
	return rc;
}

cJSON *
merge_into(cJSON *base, cJSON *overlay)
{
	if (!cJSON_IsObject(base) || !cJSON_IsObject(overlay)) {
		/* The overlay wins whole; it takes the base's key, if any. */
		if (base != NULL && base->string != NULL && overlay->string == NULL) {
			overlay->string = base->string;
			base->string = NULL;
		}
		fg_json_drop(base);
		return overlay;
	}
	if (merge_objects(base, overlay) != 0)
		return NULL;
	cJSON_Delete(overlay);
	return base;
}
