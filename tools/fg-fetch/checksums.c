/* checksums.c — sha256sum's format: the digest, a space, a space or '*'
 * (binary mode), the name. Lines that are not that are passed over. */
#include <ctype.h>
#include <string.h>

#include "checksums.h"
#include "transfer.h"

#define SUMS_MAX ((size_t)1 << 20)

static void
lower_hex(const char *src, char hex[SHA256_HEX_LEN + 1])
{
	int i;

	for (i = 0; i < SHA256_HEX_LEN; i++)
		hex[i] = (char)tolower((unsigned char)src[i]);
	hex[SHA256_HEX_LEN] = '\0';
}

/* 0 when the line (len bytes, no newline) gives asset's digest. */
static int
match_line(const char *line, size_t len, const char *asset, int per_asset,
    char hex[SHA256_HEX_LEN + 1])
{
	size_t alen = strlen(asset);
	const char *name;

	while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	if (len < SHA256_HEX_LEN || !sha256_is_hex(line, SHA256_HEX_LEN))
		return -1;
	if (len > SHA256_HEX_LEN && line[SHA256_HEX_LEN] != ' ' && line[SHA256_HEX_LEN] != '\t')
		return -1;
	/* ASSET.sha256 may hold the digest alone. */
	if (per_asset && len == SHA256_HEX_LEN) {
		lower_hex(line, hex);
		return 0;
	}
	name = line + SHA256_HEX_LEN + 1;
	if (name < line + len && (*name == ' ' || *name == '*'))
		name++;
	if ((size_t)(line + len - name) != alen || strncmp(name, asset, alen) != 0)
		return -1;
	lower_hex(line, hex);
	return 0;
}

int
checksum_lookup(const struct asset *sums, int per_asset, const char *asset,
    char hex[SHA256_HEX_LEN + 1], struct fg_err *e)
{
	struct http_reply r;
	const char *p, *end, *nl;
	int rc;

	hex[0] = '\0';
	if (http_get(sums->url, "application/octet-stream", SUMS_MAX, &r) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", sums->name, r.error);
	if (r.status != 200) {
		rc = fg_err_set(e, FG_ERUNTIME, "%s: HTTP %ld", sums->name, r.status);
		http_reply_free(&r);
		return rc;
	}
	for (p = r.body, end = r.body + r.len; p < end && hex[0] == '\0'; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		(void)match_line(p, (size_t)(nl - p), asset, per_asset, hex);
	}
	http_reply_free(&r);
	return 0;
}
