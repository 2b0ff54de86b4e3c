/* probes.h — concurrent HTTP GET probes: 2xx or not, and why not. */
#ifndef FG_SPAWN_PROBES_H
#define FG_SPAWN_PROBES_H

#include <stddef.h>

#include "err.h"

#define PROBE_BODY_MAX ((size_t)1 << 20)    /* bodies are read and dropped up to 1 MiB */

struct probe_result {
	int ok;                 /* status 200-299 */
	long status;            /* 0: no HTTP answer */
	const char *error;      /* NULL when an answer came; else points at errbuf or a literal */
	const char *reason;     /* one word: none, http_NNN, timeout... (see fg-spawn(1)) */
	char errbuf[128];
	char reasonbuf[16];
	long elapsed_ms;
};

/* Loads libcurl (curlapi.h) unless it is: 0, or an error code with e set
 * ("cmd: cannot load libcurl: why"). Nothing below works before it. */
int probe_load(const char *cmd, struct fg_err *e);
/* 0 when url is an http:// or https:// URL; 1 when it is not, with why in
 * *problem and its reason word in *reason; -1 when out of memory. */
int probe_url_check(const char *url, const char **problem, const char **reason);
/* GETs every url at once; returns when all answered or timeout_ms passed.
 * Loads libcurl on first use. */
int probe_urls(const char *const *urls, size_t n, long timeout_ms,
    struct probe_result *res, struct fg_err *e);

#endif
