/* exec.c — runs Codex CLI or Claude Code pointed at the stack, through its
 * command line and environment only: no file of the client's is touched.
 * The key goes into the environment, never onto the command line (where
 * any user of the machine could read it). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "client.h"
#include "commands.h"
#include "jsonwrite.h"
#include "output.h"
#include "toml.h"

#define MAX_ARGS 4096

void
usage_exec(FILE *f)
{
	fprintf(f,
	    "usage: fg-client exec [--config-fd N] [--program P] [--claude-file F] [--project DIR]\n"
	    "                      [--managed F] codex|claude-code [CONFIG] [-- ARGS...]\n"
	    "Runs the client (P, default codex or claude, found on PATH) with ARGS, pointed\n"
	    "at LiteLLM from the normalized config (CONFIG, or descriptor N, which is closed\n"
	    "before the client starts, so its stdin stays the terminal's). codex: -c options\n"
	    "set model_provider \"flowgate\", the [model_providers.flowgate] table and the\n"
	    "model, and the key is put in integration.env_key. claude-code: the key is\n"
	    "ANTHROPIC_AUTH_TOKEN and ANTHROPIC_API_KEY is unset; the base URL and models\n"
	    "go in the environment and in --settings, which wins over settings.json's\n"
	    "\"env\". A settings file (user, DIR/.claude, managed F) that sets a token or a\n"
	    "key of its own would win over ours: that is refused, naming the file.\n"
	    "Exit: the client's; 1 the key file cannot be read or a settings file sets\n"
	    "a key; 2 usage or config error; 127 the client is not found.\n");
}

struct argv_buf {
	char *v[MAX_ARGS + 1];
	int n;
};

static int
push(struct argv_buf *a, const char *s)
{
	char *copy;

	if (a->n >= MAX_ARGS || (copy = strdup(s)) == NULL)
		return -1;
	a->v[a->n++] = copy;
	a->v[a->n] = NULL;
	return 0;
}

static void
argv_free(struct argv_buf *a)
{
	while (a->n > 0)
		free(a->v[--a->n]);
	a->v[0] = NULL;
}

/* -c KEY=VALUE with VALUE a TOML string. */
static int
push_override(struct argv_buf *a, const char *key, const char *value)
{
	char q[1100], kv[1400];

	if (toml_quote(value, q, sizeof q) < 0)
		return -1;
	snprintf(kv, sizeof kv, "%s=%s", key, q);
	return push(a, "-c") != 0 || push(a, kv) != 0 ? -1 : 0;
}

static int
codex_argv(const struct target *t, const char *key, struct argv_buf *a, struct fg_err *e)
{
	if (push_override(a, "model_provider", "flowgate") != 0 ||
	    push_override(a, "model_providers.flowgate.name", "FlowGate Local") != 0 ||
	    push_override(a, "model_providers.flowgate.base_url", t->codex_base) != 0 ||
	    push_override(a, "model_providers.flowgate.env_key", t->env_key) != 0 ||
	    push_override(a, "model_providers.flowgate.wire_api", "responses") != 0 ||
	    push_override(a, "model", t->default_model) != 0)
		return fg_err_set(e, FG_EUSAGE, "exec: a value is too long for a -c option");
	if (setenv(t->env_key, key, 1) != 0)
		return fg_err_set(e, FG_ERUNTIME, "exec: %s: %s", t->env_key, strerror(errno));
	return 0;
}

static int
claude_argv(const struct check_opts *o, const struct target *t, const char *key,
    struct argv_buf *a, struct fg_err *e)
{
	char where[4200], *json = NULL;
	size_t len = 0;
	cJSON *env, *settings;
	FILE *f;
	int r = claude_key_override(o, where, sizeof where, e);

	if (r < 0)
		return -1;
	if (r > 0)
		return fg_err_set(e, FG_ERUNTIME,
		    "exec: %s, which Claude Code would send instead of FlowGate's key; remove it, or run flowgate integration apply claude-code",
		    where);
	/* The token is set in the environment; --settings carries the rest. */
	if ((env = claude_env(t, key)) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "exec: out of memory");
	for (cJSON *v = env->child; v != NULL; v = v->next)
		if (setenv(v->string, v->valuestring, 1) != 0) {
			cJSON_Delete(env);
			return fg_err_set(e, FG_ERUNTIME, "exec: %s: %s", v->string, strerror(errno));
		}
	unsetenv("ANTHROPIC_API_KEY");
	cJSON_DeleteItemFromObjectCaseSensitive(env, "ANTHROPIC_AUTH_TOKEN");
	settings = cJSON_CreateObject();
	cJSON_AddItemToObject(settings, "env", env);
	if ((f = open_memstream(&json, &len)) != NULL) {
		r = fg_json_write(f, settings, 0);
		r |= fclose(f);
	}
	cJSON_Delete(settings);
	/* One line: the writer's newline goes. */
	if (f != NULL && r == 0 && len > 0 && json[len - 1] == '\n')
		json[len - 1] = '\0';
	if (f == NULL || r != 0 || push(a, "--settings") != 0 || push(a, json) != 0) {
		free(json);
		return fg_err_set(e, FG_ERUNTIME, "exec: out of memory");
	}
	free(json);
	return 0;
}

int
cmd_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config-fd", required_argument, NULL, 'd' },
		{ "program", required_argument, NULL, 'P' },
		{ "claude-file", required_argument, NULL, 'l' },
		{ "project", required_argument, NULL, 'p' },
		{ "managed", required_argument, NULL, 'm' },
		FG_END_LONGOPTS,
	};
	struct check_opts co;
	struct argv_buf a = { { NULL }, 0 };
	struct target t;
	struct fg_err e = { 0 };
	char cwd[4096], key[KEY_MAX];
	const char *program = NULL, *config = NULL;
	enum client c;
	int opt, fd = -1, i, r;

	check_opts_default(&co, cwd, sizeof cwd);
	opterr = 0;
	/* '+': options end at the client's name; ARGS are the client's own. */
	while ((opt = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			if (config_fd_parse(optarg, &fd) != 0)
				return fg_usage_error(PROG, "exec", "--config-fd: '%s' is not a descriptor above 2", optarg);
			break;
		case 'P': program = optarg; break;
		case 'l': co.claude_file = optarg; break;
		case 'p': co.project = optarg; break;
		case 'm': co.managed = optarg; break;
		case 'h': return FG_SHOW_HELP;
		case 'V': return FG_SHOW_VERSION;
		default: return fg_bad_option(PROG, "exec", opt, argv);
		}
	}
	if (optind >= argc || client_parse(argv[optind], &c) != 0)
		return fg_usage_error(PROG, "exec", "expected codex or claude-code, then CONFIG and -- ARGS");
	i = optind + 1;
	if (i < argc && strcmp(argv[i], "--") != 0)
		config = argv[i++];
	if (i < argc && strcmp(argv[i], "--") != 0)
		return fg_usage_error(PROG, "exec", "'%s': the client's arguments go after --", argv[i]);
	i += i < argc;
	if (program == NULL)
		program = c == CLIENT_CODEX ? "codex" : "claude";
	if (config_load(config, fd, &t, &e) != 0)
		goto fail;
	if (target_key(&t, key, &e) != 0)
		goto fail;
	push(&a, program);
	r = c == CLIENT_CODEX ? codex_argv(&t, key, &a, &e) : claude_argv(&co, &t, key, &a, &e);
	explicit_bzero(key, sizeof key);
	if (r != 0)
		goto fail;
	for (; i < argc; i++)
		if (push(&a, argv[i]) != 0) {
			fg_err_set(&e, FG_EUSAGE, "exec: more than %d arguments", MAX_ARGS);
			goto fail;
		}
	fflush(NULL);
	execvp(program, a.v);
	r = errno;
	argv_free(&a);
	fprintf(stderr, "%s: exec: %s: %s%s\n", PROG, program, strerror(r),
	    r != ENOENT ? "" : c == CLIENT_CODEX ? " (install it: npm install -g @openai/codex)"
	    : " (install it: npm install -g @anthropic-ai/claude-code)");
	return r == ENOENT || r == EACCES ? 127 : FG_ERUNTIME;
fail:
	argv_free(&a);
	fg_err_print(PROG, &e);
	return e.code ? e.code : FG_ERUNTIME;
}
