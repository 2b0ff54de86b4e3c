/* curlload.c — libcurl by dlopen at first use: loading it at exec costs
 * milliseconds (its own dependencies, their relocations) that the commands
 * making no HTTP request would pay for nothing. */
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "curlapi.h"

/* dlsym returns an object pointer; POSIX guarantees a function pointer has
 * the same size and representation, which the copy below relies on. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function pointers fit in void *");

#define SYM(field) { "curl_" #field, offsetof(struct curlapi, field) }

static const struct {
	const char *name;
	size_t offset;
} symbols[] = {
	SYM(global_init), SYM(global_cleanup), SYM(easy_init), SYM(easy_setopt),
	SYM(easy_getinfo), SYM(easy_perform), SYM(easy_strerror), SYM(easy_escape),
	SYM(easy_cleanup), SYM(slist_append), SYM(slist_free_all), SYM(multi_init),
	SYM(multi_add_handle), SYM(multi_remove_handle), SYM(multi_perform),
	SYM(multi_poll), SYM(multi_info_read), SYM(multi_cleanup), SYM(url),
	SYM(url_set), SYM(url_get), SYM(url_cleanup), SYM(free),
};

static struct curlapi api;
static int loaded;

static int
load_error(const char *cmd, const char *why, struct fg_err *e)
{
	return fg_err_set(e, FG_ERUNTIME, "%s: cannot load libcurl: %s", cmd,
	    why != NULL ? why : "unknown dynamic loader error");
}

/* Fills api from lib; 0, or -1 naming the first function missing. */
static int
resolve_all(void *lib, const char *cmd, struct fg_err *e)
{
	void *p;
	size_t i;

	for (i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
		(void)dlerror();
		if ((p = dlsym(lib, symbols[i].name)) == NULL) {
			load_error(cmd, dlerror(), e);
			return -1;
		}
		memcpy((char *)&api + symbols[i].offset, &p, sizeof p);
	}
	return 0;
}

const struct curlapi *
fg_curl_loaded(const char *cmd, struct fg_err *e)
{
	void *lib;

	if (loaded)
		return &api;
	/* RTLD_LOCAL: its symbols stay out of the way of anything loaded later. */
	if ((lib = dlopen(CURLAPI_SONAME, RTLD_LAZY | RTLD_LOCAL)) == NULL) {
		load_error(cmd, dlerror(), e);
		return NULL;
	}
	if (resolve_all(lib, cmd, e) != 0) {
		dlclose(lib);
		return NULL;
	}
	/* Never unloaded: global_cleanup runs at exit from the library itself. */
	if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		load_error(cmd, "curl_global_init failed (out of memory?)", e);
		return NULL;
	}
	atexit(api.global_cleanup);
	loaded = 1;
	return &api;
}
