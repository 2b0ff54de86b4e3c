/* platform.c — uname(2), or the test overrides, as GoReleaser's names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>

#include "platform.h"

static const char *
os_name(const char *s)
{
	if (strcasecmp(s, "linux") == 0)
		return "linux";
	if (strcasecmp(s, "darwin") == 0)
		return "darwin";
	return NULL;
}

static const char *
arch_name(const char *s)
{
	if (strcasecmp(s, "x86_64") == 0 || strcasecmp(s, "amd64") == 0)
		return "amd64";
	if (strcasecmp(s, "aarch64") == 0 || strcasecmp(s, "arm64") == 0)
		return "arm64";
	return NULL;
}

static int
from_env(const char *var, const char *(*name)(const char *), const char *known, char *out,
    size_t size, struct fg_err *e)
{
	const char *v = getenv(var), *n;

	if (v == NULL || *v == '\0')
		return 0;
	if ((n = name(v)) == NULL)
		return fg_err_set(e, FG_EUSAGE, "%s: '%s' is not one of %s", var, v, known);
	snprintf(out, size, "%s", n);
	return 0;
}

int
platform_detect(struct platform *p, struct fg_err *e)
{
	struct utsname u;
	const char *n;

	p->os[0] = p->arch[0] = '\0';
	if (from_env("FG_FETCH_OS", os_name, "linux, darwin", p->os, sizeof p->os, e) != 0 ||
	    from_env("FG_FETCH_ARCH", arch_name, "amd64, x86_64, arm64, aarch64", p->arch,
	    sizeof p->arch, e) != 0)
		return e->code;
	if (p->os[0] != '\0' && p->arch[0] != '\0')
		return 0;
	if (uname(&u) != 0)
		return fg_err_set(e, FG_ERUNTIME, "uname: cannot tell this machine's OS and architecture");
	if (p->os[0] == '\0') {
		if ((n = os_name(u.sysname)) == NULL)
			return fg_err_set(e, FG_ERUNTIME, "uname: no CLIProxyAPIPlus build runs on %s (Linux and macOS only)",
			    u.sysname);
		snprintf(p->os, sizeof p->os, "%s", n);
	}
	if (p->arch[0] == '\0') {
		if ((n = arch_name(u.machine)) == NULL)
			return fg_err_set(e, FG_ERUNTIME, "uname: no CLIProxyAPIPlus build runs on %s (x86_64 and arm64 only)",
			    u.machine);
		snprintf(p->arch, sizeof p->arch, "%s", n);
	}
	return 0;
}
