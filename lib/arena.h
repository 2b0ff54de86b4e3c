/* arena.h — a bump allocator for cJSON: the tools are short-lived and their
 * trees live until exit, so allocation is a pointer bump and the process's
 * exit is the teardown. Sanitized builds (FG_NO_ARENA) use malloc, so ASan
 * still checks every node. */
#ifndef FG_ARENA_H
#define FG_ARENA_H

/* Routes cJSON's allocations into the arena; call first thing in main. */
void fg_arena_install(void);
/* A copy of s that a cJSON node may own (as ->string or ->valuestring). */
char *fg_json_strdup(const char *s);

#endif
