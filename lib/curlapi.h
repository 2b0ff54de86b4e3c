/* curlapi.h — the libcurl functions FlowGate calls, as one table, so the
 * HTTP code in lib/http works the same whether a tool links libcurl (fg-oauth,
 * fg-fetch, fg-client: fg_curl_linked) or loads it with dlopen the first time
 * a request is due (fg-spawn, whose status, stop and port never load libcurl
 * and the thirty-odd libraries it needs: fg_curl_loaded). Compiled against
 * curl/curl.h either way: its types and constants. */
#ifndef FG_CURLAPI_H
#define FG_CURLAPI_H

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
	__typeof__(curl_easy_perform) *easy_perform;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_easy_escape) *easy_escape;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_slist_append) *slist_append;
	__typeof__(curl_slist_free_all) *slist_free_all;
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

/* libcurl linked into the tool, globally initialised on the first call (and
 * cleaned up at exit); the same table on every later one. NULL with e set
 * ("http: cannot initialise libcurl") when it does not initialise. */
const struct curlapi *fg_curl_linked(struct fg_err *e);
/* libcurl loaded with dlopen and initialised on the first call. NULL when it
 * cannot be loaded, lacks one of the functions or does not initialise, with
 * e set to "cmd: cannot load libcurl: why" (one line); a later call tries
 * again. */
const struct curlapi *fg_curl_loaded(const char *cmd, struct fg_err *e);

#endif
