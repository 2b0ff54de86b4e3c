/* yamlscalar.h — YAML 1.1 implicit typing of plain scalars, as PyYAML does it. */
#ifndef FG_YAMLSCALAR_H
#define FG_YAMLSCALAR_H

#include <stddef.h>

enum ys_kind {
	YS_STR,       /* a string */
	YS_NULL,      /* ~, null, Null, NULL, empty */
	YS_BOOL,      /* yes/no/true/false/on/off in three casings */
	YS_INT,       /* decimal, 0x hex, 0 octal, 0b binary, sexagesimal; '_' allowed */
	YS_FLOAT,     /* 1.5, .5, 1.0e+3, .inf, .nan */
	YS_TIMESTAMP  /* 2001-12-14 and friends: no JSON type, loaded as a string */
};

struct ys_value {
	enum ys_kind kind;
	int boolean;
	double number;
};

/* Resolves a plain (unquoted, untagged) scalar the way PyYAML's loader does. */
void ys_resolve(const char *s, size_t len, struct ys_value *v);

/* True when a string must be quoted to read back as a string, in YAML 1.1
 * or 1.2 (a superset of ys_resolve's non-strings: "1e5" too). */
int ys_needs_quotes(const char *s);

#endif
