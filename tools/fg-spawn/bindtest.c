/* bindtest.c — a bind test before starting, so "port in use" is reported by us, clearly,
 * rather than as a service that dies later; the holder comes from /proc/net/tcp*.
 * fg-spawn port runs the same test for the porcelain's doctor. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bindtest.h"
#include "proc.h"

#define TCP_LISTEN 0x0A
#define MAX_INODES 16

int
port_parse(const char *s, struct hostport *hp, struct fg_err *e)
{
	const char *colon = strrchr(s, ':'), *host = s;
	size_t hlen;
	char *end;
	long port;

	if (colon == NULL)
		return fg_err_set(e, FG_EUSAGE, "%s: expected HOST:PORT", s);
	hlen = (size_t)(colon - s);
	if (hlen >= 2 && s[0] == '[' && s[hlen - 1] == ']') {
		host++;
		hlen -= 2;
	}
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (hlen == 0 || hlen >= sizeof hp->host || !isdigit((unsigned char)colon[1]) ||
	    *end != '\0' || errno != 0 || port < 1 || port > 65535)
		return fg_err_set(e, FG_EUSAGE, "%s: expected HOST:PORT, PORT 1-65535", s);
	memcpy(hp->host, host, hlen);
	hp->host[hlen] = '\0';
	snprintf(hp->port, sizeof hp->port, "%ld", port);
	return 0;
}

/* Inodes of listening sockets on port, from one /proc/net/tcp{,6} table. */
static size_t
listen_inodes(const char *table, unsigned port, unsigned long *ino, size_t n, size_t max)
{
	unsigned lport, st;
	unsigned long inode;
	char line[512];
	FILE *f;

	if ((f = fopen(table, "re")) == NULL)
		return n;
	while (n < max && fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, " %*u: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x %*s %*s %*s %*s %*s %lu",
		    &lport, &st, &inode) == 3 && lport == port && st == TCP_LISTEN && inode != 0)
			ino[n++] = inode;
	}
	fclose(f);
	return n;
}

static int
fd_is_socket(const char *fdpath, const unsigned long *ino, size_t n)
{
	char link[64];
	unsigned long v;
	ssize_t len;
	size_t i;

	if ((len = readlink(fdpath, link, sizeof link - 1)) < 0)
		return 0;
	link[len] = '\0';
	if (sscanf(link, "socket:[%lu]", &v) != 1)
		return 0;
	for (i = 0; i < n; i++)
		if (ino[i] == v)
			return 1;
	return 0;
}

static int
pid_holds(pid_t pid, const unsigned long *ino, size_t n)
{
	char dirpath[64], fdpath[352];
	struct dirent *d;
	DIR *dir;
	int found = 0;

	snprintf(dirpath, sizeof dirpath, "/proc/%d/fd", (int)pid);
	if ((dir = opendir(dirpath)) == NULL)
		return 0;
	while (!found && (d = readdir(dir)) != NULL) {
		snprintf(fdpath, sizeof fdpath, "%s/%s", dirpath, d->d_name);
		found = isdigit((unsigned char)d->d_name[0]) && fd_is_socket(fdpath, ino, n);
	}
	closedir(dir);
	return found;
}

/* Only processes whose /proc/PID/fd we may read can be named: others stay anonymous. */
static pid_t
port_holder(unsigned port)
{
	unsigned long ino[MAX_INODES];
	struct dirent *d;
	pid_t pid = 0;
	size_t n;
	DIR *dir;

	n = listen_inodes("/proc/net/tcp", port, ino, 0, MAX_INODES);
	n = listen_inodes("/proc/net/tcp6", port, ino, n, MAX_INODES);
	if (n == 0 || (dir = opendir("/proc")) == NULL)
		return 0;
	while (pid == 0 && (d = readdir(dir)) != NULL)
		if (isdigit((unsigned char)d->d_name[0]) && pid_holds(atoi(d->d_name), ino, n))
			pid = (pid_t)atoi(d->d_name);
	closedir(dir);
	return pid;
}

static enum port_state
busy_error(const struct hostport *hp, struct fg_err *e)
{
	char comm[64];
	pid_t pid = port_holder((unsigned)atoi(hp->port));

	if (pid == 0) {
		fg_err_set(e, FG_ERUNTIME, "port %s:%s is already in use (holder not visible in "
		    "/proc)", hp->host, hp->port);
		return PORT_IN_USE;
	}
	proc_comm(pid, comm, sizeof comm);
	fg_err_set(e, FG_ERUNTIME, "port %s:%s is already in use by pid %d (%s)", hp->host,
	    hp->port, (int)pid, comm);
	return PORT_IN_USE;
}

/* SO_REUSEADDR as servers set it: a port in TIME_WAIT after a stop is free. */
static int
try_bind(const struct addrinfo *ai)
{
	int fd, one = 1, err = 0;

	if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol)) < 0)
		return errno;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0)
		err = errno;
	close(fd);
	return err;
}

/* "localhost" may name ::1 on a host without IPv6: one bindable address is enough,
 * but any address in use means the service would collide. */
enum port_state
port_check(const struct hostport *hp, struct fg_err *e)
{
	struct addrinfo hints = { 0 }, *res, *ai;
	int gai, err, first_err = 0, bound = 0, busy = 0;

	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((gai = getaddrinfo(hp->host, hp->port, &hints, &res)) != 0) {
		/* EAI_MEMORY is our failure; any other says the address is unusable. */
		fg_err_set(e, FG_ERUNTIME, "port %s:%s: %s", hp->host, hp->port,
		    gai == EAI_SYSTEM ? strerror(errno) : gai_strerror(gai));
		return gai == EAI_MEMORY || (gai == EAI_SYSTEM && errno == ENOMEM) ? PORT_ERROR :
		    PORT_UNUSABLE;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((err = try_bind(ai)) == 0)
			bound = 1;
		else if (err == EADDRINUSE)
			busy = 1;
		else if (first_err == 0)
			first_err = err;
	}
	freeaddrinfo(res);
	if (busy)
		return busy_error(hp, e);
	if (bound)
		return PORT_FREE;
	fg_err_set(e, FG_ERUNTIME, "port %s:%s: cannot bind: %s", hp->host, hp->port,
	    strerror(first_err));
	/* No socket at all (out of descriptors or memory) is our failure, not the port's. */
	return first_err == EMFILE || first_err == ENFILE || first_err == ENOBUFS ||
	    first_err == ENOMEM ? PORT_ERROR : PORT_UNUSABLE;
}
