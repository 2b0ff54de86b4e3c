/* keyindex.h — find a member of a cJSON object by key in constant time at any
 * size: a scan while the object is small, a hash once it is not. */
#ifndef FG_KEYINDEX_H
#define FG_KEYINDEX_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

/* A slot of the table: a key's hash and 1 + its member's place in items
 * (0: empty). Eight bytes, so a probe reads one array, not two. */
struct keyslot {
	uint32_t hash, pos;
};

struct keyindex {
	cJSON *obj;
	size_t n;            /* members indexed */
	/* Once the object outgrows a scan: its members (in the order indexed),
	 * and open addressing over them; the key is the member's own ->string. */
	cJSON **items;
	size_t items_cap;
	struct keyslot *slots;
	size_t cap;
};

/* Indexes obj's members. With dup non-NULL, a key that occurs twice makes it
 * return 1 with *dup the second member. Returns 0, or -1 out of memory. */
int keyindex_init(struct keyindex *k, cJSON *obj, const cJSON **dup);
cJSON *keyindex_find(const struct keyindex *k, const char *key);
/* item has just become a member of k->obj. Returns 0, or -1 out of memory. */
int keyindex_added(struct keyindex *k, cJSON *item);
/* item is about to replace the member with its key (whose key string goes). */
int keyindex_replacing(struct keyindex *k, cJSON *item);
void keyindex_free(struct keyindex *k);

#endif
