/* key.h — the management key: from $CLIPROXY_MANAGEMENT_KEY, else from a
 * file; never printed, logged or passed in an argv. */
#ifndef FG_OAUTH_KEY_H
#define FG_OAUTH_KEY_H

#include <sys/stat.h>

#include "err.h"

#define KEY_ENV "CLIPROXY_MANAGEMENT_KEY"

/* What is wrong with the key or its file, for a caller that reports it as a
 * finding (check-key) rather than only as a message. */
enum key_fault {
	KEY_FAULT_NONE,     /* none, or a runtime error (out of memory, a read failing) */
	KEY_MISSING,        /* no variable and no file, a file not found, an empty key */
	KEY_MODE,           /* a key file that is not mode 0600 (strict_mode only) */
	KEY_UNREADABLE,     /* a key file that cannot be opened or is not a regular file */
	KEY_INVALID,        /* a key with a space or a control byte, a file too large */
};

struct key_src {
	/* Set by the caller. */
	const char *cmd;        /* the subcommand, for the message when there is no key */
	const char *file;       /* --key-file, or NULL */
	int strict_mode;        /* a key file not mode 0600 is KEY_MODE, not a warning */
	/* Set by key_load. */
	const char *name;       /* "$CLIPROXY_MANAGEMENT_KEY" or the file, for messages */
	int from_file;          /* the key came from file (the variable was unset) */
	int stable;             /* the file's identity was the same before and after the read */
	struct stat st;         /* the key file, after the read */
	enum key_fault fault;   /* on error: what is wrong */
};

/* Sets *key (free with key_free). A key file that is not mode 0600 gets one
 * warning line, or with strict_mode is an error and is not read. Errors
 * (exit 2, with src->fault set): no key, a missing, empty or unreadable
 * file, a file that is not a regular file, a key with spaces or control
 * bytes. Out of memory or a failing read is exit 1 with no fault. */
int key_load(struct key_src *src, char **key, struct fg_err *e);
/* Zeroes the key, then frees it. */
void key_free(char *key);

#endif
