/* curllinked.c — the curlapi table of a tool that links libcurl: the
 * functions themselves, so only a tool that calls fg_curl_linked needs
 * -lcurl (lib is an archive; this object is taken only then). */
#include <stdlib.h>

#include "curlapi.h"

static const struct curlapi api = {
	curl_global_init, curl_global_cleanup, curl_easy_init, curl_easy_setopt,
	curl_easy_getinfo, curl_easy_perform, curl_easy_strerror, curl_easy_escape,
	curl_easy_cleanup, curl_slist_append, curl_slist_free_all, curl_multi_init,
	curl_multi_add_handle, curl_multi_remove_handle, curl_multi_perform,
	curl_multi_poll, curl_multi_info_read, curl_multi_cleanup, curl_url,
	curl_url_set, curl_url_get, curl_url_cleanup, curl_free,
};

const struct curlapi *
fg_curl_linked(struct fg_err *e)
{
	static int ready;

	if (ready)
		return &api;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fg_err_set(e, FG_ERUNTIME, "http: cannot initialise libcurl");
		return NULL;
	}
	atexit(curl_global_cleanup);
	ready = 1;
	return &api;
}
