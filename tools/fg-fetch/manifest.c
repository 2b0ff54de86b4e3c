/* manifest.c — a manifest that cannot be read or parsed is no manifest to
 * fetch: the release is installed again, never trusted on a guess. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "jsonread.h"
#include "atomic.h"
#include "input.h"
#include "jsonwrite.h"
#include "manifest.h"

#define MANIFEST_MAX ((size_t)64 << 10)

static const char *
string_of(const cJSON *doc, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *
digest(const cJSON *doc, const char *key)
{
	const char *v = string_of(doc, key);

	return v != NULL && sha256_is_hex(v, strlen(v)) ? v : NULL;
}

enum manifest_state
manifest_load(const char *path, struct manifest_doc *d)
{
	struct fg_err e = { 0 };
	char *buf = NULL;
	size_t len = 0;
	int fd;

	memset(d, 0, sizeof *d);
	if ((fd = fg_open_regular(path, O_RDONLY, 0)) < 0)
		return fd == -1 && (errno == ENOENT || errno == ENOTDIR) ? MANIFEST_ABSENT :
		    MANIFEST_INVALID;
	if (fg_read_fd(fd, path, MANIFEST_MAX, &buf, &len, &e) != 0) {
		close(fd);
		return MANIFEST_INVALID;
	}
	close(fd);
	d->doc = jr_parse_outside(buf, len, path, &e);
	free(buf);
	d->repo = string_of(d->doc, "repo");
	d->tag = string_of(d->doc, "tag");
	d->asset = string_of(d->doc, "asset");
	d->sha256 = digest(d->doc, "sha256");
	d->installed_at = string_of(d->doc, "installed_at");
	d->fingerprint = string_of(d->doc, "fingerprint");
	if (cJSON_IsObject(d->doc) && d->repo && d->tag && d->asset && d->sha256)
		return MANIFEST_VALID;
	manifest_close(d);
	return MANIFEST_INVALID;
}

void
manifest_close(struct manifest_doc *d)
{
	cJSON_Delete(d->doc);
	memset(d, 0, sizeof *d);
}

void
manifest_fingerprint(const struct stat *st, char *buf)
{
	snprintf(buf, FINGERPRINT_MAX, "%llu:%lld:%lld.%09ld:%lld.%09ld",
	    (unsigned long long)st->st_ino, (long long)st->st_size,
	    (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec,
	    (long long)st->st_ctim.tv_sec, (long)st->st_ctim.tv_nsec);
}

/* Hashes bin (regular, as stat said) and compares it with the digest. */
static int
rehash(const struct manifest_doc *d, const char *bin, long long *bytes, struct fg_err *e)
{
	char now[SHA256_HEX_LEN + 1];
	int fd, rc;

	if ((fd = fg_open_regular(bin, O_RDONLY, 0)) == FG_NOT_REGULAR)
		return BINARY_CHANGED;
	if (fd < 0 && errno == ENOENT)
		return BINARY_MISSING;
	if (fd < 0) {
		fg_err_set(e, FG_ERUNTIME, "%s: %s", bin, strerror(errno));
		return -1;
	}
	rc = sha256_fd(fd, now, bytes);
	close(fd);
	if (rc != 0) {
		fg_err_set(e, FG_ERUNTIME, "%s: cannot read it to hash it", bin);
		return -1;
	}
	return strcasecmp(now, d->sha256) == 0 ? BINARY_SAME : BINARY_CHANGED;
}

/* Nothing changes a file's bytes without setting its ctime to the current
 * time, which no system call sets back: the same inode, size, mtime and
 * ctime are the same bytes, and reading 30 MB again would only say so. */
int
manifest_binary_state(const struct manifest_doc *d, const char *bin, long long *bytes,
    struct fg_err *e)
{
	char now[FINGERPRINT_MAX];
	struct stat st;

	*bytes = 0;
	if (stat(bin, &st) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return BINARY_MISSING;
		fg_err_set(e, FG_ERUNTIME, "%s: %s", bin, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode))
		return BINARY_CHANGED;
	manifest_fingerprint(&st, now);
	if (d->fingerprint != NULL && strcmp(now, d->fingerprint) == 0) {
		*bytes = (long long)st.st_size;
		return BINARY_SAME;
	}
	return rehash(d, bin, bytes, e);
}

static void
lower_hex(char *dst, const char *hex)
{
	size_t i;

	for (i = 0; i < SHA256_HEX_LEN; i++)
		dst[i] = (char)(hex[i] >= 'A' && hex[i] <= 'F' ? hex[i] + 32 : hex[i]);
	dst[i] = '\0';
}

int
manifest_current(const char *path, const char *bin, struct manifest *m)
{
	struct manifest_doc d;
	struct fg_err e = { 0 };
	const char *asset_sha;
	int ok;

	if (manifest_load(path, &d) != MANIFEST_VALID)
		return 0;
	ok = strcmp(d.repo, m->repo) == 0 && strcmp(d.tag, m->tag) == 0 &&
	    strcmp(d.asset, m->asset) == 0 &&
	    manifest_binary_state(&d, bin, &m->bytes, &e) == BINARY_SAME;
	if (ok) {
		lower_hex(m->sha256, d.sha256);
		asset_sha = digest(d.doc, "asset_sha256");
		snprintf(m->asset_sha256, sizeof m->asset_sha256, "%s", asset_sha ? asset_sha : "");
		m->verified = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d.doc, "verified"));
	}
	manifest_close(&d);
	return ok;
}

static void
utc_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}

int
manifest_write(const char *path, const struct manifest *m, struct fg_err *e)
{
	cJSON *doc = cJSON_CreateObject();
	struct fg_atomic a;
	char when[32];

	utc_now(when, sizeof when);
	if (doc == NULL || cJSON_AddStringToObject(doc, "repo", m->repo) == NULL ||
	    cJSON_AddStringToObject(doc, "tag", m->tag) == NULL ||
	    cJSON_AddStringToObject(doc, "asset", m->asset) == NULL ||
	    cJSON_AddStringToObject(doc, "sha256", m->sha256) == NULL ||
	    cJSON_AddStringToObject(doc, "asset_sha256", m->asset_sha256) == NULL ||
	    cJSON_AddBoolToObject(doc, "verified", m->verified) == NULL ||
	    cJSON_AddStringToObject(doc, "installed_at", when) == NULL ||
	    (m->fingerprint[0] != '\0' &&
	    cJSON_AddStringToObject(doc, "fingerprint", m->fingerprint) == NULL)) {
		cJSON_Delete(doc);
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", path);
	}
	if (fg_atomic_open(&a, path, e) != 0) {
		cJSON_Delete(doc);
		return e->code;
	}
	if (fg_json_write(a.f, doc, 1) != 0) {
		fg_atomic_abort(&a);
		cJSON_Delete(doc);
		return fg_err_set(e, FG_ERUNTIME, "%s: cannot write", path);
	}
	cJSON_Delete(doc);
	return fg_atomic_commit(&a, 0644, e);
}
