/* jwt.c — base64url without padding (RFC 7515), padding and the standard
 * alphabet tolerated; anything else and the token just has no claims. */
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"
#include "jwt.h"

#define PAYLOAD_MAX ((size_t)64 << 10)

static int
sextet(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-' || c == '+')
		return 62;
	if (c == '_' || c == '/')
		return 63;
	return -1;
}

/* Decodes len characters of s into out (room for len * 3 / 4 + 1); returns
 * the length, or -1. */
static long
b64url_decode(const char *s, size_t len, unsigned char *out)
{
	unsigned long acc = 0;
	size_t i, n = 0;
	int bits = 0, v;

	while (len > 0 && s[len - 1] == '=')
		len--;
	if (len % 4 == 1)
		return -1;
	for (i = 0; i < len; i++) {
		if ((v = sextet(s[i])) < 0)
			return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1UL << bits) - 1;
		}
	}
	return (long)n;
}

cJSON *
jwt_claims(const char *jwt)
{
	const char *start, *end;
	unsigned char *buf;
	struct fg_err e = { 0 };
	cJSON *claims = NULL;
	size_t len;
	long n;

	if (jwt == NULL || (start = strchr(jwt, '.')) == NULL || (end = strchr(++start, '.')) == NULL)
		return NULL;
	len = (size_t)(end - start);
	if (len == 0 || len > PAYLOAD_MAX || (buf = malloc(len * 3 / 4 + 1)) == NULL)
		return NULL;
	if ((n = b64url_decode(start, len, buf)) > 0)
		claims = jr_parse_outside((const char *)buf, (size_t)n, "JWT claims", &e);
	free(buf);
	if (!cJSON_IsObject(claims)) {
		cJSON_Delete(claims);
		return NULL;
	}
	return claims;
}
