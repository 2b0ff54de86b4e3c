/* login.h — fg-oauth login's options, checked and with their defaults. */
#ifndef FG_OAUTH_LOGIN_H
#define FG_OAUTH_LOGIN_H

#define LOGIN_PATH_MAX 512

struct login_opts {
	const char *base;               /* no trailing slash */
	const char *provider, *type;
	const char *auth_url_endpoint, *status_endpoint;
	const char *key_file, *events_log;
	const char *project_id;         /* gemini's project_id, or NULL */
	const char *method;             /* kiro's method, or NULL */
	char auth_query[LOGIN_PATH_MAX]; /* is_webui=true and the two above */
	long timeout_ms, interval_ms;
	int paste, lines;
	char base_buf[2048];
	char auth_url_buf[LOGIN_PATH_MAX];
	char status_buf[LOGIN_PATH_MAX];
};

/* Fills o from argv; 0, FG_SHOW_HELP, FG_SHOW_VERSION, or FG_EUSAGE after
 * reporting the one line. */
int login_parse(int argc, char **argv, struct login_opts *o);

#endif
