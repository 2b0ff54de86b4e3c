/* merge.h — deep merge of JSON trees: objects recurse, anything else replaces. */
#ifndef FG_MERGE_MERGE_H
#define FG_MERGE_MERGE_H

#include <cjson/cJSON.h>

/* Merges overlay into base, consuming overlay (its nodes move into base).
 * Returns the merged tree (base, or overlay when either is not an object),
 * or NULL when out of memory. Linear in the size of both. */
cJSON *merge_into(cJSON *base, cJSON *overlay);

#endif
