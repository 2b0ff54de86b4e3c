/* accounts.h — CLIProxyAPIPlus's account management and usage statistics as
 * the management API serves them (see accounts.c). */
#ifndef FG_TESTSERVER_ACCOUNTS_H
#define FG_TESTSERVER_ACCOUNTS_H

#include "http.h"

/* Whether the request is one of the routes below (an older proxy lacks
 * some: mgmt.c's --mgmt-without answers those first, as gin does). */
int accounts_routed(const struct http_req *r, const char *rest);
/* Answers DELETE auth-files, PATCH auth-files/status, GET
 * usage-statistics-enabled and GET usage (rest: the path after
 * /v0/management/) and returns 1; 0 for any other request. */
int accounts_route(struct http_req *r, const char *rest, const char *auth_dir);
/* Whether "key" is true in a flat JSON object. */
int json_true_field(const char *json, const char *key);

#endif
