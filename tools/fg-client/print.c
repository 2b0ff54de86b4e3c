/* print.c — what apply would write for a client, and the export lines that
 * point a shell at the stack. The key stays a reference (a command that
 * reads its file, or a placeholder naming the file) unless --show-secret. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "commands.h"
#include "jsonwrite.h"
#include "output.h"
#include "shquote.h"

void
usage_print(FILE *f)
{
	fprintf(f,
	    "usage: fg-client print [-c | -r] [--show-secret] [--file F] [--] codex|claude-code|env [CONFIG]\n"
	    "Prints what apply would write, from the normalized config CONFIG (fg-config's\n"
	    "output; stdin when absent or -): {\"client\", \"path\", \"text\"} (claude-code and\n"
	    "env add \"env\", env adds \"unset\"), or with -r the text alone. codex: the\n"
	    "top-level model_provider and model and the [model_providers.flowgate] table of\n"
	    "config.toml. claude-code: settings.json's \"env\" (ANTHROPIC_BASE_URL,\n"
	    "ANTHROPIC_AUTH_TOKEN, ANTHROPIC_MODEL, ANTHROPIC_DEFAULT_{OPUS,SONNET,HAIKU}_MODEL).\n"
	    "env: export lines for eval, for both clients and OpenAI SDKs. The key is a\n"
	    "reference to integration.key_file (a placeholder; in env lines a $(cat FILE)\n"
	    "read when they are evaluated) unless --show-secret, which reads the file.\n"
	    "--file names the client's file instead of $CODEX_HOME/config.toml,\n"
	    "~/.codex/config.toml, $CLAUDE_CONFIG_DIR/settings.json, ~/.claude/settings.json.\n"
	    "Exit: 0 ok, 1 the key file cannot be read (--show-secret), 2 usage or config error.\n");
}

/* What print makes: the text, and the JSON document around it. */
struct printed {
	const char *client, *path;
	char *text;
	size_t len;
	cJSON *env;         /* NULL for codex */
	int unset_key;      /* env: ANTHROPIC_API_KEY is unset */
};

static int
write_raw(FILE *f, const void *arg, struct fg_err *e)
{
	const struct printed *p = arg;

	if (fwrite(p->text, 1, p->len, f) != p->len)
		return fg_err_set(e, FG_ERUNTIME, "print: write error");
	return 0;
}

struct json_arg {
	const struct printed *p;
	int compact;
};

static int
write_doc(FILE *f, const void *arg, struct fg_err *e)
{
	const struct json_arg *a = arg;
	const struct printed *p = a->p;
	cJSON *doc = cJSON_CreateObject(), *unset;
	int rc;

	if (doc == NULL || cJSON_AddStringToObject(doc, "client", p->client) == NULL ||
	    cJSON_AddItemToObject(doc, "path", p->path ? cJSON_CreateString(p->path) : cJSON_CreateNull()) == 0 ||
	    cJSON_AddStringToObject(doc, "text", p->text) == NULL ||
	    (p->env != NULL && cJSON_AddItemReferenceToObject(doc, "env", p->env) == 0)) {
		cJSON_Delete(doc);
		return fg_err_set(e, FG_ERUNTIME, "print: out of memory");
	}
	if (p->path == NULL) {
		unset = cJSON_AddArrayToObject(doc, "unset");
		if (unset == NULL || (p->unset_key &&
		    !cJSON_AddItemToArray(unset, cJSON_CreateString("ANTHROPIC_API_KEY")))) {
			cJSON_Delete(doc);
			return fg_err_set(e, FG_ERUNTIME, "print: out of memory");
		}
	}
	rc = fg_json_write(f, doc, !a->compact) != 0;
	cJSON_Delete(doc);
	return rc ? fg_err_set(e, FG_ERUNTIME, "print: write error") : 0;
}

/* One export line; with key_file, the value is "$(cat 'FILE')", so the
 * file is read when the line is evaluated and its text is never printed. */
static void
export_line(FILE *f, const char *name, const char *value, const char *key_file)
{
	fprintf(f, "export %s=", name);
	if (key_file != NULL) {
		fputs("\"$(cat ", f);
		fg_sh_quote(f, key_file);
		fputs(")\"", f);
	} else {
		fg_sh_quote(f, value);
	}
	fputc('\n', f);
}

/* The variables of print env, in the order they print: the key (value, or
 * NULL for a reference) goes where a KEY marks it. */
static int
env_lines(const struct target *t, const char *key, struct printed *p, struct fg_err *e)
{
	const char *names[] = { "OPENAI_BASE_URL", t->env_key, "ANTHROPIC_BASE_URL",
		"ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_OPUS_MODEL",
		"ANTHROPIC_DEFAULT_SONNET_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL" };
	const char *values[] = { t->codex_base, NULL, t->base, NULL, t->default_model,
		t->default_model, t->default_model, t->fast_model };
	char ref[4200];
	FILE *f = open_memstream(&p->text, &p->len);
	size_t i, n = sizeof names / sizeof names[0];
	int is_key;

	snprintf(ref, sizeof ref, "<the key in %s>", t->key_file);
	if (f == NULL || (p->env = cJSON_CreateObject()) == NULL) {
		if (f != NULL)
			fclose(f);
		return fg_err_set(e, FG_ERUNTIME, "print: out of memory");
	}
	for (i = 0; i < n; i++) {
		is_key = values[i] == NULL;
		export_line(f, names[i], is_key ? key : values[i], is_key && key == NULL ? t->key_file : NULL);
		/* Two names may be one variable (env_key ANTHROPIC_AUTH_TOKEN). */
		cJSON_DeleteItemFromObjectCaseSensitive(p->env, names[i]);
		cJSON_AddStringToObject(p->env, names[i], is_key ? (key ? key : ref) : values[i]);
	}
	/* Claude Code sends both when both are set: only the token is ours. */
	fputs("unset ANTHROPIC_API_KEY\n", f);
	p->unset_key = 1;
	if (fclose(f) != 0)
		return fg_err_set(e, FG_ERUNTIME, "print: out of memory");
	return 0;
}

static int
codex_text(const struct target *t, struct printed *p, struct fg_err *e)
{
	FILE *f = open_memstream(&p->text, &p->len);

	if (f == NULL)
		return fg_err_set(e, FG_ERUNTIME, "print: out of memory");
	codex_print(f, t);
	return fclose(f) != 0 ? fg_err_set(e, FG_ERUNTIME, "print: out of memory") : 0;
}

static int
claude_text(const struct target *t, const char *key, struct printed *p, struct fg_err *e)
{
	cJSON *doc = cJSON_CreateObject();
	FILE *f;
	int rc;

	if (doc == NULL || (p->env = claude_env(t, key)) == NULL ||
	    !cJSON_AddItemReferenceToObject(doc, "env", p->env) ||
	    (f = open_memstream(&p->text, &p->len)) == NULL) {
		cJSON_Delete(doc);
		return fg_err_set(e, FG_ERUNTIME, "print: out of memory");
	}
	rc = fg_json_write(f, doc, 1) != 0;
	rc |= fclose(f) != 0;
	cJSON_Delete(doc);
	return rc ? fg_err_set(e, FG_ERUNTIME, "print: out of memory") : 0;
}

int
cmd_print(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "compact", no_argument, NULL, 'c' },
		{ "raw", no_argument, NULL, 'r' },
		{ "show-secret", no_argument, NULL, 's' },
		{ "file", required_argument, NULL, 'f' },
		FG_END_LONGOPTS,
	};
	struct printed p = { 0 };
	struct fg_out out = { NULL, 0600, 0 };
	struct json_arg ja = { &p, 0 };
	struct target t;
	struct fg_err e = { 0 };
	char key[KEY_MAX] = "", path[4096];
	const char *file = NULL;
	enum client c = CLIENT_CODEX;
	int opt, raw = 0, show = 0, rc = 1, is_env;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":crh", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': ja.compact = 1; break;
		case 'r': raw = 1; break;
		case 's': show = 1; break;
		case 'f': file = optarg; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(PROG, "print", opt, argv);
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return fg_usage_error(PROG, "print", "expected codex, claude-code or env, then CONFIG");
	is_env = strcmp(argv[optind], "env") == 0;
	if (!is_env && client_parse(argv[optind], &c) != 0)
		return fg_usage_error(PROG, "print", "unknown client '%s' (codex, claude-code, env)",
		    argv[optind]);
	if (config_load(argv[optind + 1], -1, &t, &e) != 0 || (show && target_key(&t, key, &e) != 0))
		goto fail;
	p.client = is_env ? "env" : client_name(c);
	if (!is_env) {
		if (client_file_path(c, file, path, sizeof path, &e) != 0)
			goto fail;
		p.path = path;
	}
	if (is_env)
		rc = env_lines(&t, show ? key : NULL, &p, &e);
	else if (c == CLIENT_CODEX)
		rc = codex_text(&t, &p, &e);
	else
		rc = claude_text(&t, show ? key : NULL, &p, &e);
	explicit_bzero(key, sizeof key);
	if (rc == 0)
		rc = raw ? fg_output(&out, write_raw, &p, &e) : fg_output(&out, write_doc, &ja, &e);
	if (p.text != NULL)
		explicit_bzero(p.text, p.len);
	free(p.text);
	cJSON_Delete(p.env);
	if (rc == 0)
		return 0;
fail:
	fg_err_print(PROG, &e);
	return e.code ? e.code : FG_ERUNTIME;
}
