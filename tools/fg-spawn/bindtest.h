/* bindtest.h — is HOST:PORT free to listen on, and if not, who holds it. */
#ifndef FG_SPAWN_BINDTEST_H
#define FG_SPAWN_BINDTEST_H

#include "err.h"

struct hostport {
	char host[256];
	char port[8];
};

enum port_state {
	PORT_FREE,          /* a listener could bind it now */
	PORT_IN_USE,        /* something listens there */
	PORT_UNUSABLE,      /* it cannot be bound: not an address of this host, a privileged port */
	PORT_ERROR,         /* the check itself failed: out of memory or descriptors */
};

/* Parses HOST:PORT ([V6]:PORT too); a usage error in e ("S: expected
 * HOST:PORT...") if it is not one. */
int port_parse(const char *s, struct hostport *hp, struct fg_err *e);
/* Binds once as the service would. Unless the port is free, e says why in
 * "port HOST:PORT ..." words; a busy port names its holder where /proc shows it. */
enum port_state port_check(const struct hostport *hp, struct fg_err *e);

#endif
