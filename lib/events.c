/* events.c — the events log's line and its locked one-write append, shared
 * by fg-state (any event) and fg-oauth (oauth_login, auth_import). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "events.h"
#include "input.h"
#include "jsonwrite.h"
#include "utf8.h"

static const char *const known[] = { "profile_switch", "service_start", "service_stop",
	"service_restart", "oauth_login", "auth_import", "bootstrap_download",
	"bootstrap_update", "integration_apply", "integration_revert", "service_export",
	"service_install", "service_uninstall", NULL };

int
fg_event_known(const char *name)
{
	size_t i;

	for (i = 0; known[i]; i++)
		if (strcmp(known[i], name) == 0)
			return 1;
	return 0;
}

void
fg_utc_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Fields can hold any bytes: an ill-formed UTF-8 sequence becomes U+FFFD,
 * so that every line of the log is JSON that jq reads. */
static int
add_field(cJSON *ev, const char *name, const char *value)
{
	char *fixed;
	int ok;

	if (value == NULL)
		return cJSON_AddNullToObject(ev, name) != NULL;
	if ((fixed = fg_utf8_fix(value)) == NULL)
		return 0;
	ok = cJSON_AddStringToObject(ev, name, fixed) != NULL;
	free(fixed);
	return ok;
}

/* The event as one JSON line in *line (free() it, also on error). */
static int
event_line(const struct fg_event *in, char **line, size_t *len, struct fg_err *e)
{
	cJSON *ev = cJSON_CreateObject();
	char now[32];
	FILE *mem = NULL;
	int ok;

	if (in->at != NULL)
		snprintf(now, sizeof now, "%s", in->at);
	else
		fg_utc_now(now, sizeof now);
	ok = ev != NULL && add_field(ev, "event", in->event) &&
	    add_field(ev, "service", in->service) && add_field(ev, "profile", in->profile) &&
	    add_field(ev, "provider", in->provider) && add_field(ev, "result", in->result) &&
	    add_field(ev, "detail", in->detail) && add_field(ev, "timestamp", now) &&
	    (mem = open_memstream(line, len)) != NULL;
	if (mem != NULL) {
		ok = fg_json_write(mem, ev, 0) == 0;
		/* fclose can say 0 and still leave no buffer when its last realloc failed. */
		ok = fclose(mem) == 0 && *line != NULL && ok;
	}
	cJSON_Delete(ev);
	if (!ok)
		return fg_err_set(e, FG_ERUNTIME, "event: out of memory");
	return 0;
}

/* One write(2) of the whole line under an exclusive lock: lines never interleave. */
static int
append_line(const char *log, const char *line, size_t len, struct fg_err *e)
{
	int fd, err = 0;
	ssize_t n;

	/* Never a FIFO: with no reader it would hang the open, with one the
	 * events would go to whoever reads it. */
	if ((fd = fg_open_regular(log, O_WRONLY | O_APPEND | O_CREAT, 0600)) == FG_NOT_REGULAR)
		return fg_err_set(e, FG_ERUNTIME, "%s: not a regular file", log);
	if (fd < 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", log, strerror(errno));
	while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
		;
	while ((n = write(fd, line, len)) < 0 && errno == EINTR)
		;
	if (n < 0)
		err = errno;
	else if ((size_t)n != len)
		err = EIO;
	close(fd);
	if (err)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", log, strerror(err));
	return 0;
}

int
fg_event_append(const char *log, const struct fg_event *ev, struct fg_err *e)
{
	char *line = NULL;
	size_t len = 0;
	int rc;

	if ((rc = event_line(ev, &line, &len, e)) == 0)
		rc = append_line(log, line, len, e);
	free(line);
	return rc;
}
