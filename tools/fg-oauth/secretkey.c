/* secretkey.c — the secret-key as CLIProxyAPIPlus (internal/config) reads it:
 * a value starting $2a$, $2b$ or $2y$ is a bcrypt hash kept as it is; any
 * other non-empty value is a plaintext the proxy hashes at its next start;
 * an empty one turns the management API off (404 everywhere). The key is
 * checked as its management handler does, with bcrypt for a hash. */
#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "input.h"
#include "secretkey.h"
#include "yamljson.h"

/* A CLIProxyAPIPlus config is a few KiB; this leaves room for long key lists. */
#define CONFIG_MAX ((size_t)8 << 20)
#define SECRET_PATH "remote-management.secret-key"

static int
fault(struct secret *s, enum secret_fault f, struct fg_err *e)
{
	s->fault = f;
	return e->code;
}

/* looksLikeBcrypt in internal/config/config_validation.go. */
static int
looks_like_bcrypt(const char *v)
{
	return strlen(v) > 4 && (strncmp(v, "$2a$", 4) == 0 || strncmp(v, "$2b$", 4) == 0 ||
	    strncmp(v, "$2y$", 4) == 0);
}

/* The config's text; the file may hold other secrets (API keys), so the
 * caller zeroes it. */
static int
read_config(const char *config, struct secret *s, char **buf, size_t *len, struct fg_err *e)
{
	int fd, rc;

	if ((fd = fg_open_regular(config, O_RDONLY, 0)) == FG_NOT_REGULAR) {
		fg_err_set(e, FG_EUSAGE, "%s: not a regular file", config);
		return fault(s, SECRET_UNREADABLE, e);
	}
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
		fg_err_set(e, FG_EUSAGE, "%s: CLIProxyAPIPlus config not found", config);
		return fault(s, SECRET_MISSING, e);
	}
	if (fd < 0) {
		fg_err_set(e, FG_EUSAGE, "%s: %s", config, strerror(errno));
		return fault(s, SECRET_UNREADABLE, e);
	}
	rc = fg_read_fd(fd, config, CONFIG_MAX, buf, len, e);
	close(fd);
	if (rc != 0)
		return fault(s, rc == FG_EUSAGE ? SECRET_INVALID : SECRET_FAULT_NONE, e);
	return 0;
}

/* "FILE:LINE:COL: what", at node when its place is known. */
static int
invalid_at(struct yj_marks *m, const cJSON *node, const char *config, const char *what,
    struct secret *s, struct fg_err *e)
{
	struct yj_mark mk;

	if (node != NULL && yj_mark_of(m, node, &mk) == 0)
		fg_err_set(e, FG_EUSAGE, "%s:%d:%d: %s", config, mk.line, mk.col, what);
	else
		fg_err_set(e, FG_EUSAGE, "%s: %s", config, what);
	return fault(s, SECRET_INVALID, e);
}

/* The secret-key in the tree: absent or null on the way is no secret. */
static int
find_secret(const cJSON *root, struct yj_marks *m, const char *config, struct secret *s,
    struct fg_err *e)
{
	const cJSON *rm, *sk;

	if (!cJSON_IsObject(root))
		return invalid_at(m, root, config, "not a YAML mapping (CLIProxyAPIPlus could not "
		    "load it)", s, e);
	rm = cJSON_GetObjectItemCaseSensitive(root, "remote-management");
	if (rm == NULL || cJSON_IsNull(rm))
		return 0;
	if (!cJSON_IsObject(rm))
		return invalid_at(m, rm, config, "remote-management: not a mapping", s, e);
	sk = cJSON_GetObjectItemCaseSensitive(rm, "secret-key");
	if (sk == NULL || cJSON_IsNull(sk))
		return 0;
	if (!cJSON_IsString(sk))
		return invalid_at(m, sk, config, SECRET_PATH ": not a string (quote it)", s, e);
	if (sk->valuestring[0] == '\0')
		return 0;
	if ((s->value = strdup(sk->valuestring)) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", config);
	s->hashed = looks_like_bcrypt(s->value);
	return 0;
}

int
secret_load(const char *config, struct secret *s, struct fg_err *e)
{
	struct yj_marks marks = { 0 };
	cJSON *root = NULL;
	char *buf;
	size_t len;
	int rc;

	s->config = config;
	s->value = NULL;
	s->hashed = 0;
	s->fault = SECRET_FAULT_NONE;
	if ((rc = read_config(config, s, &buf, &len, e)) != 0)
		return rc;
	if ((root = yj_load(buf, len, config, &marks, e)) == NULL)
		rc = fault(s, e->code == FG_EUSAGE ? SECRET_INVALID : SECRET_FAULT_NONE, e);
	else
		rc = find_secret(root, &marks, config, s, e);
	explicit_bzero(buf, len);
	free(buf);
	cJSON_Delete(root);
	yj_marks_free(&marks);
	return rc;
}

void
secret_free(struct secret *s)
{
	if (s->value == NULL)
		return;
	explicit_bzero(s->value, strlen(s->value));
	free(s->value);
	s->value = NULL;
}

/* Whether a and b are the same bytes; the time taken does not depend on
 * where they differ (their lengths may show, as with Go's subtle package). */
static int
same_bytes(const char *a, const char *b)
{
	size_t alen = strlen(a), blen = strlen(b), i;
	volatile unsigned char d = alen != blen;

	for (i = 0; i < alen && i < blen; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* bcrypt.CompareHashAndPassword: the hash recomputed with the stored cost
 * and salt must equal the stored one, all of it. */
static int
bcrypt_matches(struct secret *s, const char *key, struct fg_err *e)
{
	struct crypt_data *cd;
	const char *out;
	int rc;

	if ((cd = calloc(1, sizeof *cd)) == NULL) {
		fg_err_set(e, FG_ERUNTIME, "%s: out of memory", s->config);
		return -1;
	}
	if ((out = crypt_rn(key, s->value, cd, (int)sizeof *cd)) == NULL) {
		fg_err_set(e, FG_EUSAGE, "%s: %s: a bcrypt hash bcrypt cannot use, so no key "
		    "matches it (write the plaintext key there; CLIProxyAPIPlus hashes it at start)",
		    s->config, SECRET_PATH);
		s->fault = SECRET_INVALID;
		rc = -1;
	} else
		rc = same_bytes(out, s->value);
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	return rc;
}

int
secret_matches(struct secret *s, const char *key, struct fg_err *e)
{
	if (s->hashed)
		return bcrypt_matches(s, key, e);
	return same_bytes(key, s->value);
}
