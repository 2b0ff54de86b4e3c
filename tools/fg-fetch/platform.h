/* platform.h — the OS and architecture a release asset must be built for. */
#ifndef FG_FETCH_PLATFORM_H
#define FG_FETCH_PLATFORM_H

#include "err.h"

struct platform {
	char os[16];        /* "linux" or "darwin" */
	char arch[16];      /* "amd64" or "arm64" */
};

/* This machine's (uname), or what $FG_FETCH_OS and $FG_FETCH_ARCH say
 * (linux|darwin; amd64|x86_64|arm64|aarch64). A machine FlowGate has no
 * build for is a runtime error; a bad variable is a usage error. */
int platform_detect(struct platform *p, struct fg_err *e);

#endif
