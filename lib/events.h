/* events.h — FlowGate's events log: one JSON line per state change, appended
 * under a lock in one write, so concurrent writers never interleave a line. */
#ifndef FG_EVENTS_H
#define FG_EVENTS_H

#include "err.h"

/* What one line records; NULL fields are written as null. at is the
 * timestamp (fg_utc_now's form), or NULL for the time of the append. */
struct fg_event {
	const char *event, *service, *profile, *provider, *result, *detail;
	const char *at;
};

/* Whether name is one of the events the log knows (profile_switch,
 * service_start, service_stop, service_restart, oauth_login, auth_import,
 * bootstrap_download, bootstrap_update, integration_apply, integration_revert,
 * service_export, service_install, service_uninstall). */
int fg_event_known(const char *name);
/* Appends ev, with the time (ISO-8601 UTC), to log (created mode 0600; never
 * a FIFO or a folder). Invalid UTF-8 in a field becomes U+FFFD, so every line
 * is JSON. Returns 0, or an error code set in e ("LOG: what"). */
int fg_event_append(const char *log, const struct fg_event *ev, struct fg_err *e);

/* The current time as ISO-8601 UTC (2026-11-24T15:00:00Z); size >= 21. */
void fg_utc_now(char *buf, size_t size);

#endif
