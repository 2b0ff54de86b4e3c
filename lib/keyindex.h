/* keyindex.h — find a member of a cJSON object by key in constant time at any
 * size: a scan while the object is small, a hash once it is not. */
#ifndef FG_KEYINDEX_H
#define FG_KEYINDEX_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

struct keyindex {
	cJSON *obj;
	size_t n;            /* members indexed */
	/* Once the object outgrows a scan: open addressing over its members,
	 * each slot a member and its key's hash (12 bytes, not a strmap's 24:
	 * the key is the member's own ->string). */
	cJSON **items;
	uint32_t *hashes;
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
