/* routes.h — the test server's URL table: a path (or prefix) and its handler. */
#ifndef FG_TESTSERVER_ROUTES_H
#define FG_TESTSERVER_ROUTES_H

#include "http.h"

/* rest is what follows a prefix route's path ("" for an exact route). The
 * handler writes the whole response to r->fd. */
typedef void (*route_handler)(struct http_req *r, const char *rest);

struct route {
	const char *path;
	int prefix;             /* 1: path is a prefix such as "/status/" */
	route_handler handle;
};

/* Answers r with the first route that matches, else 404. */
void route_request(struct http_req *r);

#endif
