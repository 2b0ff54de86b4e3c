/* strmap.c — open addressing with linear probing, FNV-1a, grown at 3/4 load. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "strmap.h"

static uint64_t
hash(const char *s)
{
	uint64_t h = fg_fnv1a64_str(s);

	/* Fold the high bits in: the table indexes by the low ones. */
	return h ^ (h >> 29);
}

void
strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->cap = m->len = 0;
}

void
strmap_free(struct strmap *m)
{
	free(m->slots);
	strmap_init(m);
}

/* The stored hash spares a strcmp on every slot a probe passes. */
static struct strmap_slot *
find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->slots[i].key != NULL &&
	    (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s;

	if (m->cap == 0)
		return NULL;
	s = find(m, key, hash(key));
	return s->key != NULL ? s->val : NULL;
}

static int
grow(struct strmap *m)
{
	struct strmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 16;
	if ((m->slots = calloc(m->cap, sizeof *m->slots)) == NULL) {
		*m = old;
		return -1;
	}
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key != NULL)
			*find(m, old.slots[i].key, old.slots[i].hash) = old.slots[i];
	free(old.slots);
	return 0;
}

int
strmap_put(struct strmap *m, const char *key, void *val)
{
	struct strmap_slot *s;

	uint64_t h = hash(key);

	if ((m->len + 1) * 4 > m->cap * 3 && grow(m) != 0)
		return -1;
	s = find(m, key, h);
	if (s->key == NULL)
		m->len++;
	s->key = key;
	s->val = val;
	s->hash = h;
	return 0;
}
