/* common.h — what the fuzz harnesses share: a strict tree comparison,
 * output captured in memory, and a broken property reported as a crash. */
#ifndef FG_FUZZ_COMMON_H
#define FG_FUZZ_COMMON_H

#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#include "err.h"

/* Same types, same values, same keys in the same order (cJSON_Compare
 * ignores key order and would miss a writer that reorders). */
int fuzz_tree_equal(const cJSON *a, const cJSON *b);
/* A memstream; fuzz_mem_close returns its text (free it) and its length. */
FILE *fuzz_mem_open(char **buf, size_t *len);
void fuzz_mem_close(FILE *f, char **buf);
/* A failed load or step must say what went wrong, in one line. */
void fuzz_check_error(const char *step, const struct fg_err *e);
/* Prints the property that broke, with the texts involved, and aborts so
 * libFuzzer saves the input. */
void fuzz_fail(const char *what, const char *text, size_t len)
	__attribute__((noreturn));

#endif
