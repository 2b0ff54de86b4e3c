/* keyindex.c — below SMALL members a scan beats building a hash. A table of
 * a large object (200,000 keys: megabytes) is bigger than the cache, so each
 * probe is a miss; building it in bulk, the slot of a key some places ahead
 * is prefetched while this one goes in, and a probe reads one array. */
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "keyindex.h"

#define SMALL 8
/* How many keys ahead a bulk build prefetches: enough to cover a miss. */
#define AHEAD 16

static uint32_t
hash(const char *s)
{
	uint32_t h = fg_fnv1a32_str(s);

	return h ^ (h >> 15);
}

/* The slot of key: where it is, or the empty one where it would go. */
static size_t
slot(const struct keyindex *k, const char *key, uint32_t h)
{
	size_t i = h & (k->cap - 1);
	const struct keyslot *s = k->slots;

	while (s[i].pos != 0 &&
	    (s[i].hash != h || strcmp(k->items[s[i].pos - 1]->string, key) != 0))
		i = (i + 1) & (k->cap - 1);
	return i;
}

/* Room in items for want members. */
static int
reserve_items(struct keyindex *k, size_t want)
{
	size_t cap = k->items_cap ? k->items_cap : 32;
	cJSON **items;

	if (want <= k->items_cap)
		return 0;
	while (cap < want)
		cap *= 2;
	if ((items = realloc(k->items, cap * sizeof *items)) == NULL)
		return -1;
	k->items = items;
	k->items_cap = cap;
	return 0;
}

/* Room for want members in items and in the table (at most three quarters
 * full, so a probe stays short). The keys indexed are distinct, so a rehash
 * only looks for empty slots: no key is compared. */
static int
reserve(struct keyindex *k, size_t want)
{
	size_t cap = k->cap ? k->cap : 32, i, j;
	struct keyslot *slots;

	if (reserve_items(k, want) != 0)
		return -1;
	while (want * 4 > cap * 3)
		cap *= 2;
	if (cap == k->cap)
		return 0;
	if ((slots = calloc(cap, sizeof *slots)) == NULL)
		return -1;
	for (i = 0; i < k->cap; i++) {
		if (k->slots[i].pos == 0)
			continue;
		for (j = k->slots[i].hash & (cap - 1); slots[j].pos != 0; j = (j + 1) & (cap - 1))
			;
		slots[j] = k->slots[i];
	}
	free(k->slots);
	k->slots = slots;
	k->cap = cap;
	return 0;
}

/* Puts item, whose key hashes to h, in the table. With dup set, a key
 * already there is reported instead; else the member with its key (if
 * any) is replaced. */
static int
put(struct keyindex *k, cJSON *item, uint32_t h, const cJSON **dup)
{
	size_t i = slot(k, item->string, h);

	if (k->slots[i].pos != 0) {
		if (dup != NULL) {
			*dup = item;
			return 1;
		}
		k->items[k->slots[i].pos - 1] = item;
		return 0;
	}
	k->items[k->n] = item;
	k->slots[i].hash = h;
	k->slots[i].pos = (uint32_t)++k->n;
	return 0;
}

/* Indexes the members of k->obj from the first, in a table sized once for
 * all of them. One walk of the member list gathers them and their keys'
 * hashes into arrays; the inserts then read those arrays in order, so the
 * slot of the key AHEAD places on can be prefetched while this one goes in. */
static int
build_table(struct keyindex *k, const cJSON **dup)
{
	uint32_t *hashes = NULL, *more;
	size_t i, mask, members = 0, hcap = 0;
	cJSON *it;
	int rc = 0;

	for (it = k->obj->child; it; it = it->next, members++) {
		if (members == hcap) {
			hcap = hcap ? hcap * 2 : 64;
			if ((more = realloc(hashes, hcap * sizeof *hashes)) == NULL ||
			    (hashes = more, reserve_items(k, hcap)) != 0) {
				free(hashes);
				return -1;
			}
		}
		k->items[members] = it;
		hashes[members] = hash(it->string);
	}
	k->n = 0;
	if (reserve(k, members) != 0) {
		free(hashes);
		return -1;
	}
	mask = k->cap - 1;
	for (i = 0; i < members && rc == 0; i++) {
		if (i + AHEAD < members)
			__builtin_prefetch(&k->slots[hashes[i + AHEAD] & mask], 1);
		rc = put(k, k->items[i], hashes[i], dup);
	}
	free(hashes);
	return rc;
}

int
keyindex_init(struct keyindex *k, cJSON *obj, const cJSON **dup)
{
	cJSON *it, *o;

	memset(k, 0, sizeof *k);
	k->obj = obj;
	for (it = obj->child; it && k->n <= SMALL; it = it->next)
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
	size_t i;

	if (k->cap != 0) {
		i = slot(k, key, hash(key));
		return k->slots[i].pos != 0 ? k->items[k->slots[i].pos - 1] : NULL;
	}
	for (it = k->obj->child; it; it = it->next)
		if (strcmp(it->string, key) == 0)
			return it;
	return NULL;
}

int
keyindex_added(struct keyindex *k, cJSON *item)
{
	if (k->cap != 0)
		return reserve(k, k->n + 1) != 0 ? -1 : put(k, item, hash(item->string), NULL);
	if (++k->n <= SMALL)
		return 0;
	return build_table(k, NULL);
}

int
keyindex_replacing(struct keyindex *k, cJSON *item)
{
	return k->cap != 0 ? put(k, item, hash(item->string), NULL) : 0;
}

void
keyindex_free(struct keyindex *k)
{
	free(k->items);
	free(k->slots);
	k->items = NULL;
	k->slots = NULL;
	k->cap = k->items_cap = 0;
}
