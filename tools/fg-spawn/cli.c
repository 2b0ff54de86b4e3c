/* cli.c — what every subcommand prints: its result or its error. */
#include <stdio.h>

#include "cli.h"
#include "output.h"

int
cli_emit(cJSON *root, int compact)
{
	struct fg_out out = { NULL, 0600, compact };
	struct fg_err e = { 0 };
	int rc;

	if (root == NULL) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		return FG_ERUNTIME;
	}
	rc = fg_output(&out, fg_json_writer(&out), root, &e);
	cJSON_Delete(root);
	if (rc != 0)
		fg_err_print(PROG, &e);
	return rc;
}

int
cli_fail(const struct fg_err *e)
{
	fg_err_print(PROG, e);
	return e->code ? e->code : FG_ERUNTIME;
}
