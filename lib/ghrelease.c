/* ghrelease.c — validation of GitHub repository names and release tags. */
#include <stdio.h>
#include <string.h>

#include "ghrelease.h"

int
fg_valid_repo(const char *s)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const char *slash = strchr(s, '/'), *name;
	size_t owner_len, name_len;
	char set[80];

	if (slash == NULL)
		return 0;
	owner_len = (size_t)(slash - s);
	name = slash + 1;
	name_len = strlen(name);
	snprintf(set, sizeof set, "%s-", alnum);
	if (owner_len == 0 || owner_len > 39 || s[0] == '-' || strspn(s, set) != owner_len)
		return 0;
	snprintf(set, sizeof set, "%s-._", alnum);
	return name_len > 0 && name_len <= 100 && strspn(name, set) == name_len &&
	    strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

int
fg_valid_tag(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 128 || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f || strchr("/\\?#%", s[i]))
			return 0;
	return 1;
}
