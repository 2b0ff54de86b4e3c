/* codex.c — Codex CLI's config.toml: the top-level model_provider and model,
 * and one [model_providers.flowgate] table, set with byte edits that leave
 * every other byte of the file as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "toml.h"

#define TABLE "model_providers\x1f" "flowgate"
#define TABLE_ITEM "[model_providers.flowgate]"
#define NWANT 6

struct want {
	const char *table;   /* NULL: top level */
	const char *key;
	const char *item;    /* the record's name for it */
	const char *value;
};

static void
wants(const struct target *t, struct want w[NWANT])
{
	const struct want v[NWANT] = {
		{ NULL, "model_provider", "model_provider", "flowgate" },
		{ NULL, "model", "model", t->default_model },
		{ TABLE, "name", "model_providers.flowgate.name", "FlowGate Local" },
		{ TABLE, "base_url", "model_providers.flowgate.base_url", t->codex_base },
		{ TABLE, "env_key", "model_providers.flowgate.env_key", t->env_key },
		{ TABLE, "wire_api", "model_providers.flowgate.wire_api", "responses" },
	};

	memcpy(w, v, sizeof v);
}

void
codex_print(FILE *out, const struct target *t)
{
	struct want w[NWANT];
	char q[1100];
	int i;

	wants(t, w);
	for (i = 0; i < NWANT; i++) {
		if (i == 2)
			fprintf(out, "\n%s\n", TABLE_ITEM);
		toml_quote(w[i].value, q, sizeof q);
		fprintf(out, "%s = %s\n", w[i].key, q);
	}
}

static void
full_key(const struct want *w, char *buf, size_t size)
{
	if (w->table == NULL)
		snprintf(buf, size, "%s", w->key);
	else
		snprintf(buf, size, "%s%c%s", w->table, TOML_SEP, w->key);
}

/* Refuses what cannot be edited safely: keys of the flowgate table written
 * outside it (dotted keys, an inline table), an array of such tables, a
 * duplicate, or a value that is not on one line. */
static int
check_doc(const struct toml_doc *d, const struct client_file *f, const struct want w[NWANT],
    struct fg_err *e)
{
	char k[TOML_KEY_MAX * 2 + 2];
	const struct toml_kv *kv;
	size_t i, n = strlen(TABLE);
	int count;

	for (i = 0; i < d->ntab; i++) {
		if (d->tab[i].array && (strcmp(d->tab[i].name, TABLE) == 0 ||
		    strcmp(d->tab[i].name, "model_providers") == 0))
			return fg_err_set(e, FG_ERUNTIME, "%s: line %d: [[%s]] is an array of tables; edit it by hand",
			    f->path, d->tab[i].lineno, d->tab[i].array && strcmp(d->tab[i].name, TABLE) == 0 ?
			    "model_providers.flowgate" : "model_providers");
	}
	if (toml_table(d, TABLE, &count) != NULL && count > 1)
		return fg_err_set(e, FG_ERUNTIME, "%s: [model_providers.flowgate] is there %d times (not valid TOML)",
		    f->path, count);
	for (i = 0; i < d->nkv; i++) {
		toml_full_key(d, &d->kv[i], k, sizeof k);
		if (strcmp(k, "model_providers") == 0 || (strncmp(k, TABLE, n) == 0 &&
		    (k[n] == '\0' || k[n] == TOML_SEP) &&
		    (d->kv[i].table < 0 || strcmp(d->tab[d->kv[i].table].name, TABLE) != 0)))
			return fg_err_set(e, FG_ERUNTIME,
			    "%s: line %d: the flowgate provider is defined outside its [model_providers.flowgate] table (a dotted key or an inline table); edit it by hand",
			    f->path, d->kv[i].lineno);
	}
	for (i = 0; i < NWANT; i++) {
		full_key(&w[i], k, sizeof k);
		if ((kv = toml_find(d, k, &count)) == NULL)
			continue;
		if (count > 1)
			return fg_err_set(e, FG_ERUNTIME, "%s: line %d: %s is set %d times (not valid TOML)",
			    f->path, kv->lineno, w[i].item, count);
		if (kv->kind == TOML_MLSTRING || kv->kind == TOML_ARRAY || kv->kind == TOML_INLINE_TABLE)
			return fg_err_set(e, FG_ERUNTIME,
			    "%s: line %d: %s is a %s, not a one-line value; edit it by hand", f->path,
			    kv->lineno, w[i].item, kv->kind == TOML_MLSTRING ? "multi-line string" :
			    kv->kind == TOML_ARRAY ? "array" : "inline table");
	}
	return 0;
}

static int
scan(const struct client_file *f, struct toml_doc *d, struct fg_err *e)
{
	char err[300];

	if (toml_scan(f->text, f->len, d, err, sizeof err) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s (not TOML this editor can place; the file is untouched)",
		    f->path, err);
	return 0;
}

static int
ends_with_eol(const struct client_file *f)
{
	return f->len == 0 || f->text[f->len - 1] == '\n';
}

/* Where a key of table (NULL: top level) goes when it is not there yet. */
static size_t
insert_point(const struct toml_doc *d, const struct toml_table *tab)
{
	size_t i, at = 0;

	if (tab != NULL)
		return tab->last;
	for (i = 0; i < d->nkv; i++)
		if (d->kv[i].table < 0)
			at = d->kv[i].end;
	if (at == 0 && d->len >= 3 && memcmp(d->text, "\xEF\xBB\xBF", 3) == 0)
		at = 3;
	return at;
}

/* Whether an edit inserts at the end of a file whose last line has no
 * line ending (that insertion then starts with one). */
static int
ended_last_line(const struct edits *x, const struct client_file *f)
{
	size_t i;

	if (ends_with_eol(f))
		return 0;
	for (i = 0; i < x->n; i++)
		if (x->v[i].at == f->len && x->v[i].len == 0 && x->v[i].text[0] != '\0')
			return 1;
	return 0;
}

static int
oom(struct fg_err *e)
{
	return fg_err_set(e, FG_ERUNTIME, "out of memory");
}

int
codex_apply(struct client_file *f, const struct target *t, const cJSON *old_rec, cJSON *rec,
    char **out, size_t *outlen, struct change *ch, struct fg_err *e)
{
	struct want w[NWANT];
	struct toml_doc d;
	struct edits x = { 0 };
	const struct toml_table *tab;
	const struct toml_kv *kv;
	char k[TOML_KEY_MAX * 2 + 2], q[1100], *top = NULL, *body = NULL, sep[8] = "";
	size_t at_top, at_tab = 0, i, cur_len;
	const cJSON *old_end;
	cJSON *now, *applied;
	int count, rc = -1, ended;

	wants(t, w);
	if (scan(f, &d, e) != 0)
		return -1;
	if (check_doc(&d, f, w, e) != 0)
		goto out;
	tab = toml_table(&d, TABLE, &count);
	at_top = insert_point(&d, NULL);
	if (tab != NULL)
		at_tab = insert_point(&d, tab);
	if ((top = calloc(1, 4096)) == NULL || (body = calloc(1, 8192)) == NULL) {
		oom(e);
		goto out;
	}
	for (i = 0; i < NWANT; i++) {
		full_key(&w[i], k, sizeof k);
		kv = toml_find(&d, k, &count);
		if (toml_quote(w[i].value, q, sizeof q) < 0) {
			fg_err_set(e, FG_EUSAGE, "%s: the value is too long", w[i].item);
			goto out;
		}
		now = kv ? cJSON_CreateString("") : NULL;
		if (kv != NULL) {
			free(now->valuestring);
			now->valuestring = strndup(f->text + kv->val, kv->val_end - kv->val);
		}
		applied = cJSON_CreateString(q);
		if ((kv != NULL && (now == NULL || now->valuestring == NULL)) || applied == NULL ||
		    record_item(rec, w[i].item, record_before(old_rec, w[i].item, now), applied) != 0) {
			cJSON_Delete(now);
			cJSON_Delete(applied);
			oom(e);
			goto out;
		}
		cJSON_Delete(applied);
		cJSON_Delete(now);
		if (kv != NULL) {
			cur_len = kv->val_end - kv->val;
			if (cur_len == strlen(q) && memcmp(f->text + kv->val, q, cur_len) == 0)
				continue;
			if (edits_add(&x, kv->val, cur_len, q) != 0) {
				oom(e);
				goto out;
			}
		} else {
			char *dst = w[i].table == NULL ? top : body;
			size_t n = strlen(dst);

			snprintf(dst + n, (w[i].table == NULL ? 4096 : 8192) - n, "%s = %s%s", w[i].key, q, d.eol);
		}
		word_add(ch->items, sizeof ch->items, w[i].item);
	}
	/* An insertion at the end of a file that ends without a line ending
	 * first ends its last line (once: the top-level keys and a new table
	 * may both go there). */
	ended = ends_with_eol(f);
	if (*top != '\0') {
		snprintf(q, sizeof q, "%s", at_top == f->len && !ended ? d.eol : "");
		ended |= at_top == f->len;
		if (edits_add(&x, at_top, 0, q) != 0 || edits_add(&x, at_top, 0, top) != 0) {
			oom(e);
			goto out;
		}
	}
	if (*body != '\0' && tab != NULL) {
		snprintf(q, sizeof q, "%s", at_tab == f->len && !ended ? d.eol : "");
		if (edits_add(&x, at_tab, 0, q) != 0 || edits_add(&x, at_tab, 0, body) != 0) {
			oom(e);
			goto out;
		}
	} else if (*body != '\0') {
		/* A new table at the end, after a blank line. */
		char *text = malloc(strlen(body) + 64);

		if (text == NULL) {
			oom(e);
			goto out;
		}
		snprintf(q, sizeof q, "%s", ended ? "" : d.eol);
		/* A blank line between the table and what stands before it. */
		if (f->len > 0 || *top != '\0')
			snprintf(sep, sizeof sep, "%s", d.eol);
		snprintf(text, strlen(body) + 64, "%s%s%s%s", q, sep, TABLE_ITEM, d.eol);
		strcat(text, body);
		now = cJSON_CreateString(sep);
		applied = cJSON_CreateString(TABLE_ITEM);
		count = now == NULL || applied == NULL ||
		    record_item(rec, TABLE_ITEM, NULL, applied) != 0 ||
		    !cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(
		        cJSON_GetObjectItemCaseSensitive(rec, "items"), TABLE_ITEM), "separator", now);
		cJSON_Delete(applied);
		if (count || edits_add(&x, f->len, 0, text) != 0) {
			free(text);
			oom(e);
			goto out;
		}
		free(text);
		word_add(ch->items, sizeof ch->items, TABLE_ITEM);
	} else if (tab == NULL) {
		/* Every key is there already, so the table is too. */
	}
	/* A second apply over a table the first one made keeps that record. */
	if (tab != NULL) {
		const cJSON *old = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(old_rec, "items"), TABLE_ITEM);

		if (old != NULL && cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(rec, "items"),
		    TABLE_ITEM, cJSON_Duplicate(old, 1)) == 0) {
			oom(e);
			goto out;
		}
	}
	/* The last line got a line ending (something was added after it): revert
	 * takes it away again with what it removes. A second apply keeps the
	 * first one's mark. */
	old_end = cJSON_GetObjectItemCaseSensitive(old_rec, "ended_last_line");
	if ((ended_last_line(&x, f) || cJSON_IsString(old_end)) &&
	    !cJSON_AddStringToObject(rec, "ended_last_line",
	    cJSON_IsString(old_end) ? old_end->valuestring : d.eol)) {
		oom(e);
		goto out;
	}
	ch->changed = x.n > 0;
	if ((*out = edits_apply(&x, f->text, f->len, outlen)) == NULL) {
		oom(e);
		goto out;
	}
	rc = 0;
out:
	free(top);
	free(body);
	edits_free(&x);
	toml_free(&d);
	return rc;
}

/* The bytes of a line from its start through its line ending. */
static int
delete_line(struct edits *x, const struct toml_kv *kv)
{
	return edits_add(x, kv->line, kv->end - kv->line, "");
}

/* Whether a removal already takes the byte at pos. */
static int
covered(const struct edits *x, size_t pos)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->v[i].len > 0 && x->v[i].at <= pos && pos < x->v[i].at + x->v[i].len)
			return 1;
	return 0;
}

/* Whether an edit deletes through the end of the file. */
static int
removes_end(const struct edits *x, const struct client_file *f)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->v[i].len > 0 && x->v[i].at + x->v[i].len == f->len && x->v[i].text[0] == '\0')
			return 1;
	return 0;
}

/* Drops the line ending apply gave the last line. */
static void
unend_last_line(char *text, size_t *len, const char *eol)
{
	size_t n = strlen(eol);

	if (*len >= n && memcmp(text + *len - n, eol, n) == 0) {
		*len -= n;
		text[*len] = '\0';
	}
}

int
codex_revert(struct client_file *f, const cJSON *rec, char **out, size_t *outlen,
    struct change *ch, struct fg_err *e)
{
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(rec, "items"), *it, *before, *applied;
	const struct toml_kv *kv;
	const struct toml_table *tab;
	struct toml_doc d;
	struct edits x = { 0 };
	char k[TOML_KEY_MAX * 2 + 2], *dot;
	size_t i, deleted_in_table = 0, kvs_in_table = 0;
	int count, rc = -1, tab_index = -1;

	if (scan(f, &d, e) != 0)
		return -1;
	tab = toml_table(&d, TABLE, &count);
	if (tab != NULL)
		tab_index = (int)(tab - d.tab);
	cJSON_ArrayForEach(it, items) {
		if (strcmp(it->string, TABLE_ITEM) == 0)
			continue;
		/* model_providers.flowgate.KEY, or a top-level KEY. */
		if (strncmp(it->string, "model_providers.flowgate.", 25) == 0)
			snprintf(k, sizeof k, "%s%c%s", TABLE, TOML_SEP, it->string + 25);
		else
			snprintf(k, sizeof k, "%s", it->string);
		if ((dot = strchr(k, '.')) != NULL)
			continue;   /* not an item this editor writes */
		before = cJSON_GetObjectItemCaseSensitive(it, "before");
		applied = cJSON_GetObjectItemCaseSensitive(it, "applied");
		kv = toml_find(&d, k, &count);
		if (kv == NULL || count > 1 || !cJSON_IsString(applied) ||
		    kv->val_end - kv->val != strlen(applied->valuestring) ||
		    memcmp(f->text + kv->val, applied->valuestring, kv->val_end - kv->val) != 0) {
			/* Changed (or removed) since apply: the user's now. */
			if (kv != NULL && cJSON_IsString(applied))
				word_add(ch->kept, sizeof ch->kept, it->string);
			continue;
		}
		if (cJSON_IsString(before) && strcmp(before->valuestring, applied->valuestring) == 0)
			continue;
		if (cJSON_IsString(before)) {
			rc = edits_add(&x, kv->val, kv->val_end - kv->val, before->valuestring);
		} else {
			rc = delete_line(&x, kv);
			deleted_in_table += kv->table >= 0 && kv->table == tab_index;
		}
		if (rc != 0) {
			oom(e);
			goto out;
		}
		rc = -1;
		word_add(ch->items, sizeof ch->items, it->string);
	}
	/* The table apply made goes when no key of it is left. */
	it = cJSON_GetObjectItemCaseSensitive(items, TABLE_ITEM);
	if (it != NULL && tab != NULL) {
		const cJSON *sep = cJSON_GetObjectItemCaseSensitive(it, "separator");
		size_t start = tab->start, s = cJSON_IsString(sep) ? strlen(sep->valuestring) : 0;

		for (i = 0; i < d.nkv; i++)
			kvs_in_table += d.kv[i].table == tab_index;
		if (kvs_in_table == deleted_in_table) {
			/* The blank line apply put before the table goes with it,
			 * when it is still there and no other removal takes it. */
			if (s > 0 && start >= s && memcmp(f->text + start - s, sep->valuestring, s) == 0 &&
			    !covered(&x, start - s))
				start -= s;
			if (edits_add(&x, start, tab->body - start, "") != 0) {
				oom(e);
				goto out;
			}
			word_add(ch->items, sizeof ch->items, TABLE_ITEM);
		} else {
			word_add(ch->kept, sizeof ch->kept, TABLE_ITEM);
		}
	}
	ch->changed = x.n > 0;
	if ((*out = edits_apply(&x, f->text, f->len, outlen)) == NULL) {
		oom(e);
		goto out;
	}
	/* The line ending apply gave the last line, exactly as it wrote it. */
	it = cJSON_GetObjectItemCaseSensitive(rec, "ended_last_line");
	if (cJSON_IsString(it) && removes_end(&x, f))
		unend_last_line(*out, outlen, it->valuestring);
	rc = 0;
out:
	edits_free(&x);
	toml_free(&d);
	return rc;
}

static const char *
str_of(const struct toml_doc *d, const char *full)
{
	int count;
	const struct toml_kv *kv = toml_find(d, full, &count);

	return kv != NULL && kv->kind == TOML_STRING ? kv->str : NULL;
}

int
codex_view(const struct client_file *f, struct codex_view *v, struct fg_err *e)
{
	struct toml_doc d;
	char k[TOML_KEY_MAX * 2 + 2];
	const char *s;

	memset(v, 0, sizeof *v);
	if (!f->exists)
		return 0;
	if (scan(f, &d, e) != 0)
		return -1;
	v->parsed = 1;
	if ((s = str_of(&d, "model_provider")) != NULL)
		snprintf(v->top_provider, sizeof v->top_provider, "%s", s);
	snprintf(v->provider, sizeof v->provider, "%s", v->top_provider);
	snprintf(v->source, sizeof v->source, "config.toml");
	if ((s = str_of(&d, "profile")) != NULL) {
		snprintf(k, sizeof k, "profiles%c%s%cmodel_provider", TOML_SEP, s, TOML_SEP);
		snprintf(v->profile, sizeof v->profile, "%s", s);
		if ((s = str_of(&d, k)) != NULL) {
			snprintf(v->provider, sizeof v->provider, "%s", s);
			snprintf(v->source, sizeof v->source, "profiles.%s", v->profile);
		}
	}
	if (v->provider[0] != '\0') {
		snprintf(k, sizeof k, "model_providers%c%s%cbase_url", TOML_SEP, v->provider, TOML_SEP);
		if ((s = str_of(&d, k)) != NULL)
			snprintf(v->base_url, sizeof v->base_url, "%s", s);
		snprintf(k, sizeof k, "model_providers%c%s%cenv_key", TOML_SEP, v->provider, TOML_SEP);
		if ((s = str_of(&d, k)) != NULL)
			snprintf(v->env_key, sizeof v->env_key, "%s", s);
	}
	toml_free(&d);
	return 0;
}
