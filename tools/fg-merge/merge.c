/* merge.c — deep merge in linear time: a hash of the base's keys per object. */
#include <string.h>

#include "merge.h"
#include "strmap.h"

/* Below this many keys a scan beats building a hash. */
#define SMALL_OBJECT 8

static cJSON *
find_small(cJSON *obj, const char *key)
{
	cJSON *it;

	for (it = obj->child; it; it = it->next)
		if (strcmp(it->string, key) == 0)
			return it;
	return NULL;
}

static int
merge_objects(cJSON *base, cJSON *overlay)
{
	struct strmap index;
	size_t n = 0;
	cJSON *it, *next, *old;
	int big, rc = 0;

	/* Count both sides: a small base can grow huge from the overlay. */
	for (it = base->child; it && n <= SMALL_OBJECT; it = it->next)
		n++;
	for (it = overlay->child; it && n <= SMALL_OBJECT; it = it->next)
		n++;
	big = n > SMALL_OBJECT;
	strmap_init(&index);
	for (it = big ? base->child : NULL; it; it = it->next)
		if (strmap_put(&index, it->string, it) != 0)
			goto oom;
	for (it = overlay->child; it; it = next) {
		next = it->next;
		cJSON_DetachItemViaPointer(overlay, it);
		old = big ? strmap_get(&index, it->string) : find_small(base, it->string);
		if (old == NULL) {
			cJSON_AddItemToArray(base, it);
			if (big && strmap_put(&index, it->string, it) != 0)
				goto oom;
			continue;
		}
		if (cJSON_IsObject(old) && cJSON_IsObject(it)) {
			/* In place, so the key keeps its position. */
			rc = merge_objects(old, it);
			cJSON_Delete(it);
			if (rc != 0)
				goto out;
			continue;
		}
		/* Re-key the index before the old node (and its key string) goes. */
		if (big && strmap_put(&index, it->string, it) != 0)
			goto oom;
		cJSON_ReplaceItemViaPointer(base, old, it);
	}
	goto out;
oom:
	rc = -1;
out:
	strmap_free(&index);
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
		cJSON_Delete(base);
		return overlay;
	}
	if (merge_objects(base, overlay) != 0)
		return NULL;
	cJSON_Delete(overlay);
	return base;
}
