/* yamlfast.h — the plain block YAML of a config, read without libyaml. */
#ifndef FG_YAMLFAST_H
#define FG_YAMLFAST_H

#include <stddef.h>
#include <cjson/cJSON.h>

/* The tree of buf when it is wholly of the subset this path reads (and
 * within the loader's limits), as libyaml's path would load it; NULL for
 * anything else, which is then libyaml's to load or to refuse. Never an
 * error of its own. buf holds no NUL (the loader refused one). */
cJSON *yf_load(const char *buf, size_t len);

#endif
