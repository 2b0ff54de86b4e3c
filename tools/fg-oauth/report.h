/* report.h — what a login prints as it happens: JSON Lines (one event per
 * line, flushed), or with --lines the original Python FlowGate's key=value lines; the
 * final result, its one stderr line on failure, and its events-log entry. */
#ifndef FG_OAUTH_REPORT_H
#define FG_OAUTH_REPORT_H

struct report {
	int lines;                  /* --lines */
	const char *provider;
	const char *events_log;     /* --events-log, or NULL */
	char last_status[64];       /* the status last printed */
};

void report_login_url(struct report *p, const char *url, const char *state);
void report_device_code(struct report *p, const char *user_code, const char *verification_url);
void report_auth_url(struct report *p, const char *url);
/* Prints the status when it differs from the last one printed. */
void report_status(struct report *p, const char *status);

struct result {
	const char *word;           /* ok, error, timeout, cancelled, unconfirmed,
	                             * unsupported_by_proxy */
	const char *auth_file;      /* ok: the new file's name */
	const char *auth_path;      /* ok: its path in the auth dir, when known */
	const char *error, *hint;   /* otherwise */
};

/* Prints the result; on failure one line on stderr, "fg-oauth: ERROR
 * hint=HINT"; appends the oauth_login event when asked. Returns 0 for ok,
 * else 1. */
int report_result(struct report *p, const struct result *r);

#endif
