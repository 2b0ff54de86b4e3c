/* merge.c — deep merge in linear time. A profile names the keys it changes
 * mostly in the base's own order, so each key is first looked for a few
 * members on from where the last one was found (memory read in order);
 * only when that fails is the object's keys indexed (keyindex), once. */
#include <string.h>

#include "arena.h"
#include "keyindex.h"
#include "merge.h"

/* How many members on from the last match a key is looked for. */
#define WINDOW 4

struct finder {
	cJSON *obj, *cursor;     /* cursor: the member after the last match */
	struct keyindex index;
	int indexed;
};

/* The member of f->obj with key, or NULL; -1 in *rc out of memory. */
static cJSON *
find(struct finder *f, const char *key, int *rc)
{
	cJSON *c = f->cursor;
	int i;

	for (i = 0; c != NULL && i < WINDOW; i++, c = c->next)
		if (strcmp(c->string, key) == 0)
			goto found;
	if (!f->indexed) {
		if ((*rc = keyindex_init(&f->index, f->obj, NULL)) != 0)
			return NULL;
		f->indexed = 1;
	}
	if ((c = keyindex_find(&f->index, key)) == NULL)
		return NULL;
found:
	f->cursor = c->next;
	return c;
}

static int
merge_objects(cJSON *base, cJSON *overlay)
{
	struct finder f = { base, base->child, { 0 }, 0 };
	cJSON *it, *next, *old;
	int rc = 0;

	for (it = overlay->child; it && rc == 0; it = next) {
		next = it->next;
		cJSON_DetachItemViaPointer(overlay, it);
		if ((old = find(&f, it->string, &rc)) == NULL) {
			if (rc != 0) {
				cJSON_Delete(it);
				break;
			}
			cJSON_AddItemToArray(base, it);
			if (f.indexed)
				rc = keyindex_added(&f.index, it);
		} else if (cJSON_IsObject(old) && cJSON_IsObject(it)) {
			/* In place, so the key keeps its position. */
			rc = merge_objects(old, it);
			cJSON_Delete(it);
		} else if (!f.indexed || (rc = keyindex_replacing(&f.index, it)) == 0) {
			cJSON_ReplaceItemViaPointer(base, old, it);
		} else {
			cJSON_Delete(it);
		}
	}
	if (f.indexed)
		keyindex_free(&f.index);
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
