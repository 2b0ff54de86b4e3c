/* resolve.c — api_key_ref -> api_key from its credential file; "${VAR}" -> $VAR. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "input.h"
#include "resolve.h"

/* Keys are short; staying under fg_read_fd's first buffer means no copy of a
 * key is left behind by a realloc. */
#define MAX_KEY_FILE 16384

/* Where the walk is: one frame per level, on the stack. The path text is
 * made from them only for an error message; formatting it at every node
 * cost a fifth of the run on large documents. */
struct frame {
	const struct frame *up;
	const char *key;        /* the member's name, or NULL in an array */
	int index;
};

struct path {
	char buf[1024];
	size_t len;
};

void
resolver_init(struct resolver *r, const cJSON *credentials, const char *prog)
{
	r->credentials = credentials;
	r->prog = prog;
	r->warnings = NULL;
	r->nwarnings = 0;
	strmap_init(&r->cache);
}

void
resolver_warn(const struct resolver *r)
{
	size_t i;

	for (i = 0; i < r->nwarnings; i++)
		fg_warn(r->prog, "credential '%s': %s has mode %04o, expected 0600",
		    r->warnings[i].ref, r->warnings[i].file, r->warnings[i].mode);
}

void
resolver_free(struct resolver *r)
{
	size_t i;

	for (i = 0; i < r->cache.cap; i++) {
		if (r->cache.slots[i].key != NULL) {
			char *v = r->cache.slots[i].val;
			explicit_bzero(v, strlen(v));
			free(v);
		}
	}
	strmap_free(&r->cache);
	free(r->warnings);
}

/* Appends ".key" or "[i]" to the path, cut at the buffer's end. */
static void
path_push(struct path *p, const char *key, int index)
{
	int n;

	if (key != NULL)
		n = snprintf(p->buf + p->len, sizeof p->buf - p->len, "%s%s", p->len ? "." : "", key);
	else
		n = snprintf(p->buf + p->len, sizeof p->buf - p->len, "[%d]", index);
	if (n > 0)
		p->len = p->len + (size_t)n < sizeof p->buf ? p->len + (size_t)n : sizeof p->buf - 1;
}

/* The path of frame f, from the root down: "model_list[0].litellm_params". */
static void
path_render(struct path *p, const struct frame *f)
{
	if (f == NULL) {
		p->buf[0] = '\0';
		p->len = 0;
		return;
	}
	path_render(p, f->up);
	path_push(p, f->key, f->index);
}

/* The path of frame f, then leaf when it is not NULL, for an error message. */
static const char *
path_of(struct path *p, const struct frame *f, const char *leaf)
{
	path_render(p, f);
	if (leaf != NULL)
		path_push(p, leaf, 0);
	return p->buf;
}

static void
strip(char *s)
{
	size_t len = strlen(s), start = 0;

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	while (isspace((unsigned char)s[start]))
		start++;
	memmove(s, s + start, len - start + 1);
}

/* A credential file whose mode is not 0600, reported once the whole job has
 * succeeded: a failed run prints its one error line and nothing else. */
static int
note_mode(struct resolver *r, const char *ref, const char *file, mode_t mode)
{
	struct cred_warning *w;

	if ((mode & 07777) == 0600)
		return 0;
	if ((w = realloc(r->warnings, (r->nwarnings + 1) * sizeof *w)) == NULL)
		return -1;
	r->warnings = w;
	w[r->nwarnings].ref = ref;
	w[r->nwarnings].file = file;
	w[r->nwarnings++].mode = (unsigned)(mode & 07777);
	return 0;
}

/* Reads a credential file; errors say which reference and which file, never
 * what it holds. It must be a regular file: a folder, /dev/zero or a FIFO
 * with no writer is refused before anything is read. */
static char *
read_key(struct resolver *r, const char *ref, const char *file, const char *where,
    struct fg_err *e)
{
	struct fg_err io = { 0 };
	struct stat st;
	char *buf = NULL;
	size_t len;
	int fd;

	if ((fd = fg_open_regular(file, O_RDONLY, 0)) < 0) {
		fg_err_set(e, FG_ERUNTIME, "%s: credential '%s': %s: %s", where, ref, file,
		    fd == FG_NOT_REGULAR ? "not a regular file" :
		    errno == ENOENT ? "file not found" : errno == EACCES ? "file unreadable" :
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		fg_err_set(e, FG_ERUNTIME, "%s: credential '%s': %s: %s", where, ref, file,
		    strerror(errno));
		goto out;
	}
	if (fg_read_fd(fd, file, MAX_KEY_FILE, &buf, &len, &io) != 0) {
		fg_err_set(e, FG_ERUNTIME, "%s: credential '%s': %s", where, ref, io.msg);
		goto out;
	}
	if (memchr(buf, '\0', len) != NULL) {
		fg_err_set(e, FG_ERUNTIME, "%s: credential '%s': %s: file contains a NUL byte", where,
		    ref, file);
		goto fail;
	}
	strip(buf);
	if (buf[0] == '\0') {
		fg_err_set(e, FG_ERUNTIME, "%s: credential '%s': %s: file is empty", where, ref, file);
		goto fail;
	}
	if (note_mode(r, ref, file, st.st_mode) != 0) {
		fg_err_set(e, FG_ERUNTIME, "%s: out of memory", where);
		goto fail;
	}
	goto out;
fail:
	explicit_bzero(buf, len);
	free(buf);
	buf = NULL;
out:
	close(fd);
	return buf;
}

static const char *
lookup_key(struct resolver *r, const char *ref, const struct frame *at, struct fg_err *e)
{
	const cJSON *file;
	struct path p;
	const char *where;
	char *key = strmap_get(&r->cache, ref);

	if (key != NULL)
		return key;
	/* A file not read yet: whatever goes wrong names this reference. */
	where = path_of(&p, at, "api_key_ref");
	file = cJSON_GetObjectItemCaseSensitive(r->credentials, ref);
	if (!cJSON_IsString(file)) {
		fg_err_set(e, FG_EUSAGE, "%s: unknown credential reference '%s' (not in credentials.upstream)",
		    where, ref);
		return NULL;
	}
	/* The name the cache and the warnings keep must outlive the document
	 * (whose api_key_ref node is replaced): the credentials tree's does. */
	ref = file->string;
	if ((key = read_key(r, ref, file->valuestring, where, e)) == NULL)
		return NULL;
	if (strmap_put(&r->cache, ref, key) != 0) {
		explicit_bzero(key, strlen(key));
		free(key);
		fg_err_set(e, FG_ERUNTIME, "%s: out of memory", where);
		return NULL;
	}
	return key;
}

/* api_key_ref becomes api_key, in its place; an api_key beside it yields.
 * at is obj's frame; *out is the new node, which holds a secret and is not
 * walked again. */
static int
resolve_ref(struct resolver *r, cJSON *obj, cJSON *ref, const struct frame *at, cJSON **out,
    struct fg_err *e)
{
	struct path p;
	const char *key;
	cJSON *val;

	if (!cJSON_IsString(ref) || ref->valuestring[0] == '\0')
		return fg_err_set(e, FG_EUSAGE, "%s: must be a credential name",
		    path_of(&p, at, "api_key_ref"));
	if ((key = lookup_key(r, ref->valuestring, at, e)) == NULL)
		return e->code;
	if ((val = cJSON_CreateString(key)) == NULL || (val->string = fg_json_strdup("api_key")) == NULL) {
		cJSON_Delete(val);
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", path_of(&p, at, NULL));
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, "api_key");
	cJSON_ReplaceItemViaPointer(obj, ref, val);
	*out = val;
	return 0;
}

/* "${NAME}" exactly: returns 1 and the name's span. */
static int
env_reference(const char *s, size_t *len)
{
	size_t n = strlen(s), i;

	if (n < 4 || s[0] != '$' || s[1] != '{' || s[n - 1] != '}')
		return 0;
	if (!isalpha((unsigned char)s[2]) && s[2] != '_')
		return 0;
	for (i = 2; i < n - 1; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	*len = n - 3;
	return 1;
}

/* node is a string at frame at. */
static int
resolve_env(cJSON *node, const struct frame *at, struct fg_err *e)
{
	struct path p;
	char name[256];
	size_t len;
	const char *val;

	if (!env_reference(node->valuestring, &len))
		return 0;
	if (len >= sizeof name)
		return fg_err_set(e, FG_EUSAGE, "%s: variable name too long", path_of(&p, at, NULL));
	memcpy(name, node->valuestring + 2, len);
	name[len] = '\0';
	if ((val = getenv(name)) == NULL)
		return fg_err_set(e, FG_EUSAGE, "%s: environment variable %s is not set",
		    path_of(&p, at, NULL), name);
	if (cJSON_SetValuestring(node, val) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", path_of(&p, at, NULL));
	return 0;
}

/* at is node's frame, NULL for the root. */
/* One pass over an object's members (a look-up of api_key_ref first cost a
 * second pass, a cache miss a member on a large object): api_key_ref is
 * resolved where it stands, and a plain api_key met before it waits, since
 * the ref replaces it unwalked. */
static int
walk(struct resolver *r, cJSON *node, const struct frame *at, struct fg_err *e)
{
	struct frame f = { at, NULL, 0 };
	cJSON *it, *next, *resolved, *api_key = NULL;
	int obj = (node->type & 0xff) == cJSON_Object, rc, api_key_index = 0;

	/* The type from the node: cJSON_Is* are calls into the library. */
	if ((node->type & 0xff) == cJSON_String)
		return resolve_env(node, at, e);
	for (it = node->child; it; it = next, f.index++) {
		next = it->next;
		if (obj) {
			f.key = it->string;
			if (strcmp(it->string, "api_key_ref") == 0) {
				if ((rc = resolve_ref(r, node, it, at, &resolved, e)) != 0)
					return rc;
				/* Any api_key, before or after, is gone. */
				api_key = NULL;
				next = resolved->next;
				continue;
			}
			if (strcmp(it->string, "api_key") == 0) {
				api_key = it;
				api_key_index = f.index;
				continue;
			}
		}
		if ((rc = walk(r, it, &f, e)) != 0)
			return rc;
	}
	if (api_key == NULL)
		return 0;
	f.key = api_key->string;
	f.index = api_key_index;
	return walk(r, api_key, &f, e);
}

int
resolve_tree(struct resolver *r, cJSON *root, struct fg_err *e)
{
	return walk(r, root, NULL, e);
}
