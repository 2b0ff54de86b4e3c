/* bodybuf.c — see bodybuf.h. */
#include <stdlib.h>
#include <string.h>

#include "bodybuf.h"

#define FIRST_CAP ((size_t)4096)

int
fg_body_append(char **body, size_t *len, size_t *cap, size_t max, const char *data, size_t n)
{
	size_t want;
	char *nb;

	if (n > max || *len > max - n)
		return 1;
	if ((want = *len + n + 1) > *cap) {
		size_t c = *cap ? *cap : FIRST_CAP;

		while (c < want)
			c *= 2;
		if ((nb = realloc(*body, c)) == NULL)
			return -1;
		*body = nb;
		*cap = c;
	}
	memcpy(*body + *len, data, n);
	*len += n;
	(*body)[*len] = '\0';
	return 0;
}
