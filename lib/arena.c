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
fg_json_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = cJSON_malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

void
fg_json_drop(cJSON *tree)
{
	if (!installed)
		cJSON_Delete(tree);
}
