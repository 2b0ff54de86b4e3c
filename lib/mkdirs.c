/* mkdirs.c — one folder at a time from the top, EEXIST being fine, then a
 * check that what stands there is a folder. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "mkdirs.h"

int
fg_mkdirs(const char *dir, struct fg_err *e)
{
	char path[PATH_MAX];
	size_t i, len = strlen(dir);
	struct stat st;

	if (len >= sizeof path)
		return fg_err_set(e, FG_EUSAGE, "%s: path too long", dir);
	/* Most calls find the folder there: one stat, no mkdir. */
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return fg_err_set(e, FG_ERUNTIME, "%s: cannot create the folder: %s", path,
			    strerror(errno));
		path[i] = dir[i];
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return fg_err_set(e, FG_ERUNTIME, "%s: not a folder", dir);
	return 0;
}

int
fg_make_parents(const char *path, struct fg_err *e)
{
	char dir[PATH_MAX];
	char *slash;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return fg_err_set(e, FG_EUSAGE, "%s: path too long", path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return 0;
	*slash = '\0';
	return fg_mkdirs(dir, e);
}
