/* common.c — the stack the clients point at, a client's file (read, backed
 * up, replaced atomically), byte edits and the records revert reads. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "client.h"
#include "fnv.h"
#include "input.h"
#include "jsonwrite.h"
#include "mkdirs.h"
#include "yamljson.h"

int
client_parse(const char *name, enum client *c)
{
	if (strcmp(name, "codex") == 0)
		*c = CLIENT_CODEX;
	else if (strcmp(name, "claude-code") == 0)
		*c = CLIENT_CLAUDE;
	else
		return -1;
	return 0;
}

const char *
client_name(enum client c)
{
	return c == CLIENT_CODEX ? "codex" : "claude-code";
}

static const char *
str_at(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The first model_name of a model_list that names one model (a wildcard
 * entry serves many and names none a client could ask for). */
static const char *
first_model(const cJSON *holder)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(holder, "model_list"), *m;
	const char *name;

	cJSON_ArrayForEach(m, list) {
		name = str_at(m, "model_name");
		if (name != NULL && *name != '\0' && strchr(name, '*') == NULL)
			return name;
	}
	return NULL;
}

/* The trees the target's strings point into: they live until exit, and
 * go then (so a leak checker sees every other allocation). */
static cJSON *config_tree, *active_tree;

static void
free_trees(void)
{
	cJSON_Delete(config_tree);
	cJSON_Delete(active_tree);
}

/* The active config's first model, when the file is there and loads. */
static const char *
active_first_model(const char *path)
{
	struct fg_err e;
	cJSON *active;
	const char *name;

	if (path == NULL || access(path, R_OK) != 0)
		return NULL;
	if ((active = yj_load_file(path, NULL, &e)) == NULL)
		return NULL;
	name = first_model(active);
	/* The tree lives until exit: name points into it. */
	active_tree = active;
	return name;
}

int
target_load(const cJSON *cfg, struct target *t, struct fg_err *e)
{
	const cJSON *lite = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(cfg, "services"), "litellm");
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(cfg, "integration");
	const cJSON *paths = cJSON_GetObjectItemCaseSensitive(cfg, "paths");
	const cJSON *port = cJSON_GetObjectItemCaseSensitive(lite, "port");
	const char *host = str_at(lite, "host");
	char h[300];

	memset(t, 0, sizeof *t);
	if (!cJSON_IsObject(cfg) || !cJSON_IsObject(in) || host == NULL || !cJSON_IsNumber(port) ||
	    str_at(paths, "runtime_dir") == NULL)
		return fg_err_set(e, FG_EUSAGE,
		    "config: not a normalized FlowGate config with services.litellm and integration (pipe fg-config's output in)");
	/* A service listening on every address is reached on loopback. */
	if (strcmp(host, "0.0.0.0") == 0 || *host == '\0')
		host = "127.0.0.1";
	else if (strcmp(host, "::") == 0 || strcmp(host, "[::]") == 0)
		host = "::1";
	if (strchr(host, ':') != NULL && host[0] != '[')
		snprintf(h, sizeof h, "[%s]", host);
	else
		snprintf(h, sizeof h, "%s", host);
	snprintf(t->base, sizeof t->base, "http://%s:%d", h, port->valueint);
	if (snprintf(t->codex_base, sizeof t->codex_base, "%s/v1", t->base) >= (int)sizeof t->codex_base)
		return fg_err_set(e, FG_EUSAGE, "config: services.litellm.host is too long");
	t->env_key = str_at(in, "env_key");
	t->key_file = str_at(in, "key_file");
	t->runtime_dir = str_at(paths, "runtime_dir");
	t->default_model = str_at(in, "default_model");
	if (t->default_model == NULL)
		t->default_model = active_first_model(str_at(paths, "active_config"));
	if (t->default_model == NULL)
		t->default_model = first_model(cJSON_GetObjectItemCaseSensitive(cfg, "litellm_base"));
	if (t->default_model == NULL)
		return fg_err_set(e, FG_EUSAGE,
		    "config: no model to point the clients at: set integration.default_model, or give litellm_base.model_list a model_name");
	t->fast_model = str_at(in, "fast_model");
	if (t->fast_model == NULL)
		t->fast_model = t->default_model;
	if (t->env_key == NULL || t->key_file == NULL)
		return fg_err_set(e, FG_EUSAGE, "config: integration.env_key and key_file are missing (pipe fg-config's output in)");
	return 0;
}

int
target_key(const struct target *t, char *key, struct fg_err *e)
{
	char *buf;
	size_t len, i;
	int rc = fg_read_regular(t->key_file, KEY_MAX - 1, &buf, &len, e);

	if (rc == 1)
		return fg_err_set(e, FG_ERUNTIME,
		    "%s: no such file; write the key clients send to LiteLLM into it (mode 0600)",
		    t->key_file);
	if (rc != 0) {
		/* Not FlowGate's config that is wrong, but a file on disk. */
		e->code = FG_ERUNTIME;
		return -1;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' ' ||
	    buf[len - 1] == '\t'))
		len--;
	for (i = 0; i < len; i++)
		if ((unsigned char)buf[i] < 0x21 || buf[i] == 0x7f)
			break;
	if (len == 0 || i < len) {
		memset(buf, 0, len);
		free(buf);
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", t->key_file,
		    len == 0 ? "empty; write the key clients send to LiteLLM into it" :
		    "the key must be one line of printable characters without spaces");
	}
	memcpy(key, buf, len);
	key[len] = '\0';
	memset(buf, 0, len);
	free(buf);
	return 0;
}

int
config_load(const char *path, int fd, struct target *t, struct fg_err *e)
{
	char name[32], *buf;
	size_t len;
	cJSON *cfg;

	if (fd < 0) {
		cfg = yj_load_file(path, NULL, e);
	} else {
		snprintf(name, sizeof name, "<fd %d>", fd);
		if (fg_read_fd(fd, name, FG_MAX_JSON, &buf, &len, e) != 0) {
			close(fd);
			return -1;
		}
		close(fd);
		cfg = yj_load(buf, len, name, NULL, e);
		free(buf);
	}
	if (cfg == NULL)
		return -1;
	config_tree = cfg;
	atexit(free_trees);
	return target_load(cfg, t, e);
}

int
config_fd_parse(const char *s, int *fd)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 3 || v > 1024)
		return -1;
	*fd = (int)v;
	return 0;
}

int
client_file_path(enum client c, const char *override, char *buf, size_t size, struct fg_err *e)
{
	const char *dir = getenv(c == CLIENT_CODEX ? "CODEX_HOME" : "CLAUDE_CONFIG_DIR");
	const char *home = getenv("HOME");
	const char *name = c == CLIENT_CODEX ? "config.toml" : "settings.json";
	int n;

	if (override != NULL)
		n = snprintf(buf, size, "%s", override);
	else if (dir != NULL && *dir != '\0')
		n = snprintf(buf, size, "%s/%s", dir, name);
	else if (home != NULL && *home != '\0')
		n = snprintf(buf, size, "%s/%s/%s", home, c == CLIENT_CODEX ? ".codex" : ".claude", name);
	else
		return fg_err_set(e, FG_EUSAGE, "HOME is not set: cannot find %s's %s (give --file)",
		    client_name(c), name);
	if (n < 0 || (size_t)n >= size || *buf == '\0')
		return fg_err_set(e, FG_EUSAGE, "%s's file: the path is too long or empty", client_name(c));
	return 0;
}

/* The file a path names, through symlinks; a symlink to nothing names its
 * target, so the write makes that file. */
static int
resolve(const char *path, char *real, size_t size, struct fg_err *e)
{
	char link[4096], next[4096], *slash;
	ssize_t n;
	int hops, m;

	snprintf(real, size, "%s", path);
	for (hops = 0; hops < 40; hops++) {
		n = readlink(real, link, sizeof link - 1);
		if (n < 0)
			return (errno == EINVAL || errno == ENOENT) ? 0 :
			    fg_err_set(e, FG_ERUNTIME, "%s: %s", path, strerror(errno));
		link[n] = '\0';
		if (link[0] == '/' || (slash = strrchr(real, '/')) == NULL)
			m = snprintf(next, sizeof next, "%s", link);
		else
			m = snprintf(next, sizeof next, "%.*s/%s", (int)(slash - real), real, link);
		if (m < 0 || (size_t)m >= sizeof next || (size_t)m >= size)
			return fg_err_set(e, FG_ERUNTIME, "%s: a symlink's target is too long", path);
		memcpy(real, next, (size_t)m + 1);
	}
	return fg_err_set(e, FG_ERUNTIME, "%s: too many symlinks", path);
}

int
client_file_load(struct client_file *f, const char *path, struct fg_err *e)
{
	struct stat st;
	int fd;

	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "%s", path);
	if (resolve(path, f->real, sizeof f->real, e) != 0)
		return -1;
	fd = fg_open_regular(f->real, O_RDONLY, 0);
	if (fd == FG_NOT_REGULAR)
		return fg_err_set(e, FG_ERUNTIME, "%s: not a regular file", path);
	if (fd < 0 && errno == ENOENT) {
		f->text = strdup("");
		return f->text == NULL ? fg_err_set(e, FG_ERUNTIME, "out of memory") : 0;
	}
	if (fd < 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || fg_read_fd(fd, path, CLIENT_FILE_MAX, &f->text, &f->len, e) != 0) {
		if (e->msg[0] == '\0')
			fg_err_set(e, FG_ERUNTIME, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (memchr(f->text, '\0', f->len) != NULL) {
		client_file_free(f);
		return fg_err_set(e, FG_ERUNTIME, "%s: holds a NUL byte; not a text file", path);
	}
	f->exists = 1;
	f->mode = st.st_mode & 07777;
	return 0;
}

void
client_file_free(struct client_file *f)
{
	free(f->text);
	f->text = NULL;
}

int
client_file_backup(const struct client_file *f, char *backup, size_t size, struct fg_err *e)
{
	long long now = (long long)time(NULL);
	size_t off = 0;
	ssize_t w;
	int fd = -1, i;

	for (i = 0; i < 100 && fd < 0; i++) {
		if (i == 0)
			snprintf(backup, size, "%s.backup.%lld", f->real, now);
		else
			snprintf(backup, size, "%s.backup.%lld.%d", f->real, now, i);
		fd = open(backup, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0 && errno != EEXIST)
			return fg_err_set(e, FG_ERUNTIME, "%s: cannot back up: %s", backup, strerror(errno));
	}
	if (fd < 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: cannot back up: too many backups this second", f->real);
	while (off < f->len) {
		w = write(fd, f->text + off, f->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		off += (size_t)w;
	}
	if (off < f->len || fsync(fd) != 0) {
		fg_err_set(e, FG_ERUNTIME, "%s: cannot back up: %s", backup, strerror(errno));
		close(fd);
		unlink(backup);
		return -1;
	}
	close(fd);
	return 0;
}

int
client_file_save(const struct client_file *f, const char *text, size_t len, mode_t mode,
    struct fg_err *e)
{
	struct fg_atomic a;

	if (mode == 0)
		mode = f->exists ? f->mode : 0600;
	if (fg_make_parents(f->real, e) != 0 || fg_atomic_open(&a, f->real, e) != 0)
		return -1;
	if (fwrite(text, 1, len, a.f) != len) {
		fg_atomic_abort(&a);
		return fg_err_set(e, FG_ERUNTIME, "%s: write failed: %s", f->real, strerror(errno));
	}
	return fg_atomic_commit(&a, mode, e);
}

int
edits_add(struct edits *x, size_t at, size_t len, const char *text)
{
	struct edit *v;

	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 8;
		if ((v = realloc(x->v, x->cap * sizeof *v)) == NULL)
			return -1;
		x->v = v;
	}
	if ((x->v[x->n].text = strdup(text)) == NULL)
		return -1;
	x->v[x->n].at = at;
	x->v[x->n].len = len;
	x->v[x->n].seq = x->n;
	x->n++;
	return 0;
}

static int
by_position(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	/* An insertion goes before a replacement at the same place, and
	 * insertions there go in the order they were made (qsort is not stable). */
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

char *
edits_apply(const struct edits *x, const char *src, size_t len, size_t *outlen)
{
	size_t cap = len + 1, n = 0, pos = 0, i, k;
	char *out;

	for (i = 0; i < x->n; i++)
		cap += strlen(x->v[i].text);
	if ((out = malloc(cap)) == NULL)
		return NULL;
	if (x->n > 0)
		qsort(x->v, x->n, sizeof *x->v, by_position);
	for (i = 0; i < x->n; i++) {
		memcpy(out + n, src + pos, x->v[i].at - pos);
		n += x->v[i].at - pos;
		k = strlen(x->v[i].text);
		memcpy(out + n, x->v[i].text, k);
		n += k;
		pos = x->v[i].at + x->v[i].len;
	}
	memcpy(out + n, src + pos, len - pos);
	n += len - pos;
	out[n] = '\0';
	*outlen = n;
	return out;
}

void
edits_free(struct edits *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->v[i].text);
	free(x->v);
	memset(x, 0, sizeof *x);
}

int
record_path(const struct target *t, enum client c, const char *file, char *buf, size_t size)
{
	uint64_t h = fg_fnv1a64_str(file);   /* one record per client file */
	int n;

	n = snprintf(buf, size, "%s/integration/%s-%016llx.json", t->runtime_dir, client_name(c),
	    (unsigned long long)h);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

cJSON *
record_load(const char *path, struct fg_err *e)
{
	cJSON *rec;

	e->msg[0] = '\0';
	if (access(path, F_OK) != 0)
		return NULL;
	rec = yj_load_file(path, NULL, e);
	if (rec != NULL && !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(rec, "items"))) {
		fg_err_set(e, FG_ERUNTIME, "%s: not a record fg-client wrote (no items)", path);
		return NULL;
	}
	return rec;
}

int
record_save(const char *path, const cJSON *rec, struct fg_err *e)
{
	struct fg_atomic a;

	if (fg_make_parents(path, e) != 0 || fg_atomic_open(&a, path, e) != 0)
		return -1;
	if (fg_json_write(a.f, rec, 1) != 0) {
		fg_atomic_abort(&a);
		return fg_err_set(e, FG_ERUNTIME, "%s: write failed", path);
	}
	return fg_atomic_commit(&a, 0600, e);
}

const cJSON *
record_before(const cJSON *old, const char *item, const cJSON *now)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(old, "items"), item);
	const cJSON *applied = cJSON_GetObjectItemCaseSensitive(it, "applied");
	const cJSON *before = cJSON_GetObjectItemCaseSensitive(it, "before");

	if (it == NULL || applied == NULL || before == NULL)
		return now;
	if (now == NULL ? cJSON_IsNull(applied) : cJSON_Compare(applied, now, 1))
		return cJSON_IsNull(before) ? NULL : before;
	return now;
}

int
record_item(cJSON *rec, const char *item, const cJSON *before, const cJSON *applied)
{
	cJSON *items = cJSON_GetObjectItemCaseSensitive(rec, "items"), *o = cJSON_CreateObject();

	if (o == NULL || items == NULL ||
	    !cJSON_AddItemToObject(o, "before", before ? cJSON_Duplicate(before, 1) : cJSON_CreateNull()) ||
	    !cJSON_AddItemToObject(o, "applied", applied ? cJSON_Duplicate(applied, 1) : cJSON_CreateNull())) {
		cJSON_Delete(o);
		return -1;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(items, item);
	return cJSON_AddItemToObject(items, item, o) ? 0 : -1;
}

void
word_add(char *buf, size_t size, const char *word)
{
	size_t n = strlen(buf);

	snprintf(buf + n, size - n, "%s%s", n ? " " : "", word);
}
