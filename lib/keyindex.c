/* keyindex.c — below SMALL members a scan beats building a hash. */
#include <stdlib.h>
#include <string.h>

#include "keyindex.h"

#define SMALL 8

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h ^ (h >> 15);
}

/* The slot of key: where it is, or the empty one where it would go. */
static size_t
slot(const struct keyindex *k, const char *key, uint32_t h)
{
	size_t i = h & (k->cap - 1);

	while (k->items[i] != NULL &&
	    (k->hashes[i] != h || strcmp(k->items[i]->string, key) != 0))
		i = (i + 1) & (k->cap - 1);
	return i;
}

static int
grow(struct keyindex *k)
{
	size_t cap = k->cap ? k->cap * 2 : 32, old = k->cap, i, j;
	cJSON **items = calloc(cap, sizeof *items), **old_items = k->items;
	uint32_t *hashes = malloc(cap * sizeof *hashes), *old_hashes = k->hashes;

	if (items == NULL || hashes == NULL) {
		free(items);
		free(hashes);
		return -1;
	}
	k->items = items;
	k->hashes = hashes;
	k->cap = cap;
	for (i = 0; i < old; i++) {
		if (old_items[i] == NULL)
			continue;
		j = slot(k, old_items[i]->string, old_hashes[i]);
		items[j] = old_items[i];
		hashes[j] = old_hashes[i];
	}
	free(old_items);
	free(old_hashes);
	return 0;
}

/* Puts item in the table (replacing the member with its key, if any). With
 * dup set, a key already there is reported instead. */
static int
put(struct keyindex *k, cJSON *item, size_t used, const cJSON **dup)
{
	uint32_t h = hash(item->string);
	size_t i;

	/* At most three quarters full, so a probe stays short. */
	if ((used + 1) * 4 > k->cap * 3 && grow(k) != 0)
		return -1;
	i = slot(k, item->string, h);
	if (dup != NULL && k->items[i] != NULL) {
		*dup = item;
		return 1;
	}
	k->items[i] = item;
	k->hashes[i] = h;
	return 0;
}

static int
build_table(struct keyindex *k, const cJSON **dup)
{
	cJSON *it;
	size_t used = 0;
	int rc;

	/* Sized once for all the members, not grown (and rehashed) as they come. */
	while (k->n * 4 > k->cap * 3)
		if (grow(k) != 0)
			return -1;
	for (it = k->obj->child; it; it = it->next)
		if ((rc = put(k, it, used++, dup)) != 0)
			return rc;
	return 0;
}

int
keyindex_init(struct keyindex *k, cJSON *obj, const cJSON **dup)
{
	cJSON *it, *o;

	memset(k, 0, sizeof *k);
	k->obj = obj;
	for (it = obj->child; it; it = it->next)
		k->n++;
	if (k->n > SMALL)
		return build_table(k, dup);
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

	if (k->cap != 0)
		return k->items[slot(k, key, hash(key))];
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
	if (k->cap != 0)
		return put(k, item, k->n - 1, NULL);
	return build_table(k, NULL);
}

int
keyindex_replacing(struct keyindex *k, cJSON *item)
{
	return k->cap != 0 ? put(k, item, k->n, NULL) : 0;
}

void
keyindex_free(struct keyindex *k)
{
	free(k->items);
	free(k->hashes);
	k->items = NULL;
	k->hashes = NULL;
	k->cap = 0;
}
