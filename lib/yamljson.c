/* yamljson.c — YAML/JSON text to cJSON: anchors, merge keys, PyYAML typing, limits. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "input.h"
#include "jsonread.h"
#include "keyindex.h"
#include "yamlfast.h"
#include "yamljson.h"
#include "yamlscalar.h"

struct anchor {
	char *name;
	cJSON *node;
	size_t count;          /* nodes an alias to it would copy */
	size_t bytes;          /* and the bytes of their strings (0: not counted yet) */
};

struct frame {
	cJSON *node;           /* the array or object being built */
	char *anchor;
	size_t nodes_before;
	struct yj_mark mark;
	struct keyindex keys;  /* objects: for duplicates and merge keys */
	char *key;             /* objects: the key waiting for its value */
	struct yj_mark key_mark;
	int key_is_merge;
	cJSON *merge;          /* objects: the value of "<<", a mapping or a list of them */
	cJSON *merge_after;    /* merged keys go after this child (NULL: first) */
	const char *pairs;     /* sequences tagged !!omap or !!pairs: that tag's name */
};

struct ctx {
	const char *name;
	struct fg_err *e;
	struct yj_marks *marks;
	struct frame stack[YJ_MAX_DEPTH + 1];
	size_t depth;
	struct strmap anchors;
	struct anchor **alist;
	size_t nalist;
	size_t nodes, alias_nodes, alias_bytes;
	cJSON *root;
	int have_root, docs;
	cJSON *graveyard;      /* anchored nodes that are not in the tree */
};

/* ---- marks ---- */

static int
marks_add(struct yj_marks *m, const void *node, struct yj_mark mk)
{
	void *nv, *nn;

	if (m->len == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		if ((nv = realloc(m->v, cap * sizeof *m->v)) == NULL)
			return -1;
		m->v = nv;
		if ((nn = realloc(m->node, cap * sizeof *m->node)) == NULL)
			return -1;
		m->node = nn;
		m->cap = cap;
	}
	m->v[m->len] = mk;
	m->node[m->len++] = node;
	return 0;
}

void
yj_marks_free(struct yj_marks *m)
{
	free(m->v);
	free(m->node);
	memset(m, 0, sizeof *m);
}

int
yj_mark_of(struct yj_marks *m, const void *node, struct yj_mark *out)
{
	size_t i;

	/* Lookups happen once, on the error path: a linear scan is enough. */
	for (i = 0; i < m->len; i++) {
		if (m->node[i] == node) {
			*out = m->v[i];
			return 0;
		}
	}
	return -1;
}

/* ---- errors ---- */

static int
fail_at(struct ctx *c, struct yj_mark mk, const char *fmt, const char *arg)
{
	char what[512];

	snprintf(what, sizeof what, fmt, arg);
	return fg_err_set(c->e, FG_EUSAGE, "%s:%d:%d: %s", c->name, mk.line, mk.col, what);
}

static int
fail_limit(struct ctx *c, struct yj_mark mk, const char *fmt, unsigned limit)
{
	char what[128];

	snprintf(what, sizeof what, fmt, limit);
	return fail_at(c, mk, "%s", what);
}

static struct yj_mark
mark_of_event(const yaml_event_t *ev)
{
	struct yj_mark mk = { (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1 };
	return mk;
}

/* ---- node budget and copying ---- */

/* Counts n new nodes against the bounds; checked before anything is copied. */
static int
spend(struct ctx *c, size_t n, int is_alias, struct yj_mark mk)
{
	if (is_alias && n > YJ_MAX_ALIAS_NODES - c->alias_nodes)
		return fail_limit(c, mk, "alias expansion exceeds %u nodes", YJ_MAX_ALIAS_NODES);
	if (n > YJ_MAX_NODES - c->nodes)
		return fail_limit(c, mk, "document exceeds %u nodes", YJ_MAX_NODES);
	if (is_alias)
		c->alias_nodes += n;
	c->nodes += n;
	return 0;
}

/* The same for the bytes of the strings an alias or a merge key copies: a
 * long string aliased many times is few nodes but many bytes. */
static int
spend_bytes(struct ctx *c, size_t n, struct yj_mark mk)
{
	if (n > YJ_MAX_ALIAS_BYTES - c->alias_bytes)
		return fail_limit(c, mk, "alias expansion exceeds %u bytes", YJ_MAX_ALIAS_BYTES);
	c->alias_bytes += n;
	return 0;
}

/* The bytes of the strings in n (its key, its value, its children's). */
static size_t
count_bytes(const cJSON *n)
{
	size_t k = (n->string ? strlen(n->string) : 0) +
	    (cJSON_IsString(n) ? strlen(n->valuestring) : 0);
	const cJSON *ch;

	for (ch = n->child; ch; ch = ch->next)
		k += count_bytes(ch);
	return k;
}

static size_t
count_nodes(const cJSON *n)
{
	size_t k = 1;
	const cJSON *ch;

	for (ch = n->child; ch; ch = ch->next)
		k += count_nodes(ch);
	return k;
}

/* Inserts item into obj's child list after `after` (NULL: at the front). */
static void
insert_after(cJSON *obj, cJSON *after, cJSON *item)
{
	if (obj->child == NULL) {
		obj->child = item;
		item->prev = item;
		item->next = NULL;
	} else if (after == NULL) {
		item->prev = obj->child->prev;
		item->next = obj->child;
		obj->child->prev = item;
		obj->child = item;
	} else {
		item->next = after->next;
		item->prev = after;
		if (after->next)
			after->next->prev = item;
		else
			obj->child->prev = item;
		after->next = item;
	}
}

/* ---- building ---- */

/* Takes name (malloc'd) whether it succeeds or not. */
static int
register_anchor(struct ctx *c, char *name, cJSON *node, size_t count)
{
	struct anchor *a, **nl;

	if ((a = calloc(1, sizeof *a)) == NULL ||
	    (nl = realloc(c->alist, (c->nalist + 1) * sizeof *nl)) == NULL) {
		free(a);
		free(name);
		return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
	}
	c->alist = nl;
	a->name = name;
	a->node = node;
	a->count = count;
	c->alist[c->nalist++] = a;
	if (strmap_put(&c->anchors, a->name, a) != 0)
		return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
	return 0;
}

static int
take_merge(struct ctx *c, struct frame *f, cJSON *node, struct yj_mark mk)
{
	cJSON *it;

	if (f->merge != NULL) {
		cJSON_Delete(node);
		return fail_at(c, f->key_mark, "duplicate key '%s'", "<<");
	}
	f->merge = node;
	f->merge_after = f->node->child ? f->node->child->prev : NULL;
	if (cJSON_IsObject(node))
		return 0;
	for (it = cJSON_IsArray(node) ? node->child : NULL; it; it = it->next)
		if (!cJSON_IsObject(it))
			break;
	if (!cJSON_IsArray(node) || it != NULL)
		return fail_at(c, mk, "%s", "merge key '<<' needs a mapping or a list of mappings");
	return 0;
}

/* Hands a finished node to its parent (or makes it the root). */
static int
add_node(struct ctx *c, cJSON *node, struct yj_mark mk)
{
	struct frame *f;

	if (c->marks && marks_add(c->marks, node, mk) != 0) {
		cJSON_Delete(node);
		return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
	}
	if (c->depth == 0) {
		c->root = node;
		c->have_root = 1;
		return 0;
	}
	f = &c->stack[c->depth - 1];
	if (cJSON_IsArray(f->node)) {
		cJSON_AddItemToArray(f->node, node);
		return 0;
	}
	if (f->key_is_merge) {
		f->key_is_merge = 0;
		return take_merge(c, f, node, mk);
	}
	if (keyindex_find(&f->keys, f->key) != NULL) {
		int rc = fail_at(c, f->key_mark, "duplicate key '%s'", f->key);
		cJSON_Delete(node);
		return rc;
	}
	node->string = f->key;
	f->key = NULL;
	cJSON_AddItemToArray(f->node, node);
	/* The key's own position, looked up by its string's address. */
	if (c->marks && marks_add(c->marks, node->string, f->key_mark) != 0)
		return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
	if (keyindex_added(&f->keys, node) != 0)
		return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
	return 0;
}

static int
expecting_key(struct ctx *c)
{
	struct frame *f;

	if (c->depth == 0)
		return 0;
	f = &c->stack[c->depth - 1];
	return cJSON_IsObject(f->node) && f->key == NULL && !f->key_is_merge;
}

static int
set_key(struct ctx *c, const char *text, size_t len, int is_merge, struct yj_mark mk)
{
	struct frame *f = &c->stack[c->depth - 1];

	f->key_mark = mk;
	if (is_merge) {
		f->key_is_merge = 1;
		return 0;
	}
	/* The key becomes the node's ->string: cJSON's allocator owns it. */
	if ((f->key = fg_json_key(text, len)) == NULL)
		return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
	return 0;
}

/* ---- tags ---- */

enum tag_use { TAG_SCALAR, TAG_SEQUENCE, TAG_MAPPING };

/* The tags PyYAML's SafeLoader knows, by the node they go on. binary and set
 * load as bytes and a set, which JSON has no form for; omap and pairs load as
 * lists of (key, value) tuples, which JSON writes as lists of pairs. */
static const struct core_tag {
	const char *name;
	enum tag_use use;
	int json;              /* 0: no JSON representation */
} core_tags[] = {
	{ "null", TAG_SCALAR, 1 }, { "bool", TAG_SCALAR, 1 }, { "int", TAG_SCALAR, 1 },
	{ "float", TAG_SCALAR, 1 }, { "str", TAG_SCALAR, 1 }, { "timestamp", TAG_SCALAR, 1 },
	{ "merge", TAG_SCALAR, 1 }, { "binary", TAG_SCALAR, 0 },
	{ "seq", TAG_SEQUENCE, 1 }, { "omap", TAG_SEQUENCE, 1 }, { "pairs", TAG_SEQUENCE, 1 },
	{ "map", TAG_MAPPING, 1 }, { "set", TAG_MAPPING, 0 },
	{ NULL, TAG_SCALAR, 0 },
};

static const char *const use_names[] = { "scalars", "sequences", "mappings" };
static const char *const node_names[] = { "a scalar", "a sequence", "a mapping" };

static int
tag_is(const yaml_char_t *tag, const char *short_name)
{
	static const char prefix[] = "tag:yaml.org,2002:";

	return tag != NULL && strncmp((const char *)tag, prefix, sizeof prefix - 1) == 0 &&
	    strcmp((const char *)tag + sizeof prefix - 1, short_name) == 0;
}

/* Refuses a tag that is not a core tag (!!python/object, !foo, %TAG'd ones),
 * a core tag on the wrong kind of node, and one JSON cannot hold. No tag and
 * the non-specific "!" fit anything. */
static int
check_tag(struct ctx *c, const yaml_char_t *tag, enum tag_use use, struct yj_mark mk)
{
	const struct core_tag *t;
	const char *name = (const char *)tag;
	char what[480];

	if (tag == NULL || strcmp(name, "!") == 0)
		return 0;
	for (t = core_tags; t->name != NULL && !tag_is(tag, t->name); t++)
		;
	if (t->name == NULL)
		snprintf(what, sizeof what, "unknown tag '%.400s'", name);
	else if (t->use != use)
		snprintf(what, sizeof what, "tag '%s' is for %s, not %s", name,
		    use_names[t->use], node_names[use]);
	else if (!t->json)
		snprintf(what, sizeof what, "tag '%s' has no JSON representation", name);
	else
		return 0;
	return fail_at(c, mk, "%s", what);
}

/* An explicit !!int, !!float, !!bool, !!null or !!timestamp tag on a value of
 * that type. */
static int
tag_matches(const yaml_char_t *tag, enum ys_kind kind)
{
	return (tag_is(tag, "int") && kind == YS_INT) ||
	    (tag_is(tag, "float") && (kind == YS_FLOAT || kind == YS_INT)) ||
	    (tag_is(tag, "bool") && kind == YS_BOOL) ||
	    (tag_is(tag, "null") && kind == YS_NULL) ||
	    (tag_is(tag, "timestamp") && kind == YS_TIMESTAMP);
}

/* Types a scalar: quoted or !!str -> string; plain -> PyYAML's resolver; a
 * tag must fit its value. A NUL byte (from "\0", "\x00" or "\u0000") would cut
 * the string short wherever it is used: refused. Returns 0, or -1 with c->e set. */
static int
scalar_kind(struct ctx *c, const yaml_event_t *ev, int is_key, struct ys_value *v)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const yaml_char_t *tag = ev->data.scalar.tag;
	struct yj_mark mk = mark_of_event(ev);
	int string_only;

	v->kind = YS_STR;
	if (memchr(s, '\0', len) != NULL)
		return fail_at(c, mk, "%s contains a NUL byte", is_key ? "a mapping key" : "a string");
	if (check_tag(c, tag, TAG_SCALAR, mk) != 0)
		return -1;
	if (is_key && tag == NULL)
		return 0;
	if (tag_is(tag, "merge") && !is_key)
		return fail_at(c, mk, "tag '%s' only marks a merge key", (const char *)tag);
	string_only = (tag == NULL && ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) ||
	    (tag != NULL && (tag_is(tag, "str") || tag_is(tag, "merge") ||
	    strcmp((const char *)tag, "!") == 0));
	if (string_only)
		return 0;
	ys_resolve(s, len, v);
	if (tag != NULL && !tag_matches(tag, v->kind))
		return fail_at(c, mk, "'%s' does not match its tag", s);
	if ((v->kind == YS_INT || v->kind == YS_FLOAT) && !isfinite(v->number))
		return fail_at(c, mk, "'%s' has no JSON representation", s);
	return 0;
}

/* The scalar as a node. Returns NULL with c->e set. */
static cJSON *
scalar_value(struct ctx *c, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	struct ys_value v;
	cJSON *node;
	int is_str;

	if (scalar_kind(c, ev, 0, &v) != 0)
		return NULL;
	is_str = v.kind != YS_NULL && v.kind != YS_BOOL && v.kind != YS_INT &&
	    v.kind != YS_FLOAT;
	node = v.kind == YS_BOOL ? cJSON_CreateBool(v.boolean) :
	    v.kind == YS_INT || v.kind == YS_FLOAT ? cJSON_CreateNumber(v.number) :
	    cJSON_CreateNull();
	/* A string (a timestamp too) is packed beside the others (lib/arena). */
	if (node != NULL && is_str) {
		node->type = cJSON_String;
		if ((node->valuestring = fg_json_strndup(s, ev->data.scalar.length)) == NULL) {
			cJSON_Delete(node);
			node = NULL;
		}
	}
	if (node == NULL)
		fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
	return node;
}

/* "<<" plain, or any key tagged !!merge, as PyYAML's flatten_mapping has it. */
static int
is_merge_key(const yaml_event_t *ev)
{
	const yaml_char_t *tag = ev->data.scalar.tag;

	if (tag != NULL)
		return tag_is(tag, "merge");
	return ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    strcmp((const char *)ev->data.scalar.value, "<<") == 0;
}

static int
on_scalar(struct ctx *c, const yaml_event_t *ev)
{
	struct yj_mark mk = mark_of_event(ev);
	const char *anchor = (const char *)ev->data.scalar.anchor;
	struct ys_value v;
	cJSON *node;
	char *an;

	if (spend(c, 1, 0, mk) != 0)
		return -1;
	if (expecting_key(c)) {
		/* A key is its text, whatever its type: still, its tag must fit. */
		if (scalar_kind(c, ev, 1, &v) != 0 ||
		    set_key(c, (const char *)ev->data.scalar.value, ev->data.scalar.length,
		    is_merge_key(ev), mk) != 0)
			return -1;
		if (anchor == NULL)
			return 0;
		/* An anchored key can be aliased later as a value: keep a copy. */
		if ((node = cJSON_CreateString((const char *)ev->data.scalar.value)) == NULL)
			return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
		cJSON_AddItemToArray(c->graveyard, node);
		if ((an = strdup(anchor)) == NULL)
			return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
		return register_anchor(c, an, node, 1);
	}
	if ((node = scalar_value(c, ev)) == NULL)
		return -1;
	if (anchor != NULL) {
		if ((an = strdup(anchor)) == NULL) {
			cJSON_Delete(node);
			return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
		}
		if (register_anchor(c, an, node, 1) != 0) {
			cJSON_Delete(node);
			return -1;
		}
	}
	return add_node(c, node, mk);
}

static int
on_alias(struct ctx *c, const yaml_event_t *ev)
{
	struct yj_mark mk = mark_of_event(ev);
	const char *name = (const char *)ev->data.alias.anchor;
	struct anchor *a = strmap_get(&c->anchors, name);
	cJSON *copy;

	if (a == NULL)
		return fail_at(c, mk, "undefined alias '*%s'", name);
	if (expecting_key(c)) {
		if (!cJSON_IsString(a->node))
			return fail_at(c, mk, "alias '*%s' used as a key must name a string", name);
		return set_key(c, a->node->valuestring, strlen(a->node->valuestring), 0, mk);
	}
	if (a->bytes == 0)
		a->bytes = count_bytes(a->node) + 1;
	if (spend(c, a->count, 1, mk) != 0 || spend_bytes(c, a->bytes, mk) != 0)
		return -1;
	if ((copy = cJSON_Duplicate(a->node, 1)) == NULL)
		return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
	/* The copy takes the key of where it is used, not of where it was defined. */
	cJSON_free(copy->string);
	copy->string = NULL;
	return add_node(c, copy, mk);
}

static int
on_collection_start(struct ctx *c, const yaml_event_t *ev, int is_map)
{
	struct yj_mark mk = mark_of_event(ev);
	const yaml_char_t *anchor = is_map ? ev->data.mapping_start.anchor :
	    ev->data.sequence_start.anchor;
	const yaml_char_t *tag = is_map ? ev->data.mapping_start.tag :
	    ev->data.sequence_start.tag;
	struct frame *f;

	if (expecting_key(c))
		return fail_at(c, mk, "%s", "mapping keys must be scalars");
	if (check_tag(c, tag, is_map ? TAG_MAPPING : TAG_SEQUENCE, mk) != 0)
		return -1;
	if (c->depth >= YJ_MAX_DEPTH)
		return fail_limit(c, mk, "nesting deeper than %u levels", YJ_MAX_DEPTH);
	if (spend(c, 1, 0, mk) != 0)
		return -1;
	f = &c->stack[c->depth];
	memset(f, 0, sizeof *f);
	f->node = is_map ? cJSON_CreateObject() : cJSON_CreateArray();
	f->mark = mk;
	f->nodes_before = c->nodes;
	f->pairs = tag_is(tag, "omap") ? "omap" : tag_is(tag, "pairs") ? "pairs" : NULL;
	c->depth++;
	if (f->node != NULL)
		(void)keyindex_init(&f->keys, f->node, NULL);   /* empty: cannot fail */
	if (f->node == NULL ||
	    (anchor != NULL && (f->anchor = strdup((const char *)anchor)) == NULL))
		return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
	return 0;
}

/* Adds the keys of "<<" mappings the mapping does not set itself; earlier
 * mappings win. They go where the "<<" stood. */
static int
apply_merges(struct ctx *c, struct frame *f)
{
	cJSON *src, *it, *copy, *after = f->merge_after;
	int list = cJSON_IsArray(f->merge);

	for (src = list ? f->merge->child : f->merge; src; src = list ? src->next : NULL) {
		for (it = src->child; it; it = it->next) {
			if (keyindex_find(&f->keys, it->string) != NULL)
				continue;
			if (spend(c, count_nodes(it), 1, f->key_mark) != 0 ||
			    spend_bytes(c, count_bytes(it), f->key_mark) != 0)
				return -1;
			if ((copy = cJSON_Duplicate(it, 1)) == NULL)
				return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
			insert_after(f->node, after, copy);
			after = copy;
			if (keyindex_added(&f->keys, copy) != 0)
				return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
		}
	}
	return 0;
}

/* !!omap and !!pairs: a list of one-key mappings, which PyYAML loads as a list
 * of (key, value) tuples, and JSON holds as a list of [key, value] pairs. The
 * mappings may be anchored: they live on in the graveyard, the pairs hold
 * copies. */
static int
make_pairs(struct ctx *c, struct frame *f)
{
	cJSON *item, *next, *prev, *pair, *key, *val;

	for (item = f->node->child; item; item = next) {
		next = item->next;
		if (!cJSON_IsObject(item) || item->child == NULL || item->child->next != NULL)
			return fail_at(c, f->mark, "!!%s needs a list of one-key mappings", f->pairs);
		if (spend(c, count_nodes(item->child) + 1, 0, f->mark) != 0)
			return -1;
		pair = cJSON_CreateArray();
		key = cJSON_CreateString(item->child->string);
		val = cJSON_Duplicate(item->child, 1);
		if (pair == NULL || key == NULL || val == NULL) {
			cJSON_Delete(pair);
			cJSON_Delete(key);
			cJSON_Delete(val);
			return fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
		}
		cJSON_free(val->string);
		val->string = NULL;
		cJSON_AddItemToArray(pair, key);
		cJSON_AddItemToArray(pair, val);
		prev = item == f->node->child ? NULL : item->prev;
		cJSON_AddItemToArray(c->graveyard, cJSON_DetachItemViaPointer(f->node, item));
		insert_after(f->node, prev, pair);
	}
	return 0;
}

static void
frame_release(struct ctx *c, struct frame *f)
{
	keyindex_free(&f->keys);
	cJSON_free(f->key);
	free(f->anchor);
	f->key = f->anchor = NULL;
	if (f->merge != NULL) {
		/* Merge sources may be anchored: they live until the load ends. */
		cJSON_AddItemToArray(c->graveyard, f->merge);
		f->merge = NULL;
	}
}

static int
on_collection_end(struct ctx *c)
{
	struct frame *f = &c->stack[c->depth - 1];
	cJSON *node = f->node;
	struct yj_mark mk = f->mark;
	size_t count;
	char *name;

	if (f->merge != NULL && apply_merges(c, f) != 0)
		return -1;
	if (f->pairs != NULL && make_pairs(c, f) != 0)
		return -1;
	count = c->nodes - f->nodes_before + 1;
	if ((name = f->anchor) != NULL) {
		f->anchor = NULL;
		if (register_anchor(c, name, node, count) != 0)
			return -1;
	}
	f->node = NULL;
	frame_release(c, f);
	c->depth--;
	return add_node(c, node, mk);
}

static int
on_event(struct ctx *c, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (c->docs++ > 0)
			return fail_at(c, mark_of_event(ev), "%s", "only one YAML document is allowed");
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(c, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(c, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_collection_start(c, ev, 0);
	case YAML_MAPPING_START_EVENT:
		return on_collection_start(c, ev, 1);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_collection_end(c);
	default:
		return 0;
	}
}

static void
parser_error(struct ctx *c, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR) {
		fg_err_set(c->e, FG_ERUNTIME, "%s: out of memory", c->name);
	} else if (p->error == YAML_READER_ERROR) {
		fg_err_set(c->e, FG_EUSAGE, "%s: byte %zu: %s", c->name,
		    p->problem_offset, p->problem ? p->problem : "unreadable input");
	} else {
		fg_err_set(c->e, FG_EUSAGE, "%s:%d:%d: %s%s%s", c->name,
		    (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1,
		    p->problem ? p->problem : "syntax error",
		    p->context ? " " : "", p->context ? p->context : "");
	}
}

static cJSON *
load_yaml(const char *buf, size_t len, const char *name, struct yj_marks *marks,
    struct fg_err *e)
{
	struct ctx c;
	yaml_parser_t p;
	yaml_event_t ev;
	int done = 0, rc = 0;
	size_t i;

	memset(&c, 0, sizeof c);
	e->code = FG_OK;
	c.name = name;
	c.e = e;
	c.marks = marks;
	strmap_init(&c.anchors);
	if ((c.graveyard = cJSON_CreateArray()) == NULL || !yaml_parser_initialize(&p)) {
		fg_err_set(e, FG_ERUNTIME, "%s: out of memory", name);
		cJSON_Delete(c.graveyard);
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&p, &ev)) {
			parser_error(&c, &p);
			rc = -1;
			break;
		}
		rc = on_event(&c, &ev);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	for (; c.depth > 0; c.depth--) {
		cJSON_Delete(c.stack[c.depth - 1].node);
		frame_release(&c, &c.stack[c.depth - 1]);
	}
	for (i = 0; i < c.nalist; i++) {
		free(c.alist[i]->name);
		free(c.alist[i]);
	}
	free(c.alist);
	strmap_free(&c.anchors);
	cJSON_Delete(c.graveyard);
	if (rc != 0) {
		cJSON_Delete(c.root);
		return NULL;
	}
	/* Nothing but blanks and comments: a pipeline stage before this one
	 * failed, or the wrong file was named; null would pass that on. */
	if (!c.have_root)
		fg_err_set(e, FG_EUSAGE, "%s: empty input", name);
	return c.root;
}

/* ---- the JSON fast path ---- */

static const char *
skip_space(const char *s, const char *end)
{
	if (end - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	while (s < end && isspace((unsigned char)*s))
		s++;
	return s;
}

/* A raw NUL byte, which would cut a string short wherever it is used:
 * refused with where it is (columns in characters, as libyaml counts them).
 * UTF-16 input, which libyaml decodes itself, is left to libyaml. */
static int
refuse_nul(const char *buf, size_t len, const char *name, struct fg_err *e)
{
	const char *nul = memchr(buf, '\0', len), *p;
	int line = 1, col = 1;

	if (nul == NULL || (len >= 2 && ((buf[0] == '\xFF' && buf[1] == '\xFE') ||
	    (buf[0] == '\xFE' && buf[1] == '\xFF'))))
		return 0;
	for (p = buf; p < nul; p++) {
		if (*p == '\n')
			line++, col = 1;
		else if (((unsigned char)*p & 0xC0) != 0x80)
			col++;
	}
	return fg_err_set(e, FG_EUSAGE, "%s:%d:%d: the input contains a NUL byte", name, line, col);
}

static cJSON *
load_any_yaml(const char *buf, size_t len, const char *name, struct yj_marks *marks,
    struct fg_err *e)
{
	cJSON *root;

	if (refuse_nul(buf, len, name, e) != 0)
		return NULL;
	/* Plain block YAML, most configs, without libyaml (lib/yamlfast). */
	if (marks == NULL && (root = yf_load(buf, len)) != NULL)
		return root;
	return load_yaml(buf, len, name, marks, e);
}

/* in_place: JSON strings may be left in buf (the caller keeps it). */
static cJSON *
load_text(char *buf, size_t len, int in_place, const char *name, struct yj_marks *marks,
    struct fg_err *e)
{
	const char *start = skip_space(buf, buf + len);
	struct jr_text t = { buf, len, NULL, in_place };
	size_t stop;
	cJSON *root;

	if (marks == NULL && start < buf + len && (*start == '{' || *start == '[')) {
		switch (jr_parse(&t, (size_t)(start - buf), name, &root, &stop, e)) {
		case JR_OK:
			return root;
		case JR_FAILED:
			return NULL;
		case JR_NOT_JSON:
			break;    /* YAML (flow style), or broken JSON: YAML says where */
		}
	}
	return load_any_yaml(buf, len, name, marks, e);
}

cJSON *
yj_load(const char *buf, size_t len, const char *name, struct yj_marks *marks,
    struct fg_err *e)
{
	/* Not in place: the caller's text stays as it is. */
	return load_text((char *)buf, len, 0, name, marks, e);
}

cJSON *
yj_load_in_place(char *buf, size_t len, const char *name, struct fg_err *e)
{
	return load_text(buf, len, fg_arena_installed(), name, NULL, e);
}

void
yj_restore_text(char *buf, size_t len)
{
	char *p = buf, *end = buf + len;

	/* Text that loaded had no NUL (a raw one is refused): each is a quote. */
	while (p < end && (p = memchr(p, '\0', (size_t)(end - p))) != NULL)
		*p++ = '"';
}

/* Reads until the first byte that is not blank (or the end) has arrived;
 * its offset (s->len when there is none, or when blanks alone pass YAML's
 * limit: then no JSON follows), or -1 with e set. */
static long
first_byte(struct fg_stream *s, struct fg_err *e)
{
	size_t off = 0;
	int r = 1;

	while (s->len < 3 && (r = fg_stream_more(s, e)) > 0)
		;
	if (r < 0)
		return -1;
	if (s->len >= 3 && memcmp(s->buf, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	for (;;) {
		while (off < s->len && isspace((unsigned char)s->buf[off]))
			off++;
		if (off < s->len || r == 0 || off > FG_MAX_INPUT)
			return (long)off;
		if ((r = fg_stream_more(s, e)) < 0)
			return -1;
	}
}

/* Line and column of offset off, as libyaml counts them (columns in
 * characters). */
static void
position(const char *buf, size_t off, int *line, int *col)
{
	const char *p;

	*line = *col = 1;
	for (p = buf; p < buf + off; p++) {
		if (*p == '\n')
			++*line, *col = 1;
		else if (((unsigned char)*p & 0xC0) != 0x80)
			++*col;
	}
}

/* Text that is not strict JSON: the YAML path, within YAML's limit. */
static cJSON *
load_rest_as_yaml(struct fg_stream *s, size_t stop, struct fg_err *e)
{
	int line, col;

	if (fg_stream_rest(s, FG_MAX_JSON, e) != 0)
		return NULL;
	if (s->len > FG_MAX_INPUT) {
		position(s->buf, stop, &line, &col);
		fg_err_set(e, FG_EUSAGE, "%s:%d:%d: not JSON, and larger than the %zu bytes YAML may have",
		    s->name, line, col, FG_MAX_INPUT);
		return NULL;
	}
	return load_any_yaml(s->buf, s->len, s->name, NULL, e);
}

/* JSON is parsed as it arrives, its strings left in the text (with the
 * arena); the text is kept as long as the tree. Anything else is read
 * whole and loaded as YAML. */
static cJSON *
load_stream(const char *path, struct fg_err *e)
{
	struct fg_stream s;
	struct jr_text t = { NULL, 0, &s, fg_arena_installed() };
	enum jr_status st = JR_NOT_JSON;
	cJSON *root = NULL;
	size_t stop = 0;
	long first;

	if (fg_stream_open(&s, path, FG_MAX_JSON, e) != 0)
		return NULL;
	if ((first = first_byte(&s, e)) < 0)
		goto out;
	if ((size_t)first < s.len && (s.buf[first] == '{' || s.buf[first] == '[')) {
		st = jr_parse(&t, (size_t)first, s.name, &root, &stop, e);
		if (st == JR_OK)
			goto out;
		if (st == JR_FAILED)
			goto out;
	} else if (fg_stream_rest(&s, FG_MAX_INPUT, e) != 0) {
		goto out;
	}
	root = load_rest_as_yaml(&s, stop, e);
	st = JR_NOT_JSON;
out:
	fg_stream_close(&s, st == JR_OK && t.in_place, root == NULL);
	return root;
}

cJSON *
yj_load_file(const char *path, struct yj_marks *marks, struct fg_err *e)
{
	char *buf;
	size_t len;
	cJSON *root;

	if (marks == NULL)
		return load_stream(path, e);
	if (fg_read_input(path, FG_MAX_INPUT, &buf, &len, e) != 0)
		return NULL;
	root = yj_load(buf, len, fg_input_name(path), marks, e);
	free(buf);
	return root;
}
