/* shquote.h — values as sh single-quoted words, for `eval` in the porcelain. */
#ifndef FG_SHQUOTE_H
#define FG_SHQUOTE_H

#include <stdio.h>

/* Writes s as one single-quoted sh word ('it'\''s'). */
void fg_sh_quote(FILE *f, const char *s);
/* Writes "name='value'\n". */
void fg_sh_assign(FILE *f, const char *name, const char *value);

#endif
