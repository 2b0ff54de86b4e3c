/* utf8.h — strict UTF-8 (what JSON and YAML readers accept), checked or made. */
#ifndef FG_UTF8_H
#define FG_UTF8_H

#include <stddef.h>

/* Whether s is well-formed UTF-8: no overlong forms, no surrogates, nothing
 * above U+10FFFF. */
int fg_utf8_valid(const char *s);
/* The same for len bytes (a NUL among them is a valid character). */
int fg_utf8_valid_len(const char *s, size_t len);
/* A malloc'd copy of s with each ill-formed sequence (each maximal subpart,
 * as Unicode recommends) replaced by U+FFFD; NULL when out of memory. */
char *fg_utf8_fix(const char *s);

#endif
