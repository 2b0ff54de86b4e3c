/* fg-testserver — a loopback HTTP server for the tests and benchmarks; it
 * refuses non-loopback addresses and always exits by itself (--lifetime). */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cpaconfig.h"
#include "http.h"
#include "llm.h"
#include "mgmt.h"
#include "releases.h"
#include "routes.h"

#define PROG "fg-testserver"
#define IDLE_READ_S 10
#define LIFETIME_MAX_S 86400.0

struct server_opts {
	const char *host, *port, *port_file;
	double lifetime;
	int lifetime_set;
	struct mgmt_opts mgmt;
	const char *release_dir;
	struct cpa_config cpa;
	struct llm_opts llm;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: fg-testserver [--host 127.0.0.1] [--port N|0] [--port-file F] [--lifetime S]\n"
	    "                     [--mgmt-key KEY] [--auth-dir DIR] [--scenario NAME]\n"
	    "                     [--mgmt-version V] [--mgmt-without ROUTE,...]\n"
	    "                     [--request-log FILE] [--release-dir DIR] [-config FILE]\n"
	    "                     [--llm-key KEY] [--llm-reply TEXT] [--llm-models A,B]\n"
	    "Serves HTTP on a loopback address only; port 0 picks a free port, written\n"
	    "to F (atomically) once listening. Exits after S seconds (default 60).\n"
	    "Routes: /status/NNN, /slow/MS, /bytes/N, /hang, /v1/models, /health,\n"
	    "/health/readiness, / ; anything else 404.\n"
	    "POST /v1/responses and /v1/messages play LiteLLM for Codex CLI and Claude Code\n"
	    "(test/server/llm.c): streamed (SSE) or not, answering TEXT; with --llm-key\n"
	    "they and /v1/models ask for KEY as a Bearer token or x-api-key. /v1/models\n"
	    "lists A,B (default test-model). FILE gets a line per such request.\n"
	    "A request in a proxy's form (GET http://HOST/PATH) is answered 200 here and\n"
	    "logged to FILE as PROXY METHOD URL: the server is a proxy stand-in too.\n"
	    "/v0/management/... plays CLIProxyAPIPlus's management API (test/server/mgmt.c):\n"
	    "404 everywhere without --mgmt-key; logins write auth files into DIR; NAME is\n"
	    "the login's course; FILE gets one line per management request. Its answers\n"
	    "carry X-CPA-VERSION: V (default " MGMT_VERSION "; '' for none); a ROUTE of\n"
	    "--mgmt-without (kiro-auth-url, oauth-session, ...) is missing, as in an older\n"
	    "proxy: gin's plain 404, before the key is checked. DELETE auth-files?name=,\n"
	    "PATCH auth-files/status and GET usage act on DIR's files (test/server/accounts.c).\n"
	    "/repos/OWNER/NAME/releases/..., /download/... and /redirect/... play GitHub's\n"
	    "release API from DIR (test/server/releases.c); FILE logs those requests too.\n"
	    "-config FILE (or --config) plays CLIProxyAPIPlus started as the real one is:\n"
	    "host, port, auth-dir and remote-management.secret-key come from its config\n"
	    "FILE (the options before it win over it), and the lifetime defaults to 600 s.\n");
}

static int
usage_error(const char *where, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", PROG, where, what);
	return 2;
}

/* The settings of a CLIProxyAPIPlus config, for what no option set. */
static int
use_cpa_config(struct server_opts *o, const char *file)
{
	struct cpa_config *c = &o->cpa;

	if (cpa_config_read(file, c) != 0)
		return -1;
	if (c->host[0] != '\0' && strcmp(o->host, "127.0.0.1") == 0)
		o->host = c->host;
	if (strcmp(o->port, "0") == 0)
		o->port = c->port;
	/* CLIProxyAPIPlus makes its auth-dir at start. */
	if (o->mgmt.auth_dir == NULL && c->auth_dir[0] != '\0') {
		o->mgmt.auth_dir = c->auth_dir;
		(void)mkdir(c->auth_dir, 0700);
	}
	if (o->mgmt.key == NULL && c->secret_key[0] != '\0')
		o->mgmt.key = c->secret_key;
	if (!o->lifetime_set)
		o->lifetime = 600;
	return 0;
}

static int
parse_opts(int argc, char **argv, struct server_opts *o)
{
	static const struct option opts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "port-file", required_argument, NULL, 'f' },
		{ "lifetime", required_argument, NULL, 'l' },
		{ "mgmt-key", required_argument, NULL, 'k' },
		{ "auth-dir", required_argument, NULL, 'a' },
		{ "scenario", required_argument, NULL, 's' },
		{ "mgmt-version", required_argument, NULL, 'v' },
		{ "mgmt-without", required_argument, NULL, 'w' },
		{ "request-log", required_argument, NULL, 'r' },
		{ "release-dir", required_argument, NULL, 'R' },
		{ "config", required_argument, NULL, 'c' },
		{ "llm-key", required_argument, NULL, 'K' },
		{ "llm-reply", required_argument, NULL, 'T' },
		{ "llm-models", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *known;
	char *end;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'H': o->host = optarg; break;
		case 'p': o->port = optarg; break;
		case 'f': o->port_file = optarg; break;
		case 'k': o->mgmt.key = optarg; break;
		case 'a': o->mgmt.auth_dir = optarg; break;
		case 's': o->mgmt.scenario = optarg; break;
		case 'v': o->mgmt.version = optarg; break;
		case 'w': o->mgmt.without = optarg; break;
		case 'r': o->mgmt.log = optarg; break;
		case 'R': o->release_dir = optarg; break;
		case 'K': o->llm.key = optarg; break;
		case 'T': o->llm.reply = optarg; break;
		case 'M': o->llm.models = optarg; break;
		case 'c':
			if (use_cpa_config(o, optarg) != 0)
				return 2;
			break;
		case 'h': usage(stdout); return -1;
		case 'l':
			o->lifetime = strtod(optarg, &end);
			o->lifetime_set = 1;
			if (*end != '\0' || !(o->lifetime > 0 && o->lifetime <= LIFETIME_MAX_S))
				return usage_error(optarg, "--lifetime takes seconds, > 0 and <= 86400");
			break;
		default: return 2;
		}
	}
	if (optind < argc)
		return usage_error(argv[optind], "unexpected argument");
	if (mgmt_configure(&o->mgmt, &known) != 0) {
		fprintf(stderr, "%s: --scenario %s: unknown (%s)\n", PROG, o->mgmt.scenario, known);
		return 2;
	}
	releases_configure(o->release_dir, o->mgmt.log);
	o->llm.log = o->mgmt.log;
	llm_configure(&o->llm);
	return 0;
}

static int
is_loopback(const struct addrinfo *ai)
{
	const struct sockaddr_in *v4 = (const void *)ai->ai_addr;
	const struct sockaddr_in6 *v6 = (const void *)ai->ai_addr;

	if (ai->ai_family == AF_INET)
		return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
	return ai->ai_family == AF_INET6 && IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
}

/* Returns the listening socket, -2 for an address we refuse, -1 if bind failed. */
static int
open_listener(const struct server_opts *o, int *port)
{
	struct addrinfo hints = { 0 }, *ai;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int fd = -1, one = 1;

	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (getaddrinfo(o->host, o->port, &hints, &ai) != 0) {
		fprintf(stderr, "%s: --host %s --port %s: not a numeric address and port\n", PROG,
		    o->host, o->port);
		return -2;
	}
	if (!is_loopback(ai)) {
		freeaddrinfo(ai);
		fprintf(stderr, "%s: --host %s: not a loopback address\n", PROG, o->host);
		return -2;
	}
	if ((fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 512) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		fprintf(stderr, "%s: %s:%s: %s\n", PROG, o->host, o->port, strerror(errno));
		freeaddrinfo(ai);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	freeaddrinfo(ai);
	*port = ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
	    : ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

/* Written beside the target and renamed, so a reader never sees a partial number. */
static int
write_port_file(const char *path, int port)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", PROG, tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		fprintf(stderr, "%s: %s: %s\n", PROG, path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static void *
serve_connection(void *arg)
{
	int fd = (int)(intptr_t)arg, rc;
	struct timeval tv = { IDLE_READ_S, 0 };
	struct http_req *r = malloc(sizeof *r);

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (r != NULL) {
		if ((rc = http_read_request(fd, r)) == 0)
			route_request(r);
		else if (rc > 0)
			http_respond_json(fd, rc, "{\"error\":\"bad request\"}");
		free(r);
	}
	close(fd);
	return NULL;
}

static void
start_connection(int fd)
{
	pthread_attr_t attr;
	pthread_t t;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, serve_connection, (void *)(intptr_t)fd) != 0)
		close(fd);
	pthread_attr_destroy(&attr);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Connections still open at the end (/hang) go with the process. */
static void
accept_until(int lfd, long long deadline)
{
	struct pollfd p = { lfd, POLLIN, 0 };
	long long left;
	int fd;

	while ((left = deadline - now_ms()) > 0) {
		if (poll(&p, 1, left > 1000 ? 1000 : (int)left) <= 0)
			continue;
		if ((fd = accept(lfd, NULL, NULL)) >= 0)
			start_connection(fd);
	}
}

int
main(int argc, char **argv)
{
	struct server_opts o = { "127.0.0.1", "0", NULL, 60.0, 0, { NULL, NULL, NULL, NULL, NULL, NULL }, NULL, { "", "", "", "" },
		{ NULL, NULL, NULL, NULL } };
	int lfd, port, rc, i;

	/* CLIProxyAPIPlus (Go's flag package) takes -config with one dash. */
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-config") == 0)
			argv[i] = "--config";
	if ((rc = parse_opts(argc, argv, &o)) != 0)
		return rc < 0 ? 0 : rc;
	signal(SIGPIPE, SIG_IGN);
	if ((lfd = open_listener(&o, &port)) < 0)
		return lfd == -2 ? 2 : 1;
	if (o.port_file != NULL && write_port_file(o.port_file, port) != 0)
		return 1;
	accept_until(lfd, now_ms() + (long long)(o.lifetime * 1000));
	close(lfd);
	if (o.port_file != NULL)
		unlink(o.port_file);
	/* _exit: threads still parked in /hang own their buffers; nothing to flush. */
	_exit(0);
}
