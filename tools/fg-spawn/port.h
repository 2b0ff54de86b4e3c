/* port.h — is HOST:PORT free to listen on, and if not, who holds it. */
#ifndef FG_SPAWN_PORT_H
#define FG_SPAWN_PORT_H

#include "err.h"

struct hostport {
	char host[256];
	char port[8];
};

/* Parses HOST:PORT ([V6]:PORT too); a usage error in e if it is not one. */
int port_parse(const char *s, struct hostport *hp, struct fg_err *e);
/* Binds once as the service would; a busy port names its holder where /proc shows it. */
int port_check(const struct hostport *hp, struct fg_err *e);

#endif
