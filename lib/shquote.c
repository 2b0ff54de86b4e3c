/* shquote.c — single quotes keep everything literal; a quote itself is '\''. */
#include "shquote.h"

void
fg_sh_quote(FILE *f, const char *s)
{
	putc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			putc(*s, f);
	}
	putc('\'', f);
}

void
fg_sh_assign(FILE *f, const char *name, const char *value)
{
	fputs(name, f);
	putc('=', f);
	fg_sh_quote(f, value);
	putc('\n', f);
}
