/* jsonwrite.c — JSON text out of cJSON, in jq's layout (cJSON's own uses tabs). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonwrite.h"

void
fg_fmt_number(double d, char *buf, size_t size)
{
	int prec;

	if (!isfinite(d)) {
		snprintf(buf, size, "null");
		return;
	}
	if (d == floor(d) && fabs(d) < 1e16) {
		snprintf(buf, size, "%.0f", d == 0 ? 0.0 : d);
		return;
	}
	for (prec = 15; prec < 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return;
	}
	snprintf(buf, size, "%.17g", d);
}

static void
write_string(FILE *f, const char *s)
{
	const char *run = s;

	putc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		fwrite(run, 1, (size_t)(s - run), f);
		run = s + 1;
		switch (ch) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default: fprintf(f, "\\u%04x", ch); break;
		}
	}
	fwrite(run, 1, (size_t)(s - run), f);
	putc('"', f);
}

static void
indent(FILE *f, int pretty, int level)
{
	if (!pretty)
		return;
	putc('\n', f);
	while (level-- > 0)
		fputs("  ", f);
}

static void
write_node(FILE *f, const cJSON *n, int pretty, int level)
{
	char num[64];
	const cJSON *ch;
	int is_obj = cJSON_IsObject(n);

	if (cJSON_IsString(n)) {
		write_string(f, n->valuestring);
	} else if (cJSON_IsNumber(n)) {
		fg_fmt_number(n->valuedouble, num, sizeof num);
		fputs(num, f);
	} else if (cJSON_IsBool(n)) {
		fputs(cJSON_IsTrue(n) ? "true" : "false", f);
	} else if (is_obj || cJSON_IsArray(n)) {
		putc(is_obj ? '{' : '[', f);
		for (ch = n->child; ch; ch = ch->next) {
			indent(f, pretty, level + 1);
			if (is_obj) {
				write_string(f, ch->string);
				fputs(pretty ? ": " : ":", f);
			}
			write_node(f, ch, pretty, level + 1);
			if (ch->next)
				putc(',', f);
		}
		if (n->child)
			indent(f, pretty, level);
		putc(is_obj ? '}' : ']', f);
	} else {
		fputs("null", f);
	}
}

void
fg_json_write(FILE *f, const cJSON *node, int pretty)
{
	write_node(f, node, pretty, 0);
	putc('\n', f);
}
