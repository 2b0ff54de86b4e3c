/* arena.c — chunks from mmap, growing geometrically; free() is a no-op.
 * Chunks are not pre-faulted (no MAP_POPULATE, no memset): the kernel zeroes
 * a page when it is first touched, so a chunk's unused tail costs nothing,
 * where populating it up front zeroed megabytes no node ever used. Chunks
 * are never unmapped: the process's exit returns them. */
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <cjson/cJSON.h>

#include "arena.h"
#include "fnv.h"

#ifndef FG_NO_ARENA
#define FIRST_CHUNK ((size_t)64 << 10)
#define MAX_CHUNK   ((size_t)16 << 20)
/* cJSON's nodes hold pointers and doubles; strings need no alignment. */
#define ALIGN       ((size_t)8)

struct chunk {
	struct chunk *prev;
	size_t size, used;
};

static struct chunk *top;
static size_t next_size = FIRST_CHUNK;
#endif
static int installed;
#ifndef FG_NO_ARENA

static struct chunk *
new_chunk(size_t need)
{
	size_t size = next_size;
	struct chunk *c;

	while (size < need + sizeof *c)
		size *= 2;
	c = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return NULL;
	c->prev = top;
	c->size = size;
	c->used = sizeof *c;
	top = c;
	if (next_size < MAX_CHUNK)
		next_size *= 2;
	return c;
}

static void *
arena_alloc(size_t n)
{
	void *p;

	n = (n + ALIGN - 1) & ~(ALIGN - 1);
	if ((top == NULL || top->size - top->used < n) && new_chunk(n) == NULL)
		return NULL;
	p = (char *)top + top->used;
	top->used += n;
	return p;
}

static void
arena_free(void *p)
{
	(void)p;
}

/* Strings need no alignment: they are packed byte to byte in chunks of
 * their own, apart from the nodes (a key of 10 bytes takes 11, not 16). */
#define STRING_CHUNK ((size_t)1 << 20)

static char *str_next, *str_end;

static char *
string_alloc(size_t n)
{
	size_t size = n > STRING_CHUNK ? n : STRING_CHUNK;
	char *c;

	if ((size_t)(str_end - str_next) < n) {
		c = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (c == MAP_FAILED)
			return NULL;
		str_next = c;
		str_end = c + size;
	}
	c = str_next;
	str_next += n;
	return c;
}

/* Keys repeat (every model has a model_name): one copy of each serves all
 * the nodes whose ->string it is. Nothing writes into a key in place, and
 * the arena never frees one. Only the first keys met are remembered, so a
 * mapping with a million distinct keys costs no table of a million. */
#define INTERN_SLOTS 8192u
#define INTERN_MAX_LEN 64

static struct { const char *s; size_t len; } interned[INTERN_SLOTS];
static size_t ninterned;

static unsigned
hash_key(const char *s, size_t n)
{
	return fg_fnv1a32(s, n);
}

static char *
intern(const char *s, size_t n)
{
	unsigned i = hash_key(s, n) & (INTERN_SLOTS - 1);
	char *copy;

	for (; interned[i].s != NULL; i = (i + 1) & (INTERN_SLOTS - 1))
		if (interned[i].len == n && memcmp(interned[i].s, s, n) == 0)
			return (char *)interned[i].s;
	if ((copy = string_alloc(n + 1)) == NULL)
		return NULL;
	memcpy(copy, s, n);
	copy[n] = '\0';
	/* Half full at most, so a probe stays short. */
	if (ninterned < INTERN_SLOTS / 2) {
		interned[i].s = copy;
		interned[i].len = n;
		ninterned++;
	}
	return copy;
}
#endif

void
fg_arena_install(void)
{
#ifndef FG_NO_ARENA
	cJSON_Hooks hooks = { arena_alloc, arena_free };

	cJSON_InitHooks(&hooks);
	installed = 1;
#endif
}

int
fg_arena_installed(void)
{
	return installed;
}

char *
fg_json_strndup(const char *s, size_t n)
{
	char *p;

#ifndef FG_NO_ARENA
	p = installed ? string_alloc(n + 1) : cJSON_malloc(n + 1);
#else
	p = cJSON_malloc(n + 1);
#endif
	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *
fg_json_strdup(const char *s)
{
	return fg_json_strndup(s, strlen(s));
}

char *
fg_json_key(const char *s, size_t n)
{
#ifndef FG_NO_ARENA
	if (installed && n <= INTERN_MAX_LEN)
		return intern(s, n);
#endif
	return fg_json_strndup(s, n);
}

void
fg_json_drop(cJSON *tree)
{
	if (!installed)
		cJSON_Delete(tree);
}
