/* sha256.c — EVP keeps the hashing on OpenSSL's fastest code for this CPU. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "sha256.h"

#define READ_BLOCK (256 << 10)

int
sha256_init(struct sha256 *s)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	s->ctx = ctx;
	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		sha256_free(s);
		return -1;
	}
	return 0;
}

int
sha256_update(struct sha256 *s, const void *data, size_t len)
{
	return EVP_DigestUpdate(s->ctx, data, len) == 1 ? 0 : -1;
}

int
sha256_final(struct sha256 *s, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	int rc = EVP_DigestFinal_ex(s->ctx, md, &n) == 1 && n == 32 ? 0 : -1;

	sha256_free(s);
	hex[0] = '\0';
	for (i = 0; rc == 0 && i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return rc;
}

void
sha256_free(struct sha256 *s)
{
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}

int
sha256_fd(int fd, char hex[SHA256_HEX_LEN + 1], long long *bytes)
{
	static unsigned char buf[READ_BLOCK];
	struct sha256 s;
	off_t off = 0;
	ssize_t n;

	*bytes = 0;
	if (sha256_init(&s) != 0)
		return -1;
	for (;;) {
		n = pread(fd, buf, sizeof buf, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (sha256_update(&s, buf, (size_t)n) != 0) {
			n = -1;
			break;
		}
		off += n;
	}
	if (n < 0) {
		sha256_free(&s);
		return -1;
	}
	*bytes = (long long)off;
	return sha256_final(&s, hex);
}

int
sha256_is_hex(const char *s, size_t len)
{
	size_t i;

	if (len != SHA256_HEX_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}
