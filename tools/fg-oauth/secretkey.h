/* secretkey.h — CLIProxyAPIPlus's remote-management.secret-key, read offline
 * from its YAML config, and a key checked against it as the proxy checks it. */
#ifndef FG_OAUTH_SECRETKEY_H
#define FG_OAUTH_SECRETKEY_H

#include "err.h"

/* What is wrong with the config, for check-key's result word. */
enum secret_fault {
	SECRET_FAULT_NONE,      /* none, or a runtime error (out of memory, a read failing) */
	SECRET_MISSING,         /* the config file is not there */
	SECRET_UNREADABLE,      /* it cannot be opened, or is not a regular file */
	SECRET_INVALID,         /* not YAML, too large, or not the shape the proxy reads */
};

struct secret {
	const char *config;     /* the config file, for messages */
	char *value;            /* the secret-key; NULL when absent, null or empty */
	int hashed;             /* value is a bcrypt hash, as the proxy tells one */
	enum secret_fault fault;
};

/* Reads remote-management.secret-key from the config file. A file that is
 * not a mapping, a remote-management that is not a mapping, or a secret-key
 * that is not a string is an error (SECRET_INVALID). */
int secret_load(const char *config, struct secret *s, struct fg_err *e);
/* Zeroes the value, then frees it. */
void secret_free(struct secret *s);
/* 1 when key is the secret (bcrypt for a hash, else the plaintext itself),
 * 0 when it is not; compared in constant time. -1 with e set when the hash
 * is not one bcrypt can use (SECRET_INVALID in s->fault) or out of memory. */
int secret_matches(struct secret *s, const char *key, struct fg_err *e);

#endif
