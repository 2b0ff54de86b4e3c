/* claude.c — Claude Code's settings.json: the ANTHROPIC_* variables of its
 * "env" object, edited as JSON that keeps the other keys and their order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "jsonread.h"
#include "jsonwrite.h"

#define NENV 6
/* Both set, Claude Code sends both headers and LiteLLM may take the wrong
 * one: apply removes the key, as it sets the token. */
#define CONFLICTING "ANTHROPIC_API_KEY"

static const char *const env_names[NENV] = { "ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN",
	"ANTHROPIC_MODEL", "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL",
	"ANTHROPIC_DEFAULT_HAIKU_MODEL" };

cJSON *
claude_env(const struct target *t, const char *key)
{
	char ref[4200];
	const char *values[NENV] = { t->base, key, t->default_model, t->default_model,
		t->default_model, t->fast_model };
	cJSON *env = cJSON_CreateObject();
	int i;

	if (key == NULL) {
		snprintf(ref, sizeof ref, "<the key in %s>", t->key_file);
		values[1] = ref;
	}
	for (i = 0; env != NULL && i < NENV; i++)
		if (cJSON_AddStringToObject(env, env_names[i], values[i]) == NULL) {
			cJSON_Delete(env);
			env = NULL;
		}
	return env;
}

cJSON *
claude_load(const char *text, size_t len, const char *name, struct fg_err *e)
{
	cJSON *root;
	size_t i = 0;

	while (i < len && strchr(" \t\r\n", text[i]) != NULL)
		i++;
	if (i == len)
		return cJSON_CreateObject();
	/* Read as all outside JSON is (lib/jsonread): bounded, no duplicate keys. */
	if ((root = jr_parse_outside(text, len, name, e)) == NULL) {
		fg_err_set(e, FG_ERUNTIME, "%s; the file is untouched", e->msg);
		return NULL;
	}
	return root;
}

/* The settings' "env" object, made when absent; NULL (e set) when "env"
 * is not an object. */
static cJSON *
env_of(cJSON *root, const char *name, int make, struct fg_err *e)
{
	cJSON *env = cJSON_GetObjectItemCaseSensitive(root, "env");

	if (!cJSON_IsObject(root)) {
		fg_err_set(e, FG_ERUNTIME, "%s: not a JSON object; the file is untouched", name);
		return NULL;
	}
	if (env == NULL && make)
		env = cJSON_AddObjectToObject(root, "env");
	if (env != NULL && !cJSON_IsObject(env)) {
		fg_err_set(e, FG_ERUNTIME, "%s: \"env\" is not an object; the file is untouched", name);
		return NULL;
	}
	if (env == NULL && make)
		fg_err_set(e, FG_ERUNTIME, "out of memory");
	return env;
}

static int
render(const cJSON *root, char **out, size_t *outlen, struct fg_err *e)
{
	FILE *f = open_memstream(out, outlen);

	if (f == NULL || fg_json_write(f, root, 1) != 0) {
		if (f != NULL)
			fclose(f);
		free(*out);
		*out = NULL;
		return fg_err_set(e, FG_ERUNTIME, "out of memory");
	}
	if (fclose(f) != 0)
		return fg_err_set(e, FG_ERUNTIME, "out of memory");
	return 0;
}

int
claude_apply(struct client_file *f, const struct target *t, const char *key,
    const cJSON *old_rec, cJSON *rec, char **out, size_t *outlen, struct change *ch,
    struct fg_err *e)
{
	cJSON *root, *env, *want, *w, *now, *v;
	char item[300];
	int rc = -1, had_env;

	if ((root = claude_load(f->text, f->len, f->path, e)) == NULL)
		return -1;
	had_env = cJSON_GetObjectItemCaseSensitive(root, "env") != NULL;
	if ((env = env_of(root, f->path, 1, e)) == NULL || (want = claude_env(t, key)) == NULL) {
		if (env != NULL)
			fg_err_set(e, FG_ERUNTIME, "out of memory");
		cJSON_Delete(root);
		return -1;
	}
	if (!had_env && cJSON_AddTrueToObject(cJSON_GetObjectItemCaseSensitive(rec, "items"), "env") == NULL)
		goto oom;
	/* A second apply over an env the first one made keeps that mark. */
	if (had_env && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(old_rec, "items"), "env")) &&
	    cJSON_AddTrueToObject(cJSON_GetObjectItemCaseSensitive(rec, "items"), "env") == NULL)
		goto oom;
	cJSON_ArrayForEach(w, want) {
		snprintf(item, sizeof item, "env.%s", w->string);
		now = cJSON_GetObjectItemCaseSensitive(env, w->string);
		if (record_item(rec, item, record_before(old_rec, item, now), w) != 0)
			goto oom;
		if (now != NULL && cJSON_Compare(now, w, 1))
			continue;
		if ((v = cJSON_Duplicate(w, 1)) == NULL)
			goto oom;
		if (now != NULL)
			cJSON_ReplaceItemViaPointer(env, now, v);
		else
			cJSON_AddItemToObject(env, w->string, v);
		word_add(ch->items, sizeof ch->items, item);
	}
	if ((now = cJSON_GetObjectItemCaseSensitive(env, CONFLICTING)) != NULL) {
		if (record_item(rec, "env." CONFLICTING, record_before(old_rec, "env." CONFLICTING, now), NULL) != 0)
			goto oom;
		cJSON_DeleteItemFromObjectCaseSensitive(env, CONFLICTING);
		word_add(ch->items, sizeof ch->items, "env." CONFLICTING);
	} else {
		/* Removed by an earlier apply: keep what it removed. */
		const cJSON *before = record_before(old_rec, "env." CONFLICTING, NULL);

		if (before != NULL && record_item(rec, "env." CONFLICTING, before, NULL) != 0)
			goto oom;
	}
	ch->changed = ch->items[0] != '\0';
	if (ch->changed)
		rc = render(root, out, outlen, e);
	else if ((*out = malloc(f->len + 1)) != NULL) {
		memcpy(*out, f->text, f->len + 1);
		*outlen = f->len;
		rc = 0;
	} else {
		goto oom;
	}
	cJSON_Delete(want);
	cJSON_Delete(root);
	return rc;
oom:
	cJSON_Delete(want);
	cJSON_Delete(root);
	return fg_err_set(e, FG_ERUNTIME, "out of memory");
}

int
claude_revert(struct client_file *f, const cJSON *rec, char **out, size_t *outlen,
    struct change *ch, struct fg_err *e)
{
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(rec, "items"), *it, *before, *applied;
	cJSON *root, *env, *now, *v;
	const char *name;

	if ((root = claude_load(f->text, f->len, f->path, e)) == NULL)
		return -1;
	if ((env = env_of(root, f->path, 0, e)) == NULL && e->msg[0] != '\0') {
		cJSON_Delete(root);
		return -1;
	}
	cJSON_ArrayForEach(it, items) {
		if (strncmp(it->string, "env.", 4) != 0)
			continue;
		name = it->string + 4;
		before = cJSON_GetObjectItemCaseSensitive(it, "before");
		applied = cJSON_GetObjectItemCaseSensitive(it, "applied");
		now = env ? cJSON_GetObjectItemCaseSensitive(env, name) : NULL;
		if (cJSON_IsNull(applied) ? now != NULL : (now == NULL || !cJSON_Compare(now, applied, 1))) {
			if (now != NULL || !cJSON_IsNull(applied))
				word_add(ch->kept, sizeof ch->kept, it->string);
			continue;
		}
		if (before == NULL || cJSON_IsNull(before)) {
			if (now != NULL)
				cJSON_DeleteItemFromObjectCaseSensitive(env, name);
		} else {
			if (env == NULL && (env = cJSON_AddObjectToObject(root, "env")) == NULL)
				goto oom;
			if ((v = cJSON_Duplicate(before, 1)) == NULL)
				goto oom;
			if (now != NULL)
				cJSON_ReplaceItemViaPointer(env, now, v);
			else
				cJSON_AddItemToObject(env, name, v);
		}
		word_add(ch->items, sizeof ch->items, it->string);
	}
	if (env != NULL && env->child == NULL &&
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(items, "env"))) {
		cJSON_DeleteItemFromObjectCaseSensitive(root, "env");
		word_add(ch->items, sizeof ch->items, "env");
	}
	ch->changed = ch->items[0] != '\0';
	if (ch->changed) {
		int rc = render(root, out, outlen, e);

		cJSON_Delete(root);
		return rc;
	}
	cJSON_Delete(root);
	if ((*out = malloc(f->len + 1)) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "out of memory");
	memcpy(*out, f->text, f->len + 1);
	*outlen = f->len;
	return 0;
oom:
	cJSON_Delete(root);
	return fg_err_set(e, FG_ERUNTIME, "out of memory");
}
