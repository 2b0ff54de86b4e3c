/* jsonwrite.h — write a cJSON tree as jq does: pretty (2 spaces) or compact. */
#ifndef FG_JSONWRITE_H
#define FG_JSONWRITE_H

#include <stdio.h>
#include <cjson/cJSON.h>

/* Returns 0, or -1 when out of memory or the stream failed. */
int fg_json_write(FILE *f, const cJSON *node, int pretty);
/* Shortest text that reads back as the same double; integers without ".0". */
void fg_fmt_number(double d, char *buf, size_t size);

#endif
