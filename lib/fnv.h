/* fnv.h — FNV-1a, the one string hash lib/ and the tools use (hash tables,
 * the arena's interned keys, fg-client's record names). Inline: it sits on
 * the hot path of every key lookup. */
#ifndef FG_FNV_H
#define FG_FNV_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t
fg_fnv1a32(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static inline uint32_t
fg_fnv1a32_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static inline uint64_t
fg_fnv1a64_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

#endif
