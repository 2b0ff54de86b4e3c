/* apply.c — apply and revert: a client's file changed in place (backed up
 * first, replaced atomically), with a record of what each change replaced
 * so revert restores exactly that and leaves later edits alone. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "commands.h"
#include "output.h"
#include "shquote.h"

void
usage_apply(FILE *f)
{
	fprintf(f,
	    "usage: fg-client apply [-c | --sh] [--dry-run] [--file F] [--] codex|claude-code [CONFIG]\n"
	    "Points the client's file at LiteLLM, from the normalized config CONFIG (stdin\n"
	    "when absent or -). codex (config.toml): the top-level model_provider and model\n"
	    "are replaced where they stand or added before the first table, and the\n"
	    "[model_providers.flowgate] table is made or updated; every other byte stays.\n"
	    "A file it cannot edit safely (not TOML it can place, a multi-line string, an\n"
	    "array or an inline table on those keys, the provider defined outside its\n"
	    "table) is refused, untouched. claude-code (settings.json): the ANTHROPIC_*\n"
	    "variables of \"env\" are set (the token read from integration.key_file, which\n"
	    "must exist) and ANTHROPIC_API_KEY removed; other keys keep their order; the\n"
	    "file is then mode 0600. The old file is copied to FILE.backup.EPOCH (0600)\n"
	    "first; the new one replaces it atomically (a symlink's target is written);\n"
	    "what was replaced is recorded in RUNTIME/integration/ for revert. --dry-run\n"
	    "writes nothing. Prints {client, result (applied, unchanged, dry-run),\n"
	    "planned_path, backup_path, saved_path, changes, kept, record}, or with --sh\n"
	    "fg_result, fg_planned_path, fg_backup_path, fg_saved_path, fg_changes.\n"
	    "Exit: 0 ok, 1 a file cannot be read, edited safely or written, 2 usage or\n"
	    "config error.\n");
}

void
usage_revert(FILE *f)
{
	fprintf(f,
	    "usage: fg-client revert [-c | --sh] [--dry-run] [--file F] [--] codex|claude-code [CONFIG]\n"
	    "Restores in the client's file what the last apply replaced, from its record:\n"
	    "a value apply set is put back as it was (or removed when apply added it),\n"
	    "but a value changed since apply is the user's and is kept (listed in kept).\n"
	    "The file is backed up and replaced as apply does; the record is removed.\n"
	    "A file apply made and revert leaves empty is removed. Prints as apply does;\n"
	    "result: reverted, removed, unchanged, dry-run, nothing-recorded (no apply to\n"
	    "undo), file-missing (the file is gone; nothing is made).\n"
	    "Exit: 0 ok, 1 a file cannot be read or written, 2 usage or config error.\n");
}

struct outcome {
	const char *client, *result, *record;
	struct change ch;
};

/* Space-separated words as a JSON array. */
static cJSON *
words(const char *list)
{
	cJSON *a = cJSON_CreateArray();
	char w[300];
	size_t n;

	while (a != NULL && *list != '\0') {
		n = strcspn(list, " ");
		snprintf(w, sizeof w, "%.*s", (int)n, list);
		cJSON_AddItemToArray(a, cJSON_CreateString(w));
		list += n + (list[n] == ' ');
	}
	return a;
}

static cJSON *
str_or_null(const char *s)
{
	return *s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* The outcome as the JSON document apply and revert print; NULL when out of memory. */
static cJSON *
outcome_json(const struct outcome *o)
{
	cJSON *d = cJSON_CreateObject();

	if (d == NULL || cJSON_AddStringToObject(d, "client", o->client) == NULL ||
	    cJSON_AddStringToObject(d, "result", o->result) == NULL ||
	    !cJSON_AddItemToObject(d, "planned_path", str_or_null(o->ch.planned)) ||
	    !cJSON_AddItemToObject(d, "backup_path", str_or_null(o->ch.backup)) ||
	    !cJSON_AddItemToObject(d, "saved_path", str_or_null(o->ch.saved)) ||
	    !cJSON_AddItemToObject(d, "changes", words(o->ch.items)) ||
	    !cJSON_AddItemToObject(d, "kept", words(o->ch.kept)) ||
	    !cJSON_AddItemToObject(d, "record", str_or_null(o->record))) {
		cJSON_Delete(d);
		return NULL;
	}
	return d;
}

static int
write_sh(FILE *f, const void *arg, struct fg_err *e)
{
	const struct outcome *o = arg;

	fg_sh_assign(f, "fg_client", o->client);
	fg_sh_assign(f, "fg_result", o->result);
	fg_sh_assign(f, "fg_planned_path", o->ch.planned);
	fg_sh_assign(f, "fg_backup_path", o->ch.backup);
	fg_sh_assign(f, "fg_saved_path", o->ch.saved);
	fg_sh_assign(f, "fg_changes", o->ch.items);
	fg_sh_assign(f, "fg_kept", o->ch.kept);
	return ferror(f) ? fg_err_set(e, FG_ERUNTIME, "write error") : 0;
}

struct change_opts {
	int revert, dry_run, sh;
	struct fg_out out;
	const char *file;
	enum client c;
	const char *config;
};

static int
parse(int argc, char **argv, struct change_opts *o)
{
	static const struct option opts[] = {
		{ "compact", no_argument, NULL, 'c' },
		{ "sh", no_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "file", required_argument, NULL, 'f' },
		FG_END_LONGOPTS,
	};
	const char *cmd = o->revert ? "revert" : "apply";
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":ch", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': o->out.compact = 1; break;
		case 's': o->sh = 1; break;
		case 'n': o->dry_run = 1; break;
		case 'f': o->file = optarg; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(PROG, cmd, opt, argv);
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return fg_usage_error(PROG, cmd, "expected codex or claude-code, then CONFIG");
	if (client_parse(argv[optind], &o->c) != 0)
		return fg_usage_error(PROG, cmd, "unknown client '%s' (codex, claude-code)", argv[optind]);
	o->config = argv[optind + 1];
	return 0;
}

/* {"client", "path", "items": {}}: the record apply fills. */
static cJSON *
new_record(enum client c, const char *path, int exists)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec == NULL || cJSON_AddStringToObject(rec, "client", client_name(c)) == NULL ||
	    cJSON_AddStringToObject(rec, "path", path) == NULL ||
	    cJSON_AddBoolToObject(rec, "created", !exists) == NULL ||
	    cJSON_AddObjectToObject(rec, "items") == NULL) {
		cJSON_Delete(rec);
		return NULL;
	}
	return rec;
}

/* A second apply keeps what the first one found: whether it made the file. */
static void
keep_created(cJSON *rec, const cJSON *old)
{
	const cJSON *was = cJSON_GetObjectItemCaseSensitive(old, "created");

	if (cJSON_IsBool(was))
		cJSON_ReplaceItemInObjectCaseSensitive(rec, "created", cJSON_CreateBool(cJSON_IsTrue(was)));
}

/* What revert leaves of a file apply made: nothing but white space (TOML),
 * or an empty object (JSON). Then the file goes, as it was before apply. */
static int
nothing_left(enum client c, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len && strchr(" \t\r\n", text[i]) != NULL)
		i++;
	if (c == CLIENT_CLAUDE && i < len && text[i] == '{') {
		for (i++; i < len && strchr(" \t\r\n", text[i]) != NULL; i++)
			;
		if (i >= len || text[i] != '}')
			return 0;
		for (i++; i < len && strchr(" \t\r\n", text[i]) != NULL; i++)
			;
	}
	return i == len;
}

/* Puts the record back as it was before this apply: the old one, or none. */
static void
restore_record(const char *path, const cJSON *old)
{
	struct fg_err ignored;

	if (old != NULL)
		(void)record_save(path, old, &ignored);
	else
		(void)unlink(path);
}

/* The edit of apply or revert: the new text in *out. */
static int
edit(const struct change_opts *o, struct client_file *f, const struct target *t,
    const cJSON *old, cJSON *rec, char **out, size_t *outlen, struct change *ch, struct fg_err *e)
{
	char key[KEY_MAX];
	int r;

	if (o->revert)
		return o->c == CLIENT_CODEX ? codex_revert(f, old, out, outlen, ch, e)
		    : claude_revert(f, old, out, outlen, ch, e);
	if (o->c == CLIENT_CODEX)
		return codex_apply(f, t, old, rec, out, outlen, ch, e);
	if (target_key(t, key, e) != 0)
		return -1;
	r = claude_apply(f, t, key, old, rec, out, outlen, ch, e);
	explicit_bzero(key, sizeof key);
	return r;
}

/* Backs up, records, replaces: on any failure nothing is left changed. */
static int
commit(const struct change_opts *o, struct client_file *f, const char *text, size_t len,
    const char *recpath, const cJSON *old, const cJSON *rec, struct change *ch, struct fg_err *e)
{
	/* Settings that hold the token are the user's alone. */
	mode_t mode = !o->revert && o->c == CLIENT_CLAUDE ? 0600 : 0;

	if (f->exists && client_file_backup(f, ch->backup, sizeof ch->backup, e) != 0) {
		ch->backup[0] = '\0';
		return -1;
	}
	if (!o->revert && record_save(recpath, rec, e) != 0)
		goto undo_backup;
	if (o->revert && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(old, "created")) &&
	    nothing_left(o->c, text, len)) {
		if (unlink(f->real) != 0) {
			fg_err_set(e, FG_ERUNTIME, "%s: cannot remove: %s", f->real, strerror(errno));
			goto undo_backup;
		}
		ch->removed = 1;
	} else if (client_file_save(f, text, len, mode, e) != 0) {
		if (!o->revert)
			restore_record(recpath, old);
		goto undo_backup;
	}
	if (o->revert && unlink(recpath) != 0 && errno != ENOENT)
		return fg_err_set(e, FG_ERUNTIME, "%s: reverted, but its record stays: %s", f->path,
		    strerror(errno));
	if (!ch->removed)
		snprintf(ch->saved, sizeof ch->saved, "%s", f->real);
	return 0;
undo_backup:
	if (ch->backup[0] != '\0')
		(void)unlink(ch->backup);
	ch->backup[0] = '\0';
	return -1;
}

static int
run(int argc, char **argv, int revert)
{
	struct change_opts o = { 0 };
	struct outcome res = { 0 };
	struct client_file f = { 0 };
	struct target t;
	struct fg_err e = { 0 };
	char path[4096], recpath[4500], *text = NULL;
	size_t len = 0;
	cJSON *old = NULL, *rec = NULL, *doc;
	int rc;

	o.revert = revert;
	o.out.mode = 0600;
	if ((rc = parse(argc, argv, &o)) != 0)
		return rc;
	res.client = client_name(o.c);
	recpath[0] = '\0';
	if (config_load(o.config, -1, &t, &e) != 0 ||
	    client_file_path(o.c, o.file, path, sizeof path, &e) != 0 ||
	    client_file_load(&f, path, &e) != 0)
		goto fail;
	snprintf(res.ch.planned, sizeof res.ch.planned, "%s", f.path);
	if (record_path(&t, o.c, f.real, recpath, sizeof recpath) != 0) {
		fg_err_set(&e, FG_EUSAGE, "paths.runtime_dir: too long");
		goto fail;
	}
	old = record_load(recpath, &e);
	if (old == NULL && e.msg[0] != '\0')
		goto fail;
	if (revert && (old == NULL || !f.exists)) {
		res.result = old == NULL ? "nothing-recorded" : "file-missing";
		if (old != NULL && !o.dry_run)
			(void)unlink(recpath);
		goto print;
	}
	if (!revert && (rec = new_record(o.c, f.real, f.exists)) == NULL) {
		fg_err_set(&e, FG_ERUNTIME, "out of memory");
		goto fail;
	}
	if (!revert && old != NULL && f.exists)
		keep_created(rec, old);
	if (edit(&o, &f, &t, old, rec, &text, &len, &res.ch, &e) != 0)
		goto fail;
	if (o.dry_run)
		res.result = "dry-run";
	else if (!res.ch.changed)
		res.result = "unchanged";
	else if (commit(&o, &f, text, len, recpath, old, rec, &res.ch, &e) != 0)
		goto fail;
	else
		res.result = !revert ? "applied" : res.ch.removed ? "removed" : "reverted";
	if (revert && !o.dry_run && !res.ch.changed)
		(void)unlink(recpath);
print:
	res.record = access(recpath, F_OK) == 0 ? recpath : "";
	if (o.sh) {
		rc = fg_output(&o.out, write_sh, &res, &e);
	} else if ((doc = outcome_json(&res)) == NULL) {
		rc = fg_err_set(&e, FG_ERUNTIME, "out of memory");
	} else {
		rc = fg_output(&o.out, fg_json_writer(&o.out), doc, &e);
		cJSON_Delete(doc);
	}
	if (rc != 0)
		fg_err_print(PROG, &e);
	goto out;
fail:
	rc = e.code ? e.code : FG_ERUNTIME;
	fg_err_print(PROG, &e);
out:
	if (text != NULL)
		explicit_bzero(text, len);
	free(text);
	if (f.text != NULL)
		explicit_bzero(f.text, f.len);
	client_file_free(&f);
	cJSON_Delete(old);
	cJSON_Delete(rec);
	return rc;
}

int
cmd_apply(int argc, char **argv)
{
	return run(argc, argv, 0);
}

int
cmd_revert(int argc, char **argv)
{
	return run(argc, argv, 1);
}
