/* keyindex.c — below SMALL members a scan beats building a hash. */
#include <string.h>

#include "keyindex.h"

#define SMALL 8

static int
build_map(struct keyindex *k, const cJSON **dup)
{
	cJSON *it;

	for (it = k->obj->child; it; it = it->next) {
		if (dup != NULL && strmap_get(&k->map, it->string) != NULL) {
			*dup = it;
			return 1;
		}
		if (strmap_put(&k->map, it->string, it) != 0)
			return -1;
	}
	return 0;
}

int
keyindex_init(struct keyindex *k, cJSON *obj, const cJSON **dup)
{
	cJSON *it, *o;

	k->obj = obj;
	k->n = 0;
	strmap_init(&k->map);
	for (it = obj->child; it; it = it->next)
		k->n++;
	if (k->n > SMALL)
		return build_map(k, dup);
	for (it = obj->child; dup != NULL && it; it = it->next) {
		for (o = obj->child; o != it; o = o->next) {
			if (strcmp(o->string, it->string) == 0) {
				*dup = it;
				return 1;
			}
		}
	}
	return 0;
}

cJSON *
keyindex_find(const struct keyindex *k, const char *key)
{
	cJSON *it;

	if (k->map.cap != 0)
		return strmap_get(&k->map, key);
	for (it = k->obj->child; it; it = it->next)
		if (strcmp(it->string, key) == 0)
			return it;
	return NULL;
}

int
keyindex_added(struct keyindex *k, cJSON *item)
{
	if (++k->n <= SMALL)
		return 0;
	if (k->map.cap != 0)
		return strmap_put(&k->map, item->string, item);
	return build_map(k, NULL);
}

int
keyindex_replacing(struct keyindex *k, cJSON *item)
{
	return k->map.cap != 0 ? strmap_put(&k->map, item->string, item) : 0;
}

void
keyindex_free(struct keyindex *k)
{
	strmap_free(&k->map);
}
