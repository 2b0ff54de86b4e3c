/* login_opts.c — fg-oauth login's command line: every value is checked
 * before the first request, so a typo costs no failed key attempt. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "err.h"
#include "request.h"
#include "login.h"
#include "mgmt.h"
#include "seconds.h"
#include "output.h"
#include "providers.h"
#include "subcmd.h"

#define TIMEOUT_MAX_S 86400.0
#define INTERVAL_MIN_MS 10
#define INTERVAL_MAX_S 3600.0
#define NAME_MAX_LEN 64

void
usage_login(FILE *f)
{
	fprintf(f,
	    "usage: fg-oauth login --base URL --provider NAME [--type AUTH_TYPE]\n"
	    "                      [--auth-url-endpoint PATH|URL] [--status-endpoint PATH|URL]\n"
	    "                      [--project-id ID] [--method M] [--key-file F]\n"
	    "                      [--timeout S] [--interval S] [--paste] [--lines]\n"
	    "                      [--events-log FILE]\n"
	    "Logs a NAME account into CLIProxyAPIPlus at URL through its management API:\n"
	    "GET PATH?is_webui=true (default /v0/management/ENDPOINT-auth-url) gives the\n"
	    "URL to open (kiro's comes with the first status); the status (default\n"
	    "/v0/management/get-auth-status) is polled every S seconds (default 2) until\n"
	    "ok, error or --timeout (default 180); ok counts only when\n"
	    "/v0/management/auth-files shows a new or rewritten file of AUTH_TYPE.\n"
	    "ENDPOINT and AUTH_TYPE default to the provider's, as CLIProxyAPIPlus names\n"
	    "them (fg-oauth providers: claude is anthropic-auth-url, gemini\n"
	    "gemini-cli-auth-url, copilot github-auth-url and type github-copilot), else\n"
	    "NAME. --project-id (gemini) and --method (kiro: aws, google, github) go with\n"
	    "the auth-url request. A 404 there, from a proxy whose management API answers,\n"
	    "is one line: auth:login provider=NAME unsupported_by_proxy version=V (V\n"
	    "from its X-CPA-VERSION header, else unknown). --paste\n"
	    "reads the address the browser was sent to (from the terminal, else one line\n"
	    "of stdin) and posts it to /v0/management/oauth-callback. An endpoint given as\n"
	    "a whole http(s) URL (as the original Python FlowGate's configs have them) names its\n"
	    "server, which then replaces --base (both endpoints must name the same one);\n"
	    "no path means /. A user or password in a URL is refused.\n"
	    "The key: $CLIPROXY_MANAGEMENT_KEY, else the content of F (mode 0600).\n"
	    "Prints JSON Lines as things happen (login_url, device_code, auth_url, status,\n"
	    "and one result), or with --lines key=value lines (login_url, user_code,\n"
	    "verification_url, oauth_status, auth_file). --events-log appends an\n"
	    "oauth_login event.\n"
	    "Exit: 0 logged in, 1 failed (one line on stderr, with a hint), 2 usage or key\n"
	    "error, 130 SIGINT, 143 SIGTERM (the session is cancelled).\n");
}

/* Seconds, fractions allowed, into milliseconds within [min_ms, max_s]. */
/* Letters, digits, '-', '_' and '.': a provider names a URL path segment. */
static int
plain_name(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

	return n > 0 && s[n] == '\0' && n <= NAME_MAX_LEN && s[0] != '.';
}

/* An absolute path with no query, fragment, space or control byte. */
static int
plain_path(const char *s)
{
	size_t i;

	if (s[0] != '/' || strlen(s) >= LOGIN_PATH_MAX)
		return 0;
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f || s[i] == '?' || s[i] == '#')
			return 0;
	return 1;
}

static int
check_base(struct login_opts *o)
{
	int rc;

	if ((rc = mgmt_base("login", o->base, o->base_buf, sizeof o->base_buf)) != 0)
		return rc;
	o->base = o->base_buf;
	return 0;
}

/* An endpoint that is a whole URL: its path stays in *ep (into buf), its
 * server in base (which the other endpoint must agree with). 0, or
 * FG_EUSAGE (FG_ERUNTIME when libcurl does not load) after the one line. */
static int
split_endpoint(const char *opt, const char **ep, char *buf, size_t size, char *base,
    size_t base_size)
{
	struct fg_url u;
	const char *why;
	int rc;

	if (**ep == '/')
		return 0;
	if ((rc = http_load("login")) != 0)
		return rc;
	if ((why = http_url_problem(*ep, &u)) != NULL)
		return fg_usage_error(PROG, "login", "%s '%s': %s", opt, *ep, why);
	if (u.query[0] != '\0' || strchr(*ep, '#') != NULL)
		return fg_usage_error(PROG, "login", "%s '%s': no query or fragment", opt, *ep);
	if (base[0] != '\0' && strcmp(base, u.base) != 0)
		return fg_usage_error(PROG, "login", "%s '%s': names another server than %s", opt,
		    *ep, base);
	snprintf(base, base_size, "%s", u.base);
	if (strlen(u.path) >= size)
		return fg_usage_error(PROG, "login", "%s: the path is too long", opt);
	snprintf(buf, size, "%s", u.path);
	*ep = buf;
	return 0;
}

/* Whole-URL endpoints: their server is the one the login talks to. */
static int
endpoint_urls(struct login_opts *o)
{
	char base[sizeof ((struct fg_url *)0)->base] = "";
	int rc = 0;

	if ((o->auth_url_endpoint != NULL &&
	    (rc = split_endpoint("--auth-url-endpoint", &o->auth_url_endpoint, o->auth_url_buf,
	    sizeof o->auth_url_buf, base, sizeof base)) != 0) ||
	    (o->status_endpoint != NULL &&
	    (rc = split_endpoint("--status-endpoint", &o->status_endpoint, o->status_buf,
	    sizeof o->status_buf, base, sizeof base)) != 0))
		return rc;
	if (base[0] != '\0')
		snprintf(o->base_buf, sizeof o->base_buf, "%s", base);
	return 0;
}

/* The endpoint and the type as CLIProxyAPIPlus names them (lib/providers),
 * else as the provider is named. */
static void
defaults(struct login_opts *o)
{
	const struct fg_provider *p = fg_provider_find(o->provider);

	if (o->auth_url_endpoint == NULL) {
		snprintf(o->auth_url_buf, sizeof o->auth_url_buf, "/v0/management/%s-auth-url",
		    p != NULL ? p->endpoint : o->provider);
		o->auth_url_endpoint = o->auth_url_buf;
	}
	if (o->status_endpoint == NULL)
		o->status_endpoint = "/v0/management/get-auth-status";
	if (o->type == NULL)
		o->type = p != NULL ? p->type : o->provider;
}

/* is_webui=true, then project_id= and method= when given (plain names,
 * so nothing needs escaping). */
static int
auth_query(struct login_opts *o)
{
	int n = snprintf(o->auth_query, sizeof o->auth_query, "is_webui=true%s%s%s%s",
	    o->project_id ? "&project_id=" : "", o->project_id ? o->project_id : "",
	    o->method ? "&method=" : "", o->method ? o->method : "");

	return n > 0 && (size_t)n < sizeof o->auth_query ? 0 : -1;
}

static int
check(struct login_opts *o)
{
	int rc;

	if (o->base == NULL || o->provider == NULL)
		return fg_usage_error(PROG, "login", "--base URL and --provider NAME are required");
	if (!plain_name(o->provider))
		return fg_usage_error(PROG, "login", "--provider '%s': letters, digits, '-', '_' "
		    "and '.' only (at most %d)", o->provider, NAME_MAX_LEN);
	if (o->type != NULL && !plain_name(o->type))
		return fg_usage_error(PROG, "login", "--type '%s': letters, digits, '-', '_' and "
		    "'.' only (at most %d)", o->type, NAME_MAX_LEN);
	if ((rc = check_base(o)) != 0 || (rc = endpoint_urls(o)) != 0)
		return rc;
	if (o->auth_url_endpoint != NULL && !plain_path(o->auth_url_endpoint))
		return fg_usage_error(PROG, "login", "--auth-url-endpoint '%s': an absolute path or "
		    "an http(s) URL, no query", o->auth_url_endpoint);
	if (o->status_endpoint != NULL && !plain_path(o->status_endpoint))
		return fg_usage_error(PROG, "login", "--status-endpoint '%s': an absolute path or "
		    "an http(s) URL, no query", o->status_endpoint);
	if (o->project_id != NULL && !plain_name(o->project_id))
		return fg_usage_error(PROG, "login", "--project-id '%s': letters, digits, '-', "
		    "'_' and '.' only (at most %d)", o->project_id, NAME_MAX_LEN);
	if (o->method != NULL && !plain_name(o->method))
		return fg_usage_error(PROG, "login", "--method '%s': letters, digits, '-', '_' "
		    "and '.' only (at most %d)", o->method, NAME_MAX_LEN);
	defaults(o);
	if (auth_query(o) != 0)
		return fg_usage_error(PROG, "login", "the auth-url query is too long");
	return 0;
}

static int
set_seconds(const char *opt, const char *arg, long min_ms, double max_s, long *ms)
{
	if (fg_parse_seconds(arg, min_ms, max_s, ms) == 0)
		return 0;
	return fg_usage_error(PROG, "login", "%s '%s': seconds from %g to %g", opt, arg,
	    min_ms / 1000.0, max_s);
}

int
login_parse(int argc, char **argv, struct login_opts *o)
{
	static const struct option opts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "provider", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "auth-url-endpoint", required_argument, NULL, 'A' },
		{ "status-endpoint", required_argument, NULL, 'S' },
		{ "project-id", required_argument, NULL, 'g' },
		{ "method", required_argument, NULL, 'm' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "interval", required_argument, NULL, 'i' },
		{ "paste", no_argument, NULL, 'P' },
		{ "lines", no_argument, NULL, 'L' },
		{ "events-log", required_argument, NULL, 'e' },
		FG_END_LONGOPTS,
	};
	int opt;

	memset(o, 0, sizeof *o);
	o->timeout_ms = 180000;
	o->interval_ms = 2000;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'b': o->base = optarg; break;
		case 'p': o->provider = optarg; break;
		case 't': o->type = optarg; break;
		case 'A': o->auth_url_endpoint = optarg; break;
		case 'S': o->status_endpoint = optarg; break;
		case 'g': o->project_id = optarg; break;
		case 'm': o->method = optarg; break;
		case 'k': o->key_file = optarg; break;
		case 'e': o->events_log = optarg; break;
		case 'P': o->paste = 1; break;
		case 'L': o->lines = 1; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		case 'T':
			if (set_seconds("--timeout", optarg, 1, TIMEOUT_MAX_S, &o->timeout_ms) != 0)
				return FG_EUSAGE;
			break;
		case 'i':
			if (set_seconds("--interval", optarg, INTERVAL_MIN_MS, INTERVAL_MAX_S,
			    &o->interval_ms) != 0)
				return FG_EUSAGE;
			break;
		default: return fg_bad_option(PROG, "login", opt, argv);
		}
	}
	if (optind < argc)
		return fg_usage_error(PROG, "login", "unexpected argument '%s'", argv[optind]);
	return check(o);
}
