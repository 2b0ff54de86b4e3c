/* sha256.h — SHA-256 through libcrypto's EVP, fed as bytes stream past. */
#ifndef FG_FETCH_SHA256_H
#define FG_FETCH_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

struct sha256 {
	void *ctx;              /* EVP_MD_CTX */
};

int sha256_init(struct sha256 *s);
int sha256_update(struct sha256 *s, const void *data, size_t len);
/* Writes the digest as 64 lowercase hex digits and a NUL; frees the context. */
int sha256_final(struct sha256 *s, char hex[SHA256_HEX_LEN + 1]);
void sha256_free(struct sha256 *s);
/* The digest of what fd holds from offset 0, and its size; -1 on a read error. */
int sha256_fd(int fd, char hex[SHA256_HEX_LEN + 1], long long *bytes);
/* Whether s is 64 hex digits (either case). */
int sha256_is_hex(const char *s, size_t len);

#endif
