/* jsonsize.c — counts what lib/jsonwrite.c would write, node for node. */
#include <string.h>

#include "input.h"
#include "jsonsize.h"
#include "jsonwrite.h"
#include "yamljson.h"

/* Bytes each byte of a string takes once escaped (0 for the NUL that ends it). */
static unsigned char width[256];

static void
init_width(void)
{
	int c;

	for (c = 1; c < 256; c++)
		width[c] = c < 0x20 ? 6 : 1;              /* \u00XX */
	width['\n'] = width['\t'] = width['\r'] = width['\b'] = width['\f'] = 2;
	width['"'] = width['\\'] = 2;
}

static size_t
string_size(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 2;                                     /* the quotes */

	for (; *p; p++)
		n += width[*p];
	return n;
}

/* What write_node writes at this level, children included. */
static size_t
node_size(const cJSON *n, int pretty, int level, size_t *nodes)
{
	char num[64];
	const cJSON *ch;
	size_t size;
	int is_obj = cJSON_IsObject(n);

	++*nodes;
	if (cJSON_IsString(n)) {
		return string_size(n->valuestring);
	} else if (cJSON_IsNumber(n)) {
		fg_fmt_number(n->valuedouble, num, sizeof num);
		return strlen(num);
	} else if (cJSON_IsBool(n)) {
		return cJSON_IsTrue(n) ? 4 : 5;
	} else if (!is_obj && !cJSON_IsArray(n)) {
		return 4;                           /* null */
	}
	size = 2;                                   /* the brackets */
	for (ch = n->child; ch; ch = ch->next) {
		if (pretty)
			size += 1 + 2 * (size_t)(level + 1);   /* newline, indent */
		if (is_obj)
			size += string_size(ch->string) + (pretty ? 2 : 1);
		size += node_size(ch, pretty, level + 1, nodes);
		if (ch->next)
			size++;
	}
	if (n->child && pretty)
		size += 1 + 2 * (size_t)level;
	return size;
}

size_t
fg_json_size(const cJSON *node, int pretty, size_t *nodes)
{
	if (width['a'] == 0)
		init_width();
	*nodes = 0;
	return node_size(node, pretty, 0, nodes) + 1;
}

int
fg_json_check_size(const cJSON *root, int pretty, const char *name, struct fg_err *e)
{
	size_t nodes, bytes = fg_json_size(root, pretty, &nodes);

	if (bytes > FG_MAX_JSON)
		return fg_err_set(e, FG_EUSAGE, "%s: its JSON would be %zu bytes, more than the %zu the next stage reads",
		    name, bytes, FG_MAX_JSON);
	if (nodes > YJ_MAX_NODES)
		return fg_err_set(e, FG_EUSAGE, "%s: its JSON would have %zu nodes, more than the %u the next stage reads",
		    name, nodes, YJ_MAX_NODES);
	return 0;
}
