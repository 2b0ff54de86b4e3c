/* checkkey.c — fg-oauth check-key: does FlowGate's management key match
 * remote-management.secret-key in CLIProxyAPIPlus's config? Offline: the
 * files are read, no server is asked (5 wrong keys would ban the caller). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "commands.h"
#include "err.h"
#include "key.h"
#include "keycache.h"
#include "output.h"
#include "secretkey.h"
#include "shquote.h"
#include "subcmd.h"
#include "utf8.h"

struct check_opts {
	const char *config, *cache;
	struct key_src src;
	int sh;
	struct fg_out out;
};

/* The answer: one result word, and what the files said on the way. */
struct check {
	const char *result;
	int hashed;             /* -1: secret-key not read */
	int cached;             /* the match came from --cache, bcrypt did not run */
	struct fg_err e;        /* e.msg: the problem behind a key_* or config_* result */
};

void
usage_check_key(FILE *f)
{
	fprintf(f,
	    "usage: fg-oauth check-key --cliproxy-config FILE [--key-file F] [--cache C]\n"
	    "                          [-c | --sh]\n"
	    "Says, asking no server, whether the management key is\n"
	    "remote-management.secret-key in FILE, CLIProxyAPIPlus's YAML config. The\n"
	    "key: $" KEY_ENV ", else the content of F (whitespace\n"
	    "stripped, as login reads it; F must be mode 0600). A $2a$, $2b$ or $2y$\n"
	    "secret-key is a bcrypt hash, checked with bcrypt; any other is a plaintext\n"
	    "the proxy hashes at start, compared as it is. Prints {result,\n"
	    "cliproxy_config, hashed, cached, error} (-c: one line); result is one of:\n"
	    "  match, mismatch, no_secret (secret-key absent or empty: the management API\n"
	    "  is off), key_missing (no key, F not found or empty), key_mode (F not mode\n"
	    "  0600), key_unreadable, key_invalid (a space or control byte in the key),\n"
	    "  config_missing, config_unreadable, config_invalid (not YAML, not a mapping,\n"
	    "  secret-key not a string, a hash bcrypt cannot use).\n"
	    "hashed: secret-key is a bcrypt hash (null when not read); error: what is\n"
	    "wrong, for key_* and config_*, also printed on stderr (else null).\n"
	    "--cache C remembers a bcrypt match in C (mode 0600): the hash and F's device,\n"
	    "inode, size, mtime and ctime, never the key; an unchanged F and the same hash\n"
	    "then match without bcrypt (cached: true). Not used with the variable.\n"
	    "--sh: fg_key_result=WORD, fg_key_hashed=yes|no|'', fg_key_cached=yes|no and\n"
	    "fg_key_error='...' ('' when none) as sh assignments (--sh wins over -c).\n"
	    "Never prints the key or the secret-key.\n"
	    "Exit: 0 match; 1 any other result (printed all the same), or out of memory\n"
	    "or an I/O error (nothing printed); 2 usage error.\n");
}

static int
parse_check(int argc, char **argv, struct check_opts *o)
{
	static const struct option opts[] = {
		{ "cliproxy-config", required_argument, NULL, 'f' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "cache", required_argument, NULL, 'C' },
		{ "compact", no_argument, NULL, 'c' },
		{ "sh", no_argument, NULL, 's' },
		FG_END_LONGOPTS,
	};
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': o->config = optarg; break;
		case 'k': o->src.file = optarg; break;
		case 'C': o->cache = optarg; break;
		case 'c': o->out.compact = 1; break;
		case 's': o->sh = 1; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(PROG, "check-key", opt, argv);
		}
	}
	if (optind < argc)
		return fg_usage_error(PROG, "check-key", "unexpected argument '%s'", argv[optind]);
	if (o->config == NULL || o->config[0] == '\0')
		return fg_usage_error(PROG, "check-key", "--cliproxy-config FILE is required");
	if ((o->src.file != NULL && o->src.file[0] == '\0') ||
	    (o->cache != NULL && o->cache[0] == '\0'))
		return fg_usage_error(PROG, "check-key", "--key-file and --cache need a file name");
	return 0;
}

/* ---- the check ---- */

static const char *const key_words[] = {
	[KEY_MISSING] = "key_missing",
	[KEY_MODE] = "key_mode",
	[KEY_UNREADABLE] = "key_unreadable",
	[KEY_INVALID] = "key_invalid",
};

static const char *const secret_words[] = {
	[SECRET_MISSING] = "config_missing",
	[SECRET_UNREADABLE] = "config_unreadable",
	[SECRET_INVALID] = "config_invalid",
};

/* A cached match only for a key file read whole and unchanged: with the key
 * from the environment there is no file whose identity would vouch for it. */
static int
cache_usable(const struct check_opts *o)
{
	return o->cache != NULL && o->src.from_file && o->src.stable;
}

/* Runs bcrypt unless the cache vouches for this hash and this key file;
 * records a new match. 1 match, 0 not, -1 error in c->e. */
static int
verify(const struct check_opts *o, struct secret *s, const char *key, struct check *c)
{
	struct fg_err w = { 0 };
	int rc;

	if (s->hashed && cache_usable(o) &&
	    (rc = keycache_hit(o->cache, s->value, &o->src.st, &c->e)) != 0) {
		c->cached = rc == 1;
		return rc;
	}
	if ((rc = secret_matches(s, key, &c->e)) == 1 && s->hashed && cache_usable(o) &&
	    keycache_store(o->cache, s->value, &o->src.st, &w) != 0)
		fg_warn(PROG, "check-key: --cache %s (the next check runs bcrypt again)", w.msg);
	return rc;
}

/* Fills c; returns 0 with c->result set, or the exit code of a runtime
 * error (c->e says what, and there is no result). */
static int
check(struct check_opts *o, struct check *c)
{
	struct secret s = { 0 };
	char *key = NULL;
	int rc = 0;

	c->hashed = -1;
	if (key_load(&o->src, &key, &c->e) != 0) {
		if (o->src.fault == KEY_FAULT_NONE)
			return c->e.code;
		c->result = key_words[o->src.fault];
		return 0;
	}
	if (secret_load(o->config, &s, &c->e) != 0) {
		if (s.fault == SECRET_FAULT_NONE)
			rc = c->e.code;
		else
			c->result = secret_words[s.fault];
	} else if (s.value == NULL) {
		c->hashed = 0;
		c->result = "no_secret";
	} else {
		c->hashed = s.hashed;
		if ((rc = verify(o, &s, key, c)) >= 0) {
			c->result = rc ? "match" : "mismatch";
			rc = 0;
		} else if (s.fault == SECRET_INVALID) {
			c->result = "config_invalid";
			rc = 0;
		} else
			rc = c->e.code;
	}
	key_free(key);
	secret_free(&s);
	return rc;
}

/* ---- the answer ---- */

static int
is_problem(const struct check *c)
{
	return strncmp(c->result, "key_", 4) == 0 || strncmp(c->result, "config_", 7) == 0;
}

/* A path is bytes, and the message quotes paths; JSON is UTF-8. NULL: null. */
static int
add_text(cJSON *r, const char *name, const char *s)
{
	char *fixed;
	int ok;

	if (s == NULL)
		return cJSON_AddNullToObject(r, name) != NULL;
	if ((fixed = fg_utf8_fix(s)) == NULL)
		return 0;
	ok = cJSON_AddStringToObject(r, name, fixed) != NULL;
	free(fixed);
	return ok;
}

static cJSON *
answer(const struct check_opts *o, const struct check *c)
{
	cJSON *r = cJSON_CreateObject();

	if (r == NULL || cJSON_AddStringToObject(r, "result", c->result) == NULL ||
	    !add_text(r, "cliproxy_config", o->config) ||
	    (c->hashed < 0 ? cJSON_AddNullToObject(r, "hashed") :
	    cJSON_AddBoolToObject(r, "hashed", c->hashed)) == NULL ||
	    cJSON_AddBoolToObject(r, "cached", c->cached) == NULL ||
	    !add_text(r, "error", is_problem(c) ? c->e.msg : NULL)) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

static int
write_sh(FILE *f, const void *arg, struct fg_err *e)
{
	const struct check *c = arg;

	/* Words of [a-z_]: nothing to quote but the message. */
	fprintf(f, "fg_key_result=%s\nfg_key_hashed=%s\nfg_key_cached=%s\n", c->result,
	    c->hashed < 0 ? "''" : c->hashed ? "yes" : "no", c->cached ? "yes" : "no");
	fg_sh_assign(f, "fg_key_error", is_problem(c) ? c->e.msg : "");
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "check-key: --sh: write error");
	return 0;
}

static int
print_answer(const struct check_opts *o, const struct check *c, struct fg_err *e)
{
	cJSON *r;
	int rc;

	if (o->sh)
		return fg_output(&o->out, write_sh, c, e);
	if ((r = answer(o, c)) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "check-key: out of memory");
	rc = fg_output(&o->out, fg_json_writer(&o->out), r, e);
	cJSON_Delete(r);
	return rc;
}

int
cmd_check_key(int argc, char **argv)
{
	struct check_opts o = { .src = { .cmd = "check-key", .strict_mode = 1 },
	    .out = { NULL, 0600, 0 } };
	struct check c = { 0 };
	struct fg_err e = { 0 };
	int rc;

	if ((rc = parse_check(argc, argv, &o)) != 0)
		return rc;
	if ((rc = check(&o, &c)) != 0) {
		fg_err_print(PROG, &c.e);
		return rc;
	}
	if ((rc = print_answer(&o, &c, &e)) != 0) {
		fg_err_print(PROG, &e);
		return rc;
	}
	if (is_problem(&c))
		fg_err_print(PROG, &c.e);
	return strcmp(c.result, "match") == 0 ? FG_OK : FG_ERUNTIME;
}
