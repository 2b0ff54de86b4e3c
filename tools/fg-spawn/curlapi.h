/* curlapi.h — the libcurl functions fg-spawn calls, loaded with dlopen the
 * first time an HTTP request is due, so that status, stop, port and a start
 * without --wait-ready never load libcurl and the thirty-odd libraries it
 * needs. Compiled against curl/curl.h all the same: its types and constants. */
#ifndef FG_SPAWN_CURLAPI_H
#define FG_SPAWN_CURLAPI_H

#include <curl/curl.h>

#include "err.h"

/* The soname loaded: libcurl's ABI has been 4 since 7.16 (2006). */
#define CURLAPI_SONAME "libcurl.so.4"

/* Each pointer has the type curl.h declares for curl_NAME, so the two
 * cannot drift apart. */
struct curlapi {
	__typeof__(curl_global_init) *global_init;
	__typeof__(curl_global_cleanup) *global_cleanup;
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_setopt) *easy_setopt;
	__typeof__(curl_easy_getinfo) *easy_getinfo;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_multi_init) *multi_init;
	__typeof__(curl_multi_add_handle) *multi_add_handle;
	__typeof__(curl_multi_remove_handle) *multi_remove_handle;
	__typeof__(curl_multi_perform) *multi_perform;
	__typeof__(curl_multi_poll) *multi_poll;
	__typeof__(curl_multi_info_read) *multi_info_read;
	__typeof__(curl_multi_cleanup) *multi_cleanup;
	__typeof__(curl_url) *url;
	__typeof__(curl_url_set) *url_set;
	__typeof__(curl_url_get) *url_get;
	__typeof__(curl_url_cleanup) *url_cleanup;
	__typeof__(curl_free) *free;
};

/* libcurl, loaded and globally initialised on the first call; the same
 * table on every later one. NULL when it cannot be loaded, lacks one of the
 * functions or does not initialise, with e set to "cmd: cannot load
 * libcurl: why" (one line); a later call tries again. */
const struct curlapi *curlapi_get(const char *cmd, struct fg_err *e);

#endif
