/* authfiles.c — a login is confirmed by a file that is new, or rewritten
 * (a second login of the same account replaces its file). */
#include <stdio.h>
#include <string.h>

#include "authfiles.h"

void
authfiles_list(const struct mgmt *m, long timeout_ms, int interruptible, cJSON **files,
    struct mgmt_reply *r)
{
	*files = NULL;
	mgmt_call(m, "GET", MGMT_PREFIX "/auth-files", NULL, NULL, timeout_ms, interruptible, r);
	if (r->outcome != MGMT_OK)
		return;
	*files = cJSON_DetachItemFromObjectCaseSensitive(r->json, "files");
	mgmt_reply_free(r);
	if (cJSON_IsArray(*files))
		return;
	cJSON_Delete(*files);
	*files = NULL;
	r->outcome = MGMT_FAIL;
	snprintf(r->error, sizeof r->error, "GET " MGMT_PREFIX "/auth-files: no \"files\" list "
	    "in the answer");
	snprintf(r->hint, sizeof r->hint, "check that --base is CLIProxyAPIPlus's address");
}

static int
of_type(const cJSON *f, const char *type)
{
	const char *t = json_str(f, "type");

	if (t == NULL)
		t = json_str(f, "provider");
	return t != NULL && strcmp(t, type) == 0;
}

static const cJSON *
find_name(const cJSON *files, const char *name)
{
	const cJSON *f;
	const char *n;

	cJSON_ArrayForEach(f, files)
		if ((n = json_str(f, "name")) != NULL && strcmp(n, name) == 0)
			return f;
	return NULL;
}

static int
same_modtime(const cJSON *a, const cJSON *b)
{
	a = cJSON_GetObjectItemCaseSensitive(a, "modtime");
	b = cJSON_GetObjectItemCaseSensitive(b, "modtime");
	if (a == NULL || b == NULL)
		return a == b;
	return cJSON_Compare(a, b, 1);
}

const cJSON *
authfiles_new(const cJSON *before, const cJSON *after, const char *type)
{
	const cJSON *f, *old;
	const char *name;

	cJSON_ArrayForEach(f, after) {
		if (!of_type(f, type) || (name = json_str(f, "name")) == NULL)
			continue;
		if ((old = find_name(before, name)) == NULL)
			return f;
		if (!same_modtime(old, f))
			return f;
	}
	return NULL;
}
