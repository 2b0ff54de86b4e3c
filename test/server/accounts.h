/* accounts.h — CLIProxyAPIPlus's account management and usage statistics as
 * the management API serves them (see accounts.c). */
#ifndef FG_TESTSERVER_ACCOUNTS_H
#define FG_TESTSERVER_ACCOUNTS_H

#include "http.h"

/* Answers DELETE auth-files, PATCH auth-files/status, GET
 * usage-statistics-enabled and GET usage (rest: the path after
 * /v0/management/) and returns 1; 0 for any other request. old_proxy: the
 * status and usage routes do not exist (gin's 404). */
int accounts_route(struct http_req *r, const char *rest, const char *auth_dir, int old_proxy);
/* Whether "key" is true in a flat JSON object. */
int json_true_field(const char *json, const char *key);

#endif
