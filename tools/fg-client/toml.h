/* toml.h — a line-level view of a TOML file: where each key/value and each
 * table header stands, byte for byte, so an edit can change a few values and
 * leave every other byte of the file as it was. Not a TOML library: values
 * are located, and decoded only when they are one-line strings. */
#ifndef FG_CLIENT_TOML_H
#define FG_CLIENT_TOML_H

#include <stddef.h>

/* Parts of a dotted key are joined with this byte, so a quoted part that
 * holds a '.' never reads as two parts. */
#define TOML_SEP '\x1f'
#define TOML_KEY_MAX 512

enum toml_kind { TOML_STRING, TOML_LONGSTRING, TOML_MLSTRING, TOML_ARRAY, TOML_INLINE_TABLE, TOML_OTHER };

struct toml_kv {
	char key[TOML_KEY_MAX];    /* the key as written under its table, parts joined by TOML_SEP */
	int table;                 /* index into toml_doc.tab, or -1 before the first header */
	size_t line;               /* start of the line the key is on */
	size_t val, val_end;       /* the value's bytes */
	size_t end;                /* just past the statement's line ending (or EOF) */
	enum toml_kind kind;
	char *str;                 /* the decoded value of a TOML_STRING, else NULL
	                            * (a TOML_LONGSTRING is one-line but longer than 4 KiB) */
	int lineno;
};

struct toml_table {
	char name[TOML_KEY_MAX];   /* parts joined by TOML_SEP */
	int array;                 /* [[name]] */
	size_t start, body;        /* the header line's start; just past its line ending */
	size_t last;               /* just past the last key/value of the table (body when none) */
	int lineno;
};

struct toml_doc {
	const char *text;
	size_t len;
	struct toml_kv *kv;
	size_t nkv;
	struct toml_table *tab;
	size_t ntab;
	const char *eol;           /* "\r\n" when the file's first line ends so, else "\n" */
};

/* Scans text (len bytes, no NUL among them). Returns 0, or -1 with err set
 * to "line N: what" for text that is not TOML this scanner can place. */
int toml_scan(const char *text, size_t len, struct toml_doc *d, char *err, size_t errsz);
void toml_free(struct toml_doc *d);

/* The key/value whose full key (table name, then key) is full; NULL when
 * absent. *count is set to how many there are (TOML allows one). */
const struct toml_kv *toml_find(const struct toml_doc *d, const char *full, int *count);
/* The full key of kv: its table's name, TOML_SEP, its key (or just its key). */
void toml_full_key(const struct toml_doc *d, const struct toml_kv *kv, char *buf, size_t size);
/* The table named name (not an array of tables); NULL when absent. */
const struct toml_table *toml_table(const struct toml_doc *d, const char *name, int *count);

/* Writes s as a TOML basic string ("..." with escapes) into buf; returns
 * the length, or -1 when buf is too small. */
int toml_quote(const char *s, char *buf, size_t size);

#endif
