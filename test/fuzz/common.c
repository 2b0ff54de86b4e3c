/* common.c — the harnesses' shared checks. */
#include <stdlib.h>
#include <string.h>

#include "common.h"

int
fuzz_tree_equal(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;

	if ((a->type & 0xff) != (b->type & 0xff))
		return 0;
	if (cJSON_IsNumber(a))
		return a->valuedouble == b->valuedouble;
	if (cJSON_IsString(a))
		return strcmp(a->valuestring, b->valuestring) == 0;
	if (!cJSON_IsArray(a) && !cJSON_IsObject(a))
		return 1;
	for (x = a->child, y = b->child; x && y; x = x->next, y = y->next) {
		if (cJSON_IsObject(a) && strcmp(x->string, y->string) != 0)
			return 0;
		if (!fuzz_tree_equal(x, y))
			return 0;
	}
	return x == NULL && y == NULL;
}

FILE *
fuzz_mem_open(char **buf, size_t *len)
{
	FILE *f;

	*buf = NULL;
	*len = 0;
	if ((f = open_memstream(buf, len)) == NULL)
		abort();
	return f;
}

void
fuzz_mem_close(FILE *f, char **buf)
{
	if (fclose(f) != 0 || *buf == NULL)
		abort();
}

void
fuzz_check_error(const char *step, const struct fg_err *e)
{
	if (e->code != FG_EUSAGE && e->code != FG_ERUNTIME)
		fuzz_fail(step, "failed with no error code", strlen("failed with no error code"));
	if (e->msg[0] == '\0' || strchr(e->msg, '\n') != NULL)
		fuzz_fail(step, e->msg, strlen(e->msg));
	/* Out of memory is the only runtime error these inputs can cause, and
	 * the fuzzer's allocations do not fail: anything else is misreported. */
	if (e->code == FG_ERUNTIME)
		fuzz_fail(step, e->msg, strlen(e->msg));
}

void
fuzz_fail(const char *what, const char *text, size_t len)
{
	fprintf(stderr, "fuzz: %s\n--- text (%zu bytes) ---\n", what, len);
	fwrite(text, 1, len, stderr);
	fprintf(stderr, "\n--- end ---\n");
	abort();
}
