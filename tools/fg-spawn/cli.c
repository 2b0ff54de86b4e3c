/* cli.c — what every subcommand prints: its result, as JSON or as sh
 * assignments the porcelain can eval, or its one-line error. */
#include <stdio.h>

#include "cli.h"
#include "subcmd.h"
#include "jsonwrite.h"
#include "output.h"
#include "shquote.h"

struct sh_doc {
	const char *cmd;
	const cJSON *root;
	const struct sh_field *fields;
};

static void
assign_value(FILE *f, const char *var, const cJSON *v)
{
	char num[64];

	if (cJSON_IsString(v))
		fg_sh_assign(f, var, v->valuestring);
	else if (cJSON_IsNumber(v)) {
		fg_fmt_number(v->valuedouble, num, sizeof num);
		fg_sh_assign(f, var, num);
	} else if (cJSON_IsBool(v))
		fg_sh_assign(f, var, cJSON_IsTrue(v) ? "yes" : "no");
	else
		fg_sh_assign(f, var, "");
}

/* index 0: the names as they are; else suffixed with _index. */
static void
assign_fields(FILE *f, const cJSON *obj, const struct sh_field *field, int index)
{
	char var[64];

	for (; field->key != NULL; field++) {
		if (index > 0)
			snprintf(var, sizeof var, "%s_%d", field->var, index);
		else
			snprintf(var, sizeof var, "%s", field->var);
		assign_value(f, var, cJSON_GetObjectItemCaseSensitive(obj, field->key));
	}
}

static int
write_sh(FILE *f, const void *arg, struct fg_err *e)
{
	const struct sh_doc *d = arg;
	const cJSON *it;
	int i = 0;

	if (cJSON_IsArray(d->root))
		for (it = d->root->child; it != NULL; it = it->next)
			assign_fields(f, it, d->fields, ++i);
	else
		assign_fields(f, d->root, d->fields, 0);
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "%s: --sh: write error", d->cmd);
	return 0;
}

int
cli_emit(const struct cli_out *o, cJSON *root)
{
	struct fg_out out = { NULL, 0600, o->compact };
	struct sh_doc doc = { o->cmd, root, o->fields };
	struct fg_err e = { 0 };
	int rc;

	if (root == NULL)
		return cli_oom(o->cmd);
	/* Not a JSON writer: fg_output stages it whole before stdout sees it. */
	if (o->sh)
		rc = fg_output(&out, write_sh, &doc, &e);
	else
		rc = fg_output(&out, fg_json_writer(&out), root, &e);
	cJSON_Delete(root);
	if (rc != 0)
		fg_err_print(PROG, &e);
	return rc;
}

int
cli_oom(const char *cmd)
{
	fprintf(stderr, "%s: %s: out of memory\n", PROG, cmd);
	return FG_ERUNTIME;
}

int
cli_fail(const struct fg_err *e)
{
	fg_err_print(PROG, e);
	return e->code ? e->code : FG_ERUNTIME;
}

int
json_add_number_or_null(cJSON *obj, const char *key, int have, double n)
{
	return (have ? cJSON_AddNumberToObject(obj, key, n) : cJSON_AddNullToObject(obj, key)) != NULL;
}

int
json_add_string_or_null(cJSON *obj, const char *key, const char *s)
{
	return (s ? cJSON_AddStringToObject(obj, key, s) : cJSON_AddNullToObject(obj, key)) != NULL;
}

int
cli_option(struct cli_out *out, int opt, char **argv)
{
	switch (opt) {
	case 'c':
		out->compact = 1;
		return 0;
	case 's':
		out->sh = 1;
		return 0;
	case 'h':
		return FG_SHOW_HELP;
	case 'V':
		return FG_SHOW_VERSION;
	default:
		return fg_bad_option(PROG, out->cmd, opt, argv);
	}
}
