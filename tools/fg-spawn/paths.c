/* paths.c — runtime folders are created on demand, private to the user (0700). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"

static int
make_dir(char *dir, const char *path, struct fg_err *e)
{
	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	return fg_err_set(e, FG_ERUNTIME, "%s: cannot create folder %s: %s", path, dir,
	    strerror(errno));
}

int
make_parents(const char *path, struct fg_err *e)
{
	char dir[PATH_MAX], *slash, *p;
	struct stat sb;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return fg_err_set(e, FG_EUSAGE, "%s: path too long", path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return 0;
	*slash = '\0';
	if (stat(dir, &sb) == 0)
		return 0;
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (make_dir(dir, path, e) != 0)
			return e->code;
		*p = '/';
	}
	return make_dir(dir, path, e);
}
