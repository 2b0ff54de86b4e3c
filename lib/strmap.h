/* strmap.h — string-keyed hash map, so key lookups stay O(1) in huge objects. */
#ifndef FG_STRMAP_H
#define FG_STRMAP_H

#include <stddef.h>

struct strmap_slot { const char *key; void *val; unsigned long long hash; };

struct strmap {
	struct strmap_slot *slots;
	size_t cap, len;
};

/* Keys are borrowed, not copied: they must outlive the map. */
void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
void *strmap_get(const struct strmap *m, const char *key);
/* Returns 0 on success, -1 when out of memory. Replaces an existing value. */
int strmap_put(struct strmap *m, const char *key, void *val);

#endif
