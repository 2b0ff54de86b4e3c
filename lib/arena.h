/* arena.h — a bump allocator for cJSON: the tools are short-lived and their
 * trees live until exit, so allocation is a pointer bump and the process's
 * exit is the teardown. Sanitized builds (FG_NO_ARENA) use malloc, so ASan
 * still checks every node. */
#ifndef FG_ARENA_H
#define FG_ARENA_H

#include <cjson/cJSON.h>

/* Routes cJSON's allocations into the arena; call first thing in main. */
void fg_arena_install(void);
/* Whether the arena is in use: cJSON then never frees, so a node's strings
 * may live in any memory that lasts until exit (the JSON reader leaves them
 * in its input buffer). 0 in sanitized builds and tools without the arena. */
int fg_arena_installed(void);
/* A copy of s that a cJSON node may own (as ->string or ->valuestring). */
char *fg_json_strdup(const char *s);
/* The same for the n bytes at s (no NUL among them). */
char *fg_json_strndup(const char *s, size_t n);
/* A copy of the key at s (n bytes) for a node's ->string. With the arena,
 * equal keys share one copy: never write into the result. */
char *fg_json_key(const char *s, size_t n);
/* A tree the tool is done with: deleted when cJSON frees, left to the
 * process's exit with the arena (walking it to free nothing costs time). */
void fg_json_drop(cJSON *tree);

/* Appends item to parent's children in constant time, as the readers build
 * trees: *last is the child appended before (NULL for the first), and the
 * first child's prev points at the last, as cJSON keeps it. */
static inline void
fg_json_append(cJSON *parent, cJSON **last, cJSON *item)
{
	if (*last == NULL) {
		parent->child = item;
	} else {
		(*last)->next = item;
		item->prev = *last;
	}
	*last = item;
	parent->child->prev = item;
}

#endif
