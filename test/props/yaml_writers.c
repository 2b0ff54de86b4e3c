/* yaml_writers.c — fg-resolve --yaml's writer (yaml_write: yamlblock.c where
 * it applies) against libyaml's emitter (yaml_write_libyaml) on random trees:
 * the same bytes, or the same error. Keys and strings are drawn to hit what
 * changes a scalar's style: empty, leading and trailing spaces, ':' and '#'
 * and '- ' and the other indicators, quotes, backslashes, control bytes,
 * unicode (printable or not, 2 to 4 bytes, BOM, NEL, LS), words YAML reads as
 * another type ("yes", "null", "~", "1e5", "0755"), long strings and keys,
 * line breaks; trees are deep, wide, or empty maps and lists.
 * Every two pieces joined are tried in every kind of place first, then
 * RANDOM random trees.
 * Usage: yaml_writers [RANDOM [SEED]] (default 20000). Prints how many trees
 * each writer took; exit 1 at the first difference, with the tree. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yamlblock.h"
#include "yamlemit.h"
#include "rng.h"


static unsigned
pick(unsigned n)
{
	return (unsigned)(rng() % n);
}

/* Pieces a string is made of; the last ones break lines or are not UTF-8,
 * and come rarely. */
static const char *const pieces[] = {
	"", " ", "  ", "a", "b c", "key", "model_name", ":", ": ", "a:b", "a: b", ":a",
	"#", " #", "a #b", "a#b", "#a", "- ", "-", "-a", "--", "---", "--- x", "...",
	".", "?", "? ", "?a", "'", "\"", "''", "\\", "\\n", "[", "]", "{", "}", ",",
	"&", "*", "!", "|", ">", "%", "@", "`", "~", "=", "<<", "null", "Null", "NULL",
	"true", "True", "yes", "No", "on", "OFF", "y", "n", "1", "0", "-1", "+1",
	"0755", "0x1F", "0b101", "0o17", "1e5", "1E5", "1e-5", ".5", "1.5", "-2.5",
	"1_000", "1:30", "190:20:30", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
	".inf", "-.Inf", ".nan", "${VAR}", "os.environ/KEY", "http://127.0.0.1:8000/v1",
	"openai/gpt-4o", "sk-secret", "\t", "a\tb", "\x01", "\x1b", "\x7f",
	"\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xc2\xa0", "\xc2\x80",
	"\xc2\x9f", "\xef\xbb\xbf", "\xef\xbf\xbf", "\xef\xbf\xbe", "\xef\xbf\xbd",
	"\xee\x80\x80", "\xed\x9f\xbf", "\xe2\x80\xa7", "\xe2\x80\xaa",
	/* line breaks: such a tree goes to libyaml */
	"\n", "\r", "\r\n", "a\nb", "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9",
	/* not UTF-8: both writers must refuse it */
	"\xff", "\xed\xa0\x80",
};
#define NPIECES (sizeof pieces / sizeof pieces[0])
#define NRARE 9   /* the pieces from "\n" on */

/* A code point from a range that matters to libyaml, as UTF-8. */
static size_t
random_char(char *out)
{
	static const uint32_t ranges[][2] = {
		{ 0x20, 0x7e }, { 0x01, 0x1f }, { 0x7f, 0xff }, { 0x100, 0x7ff },
		{ 0x800, 0xd7ff }, { 0xe000, 0xfffd }, { 0xfff0, 0xffff }, { 0x10000, 0x10ffff },
	};
	const uint32_t *r = ranges[pick(sizeof ranges / sizeof ranges[0])];
	uint32_t c = r[0] + (uint32_t)(rng() % (r[1] - r[0] + 1));

	if (c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029)
		c = 'x';
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Pieces, random characters, or a long run; rarely a line break or a byte
 * that is not UTF-8. */
static void
random_string(char *out, size_t size, int key)
{
	size_t len = 0, n, i;
	const char *p;
	unsigned parts = 1 + pick(4), kind = pick(20);

	if (kind == 0) {   /* long: 100 to 400 bytes of one piece and spaces */
		n = 100 + pick(300);
		p = pieces[3 + pick(20)];
		while (len + strlen(p) + 1 < size && len < n) {
			memcpy(out + len, p, strlen(p));
			len += strlen(p);
			if (pick(4) == 0)
				out[len++] = ' ';
		}
		out[len] = '\0';
		return;
	}
	for (i = 0; i < parts && len + 8 < size; i++) {
		if (kind < 4) {
			len += random_char(out + len);
			continue;
		}
		n = pick(2000) == 0 ? NPIECES : NPIECES - NRARE;
		if (key)   /* keys are shorter and plainer */
			n = pick(3) == 0 ? n : 12;
		p = pieces[pick((unsigned)n)];
		if (len + strlen(p) + 1 >= size)
			break;
		memcpy(out + len, p, strlen(p));
		len += strlen(p);
	}
	out[len] = '\0';
}

static double
random_number(void)
{
	static const double fixed[] = { 0, -0.0, 1, -1, 0.5, 30.5, 1e-7, 1e21, 1e16,
		123456789012.345, 0.1, 1e300, -2.5e-300, 4e-5 };
	uint64_t bits;
	double d;

	switch (pick(5)) {
	case 0:
		return fixed[pick(sizeof fixed / sizeof fixed[0])];
	case 1:
		return (double)(int64_t)(rng() % 2000001) - 1000000;
	case 2:
		return (double)(int64_t)(rng() % 200001 - 100000) / 100;
	case 3:
		return (double)(rng() % 1000000) / (double)(1 + rng() % 10000);
	default:
		bits = rng();
		memcpy(&d, &bits, sizeof d);
		return d != d || d - d != 0 ? 1.5 : d;   /* JSON holds neither NaN nor inf */
	}
}

static cJSON *random_tree(int depth);

static cJSON *
random_scalar(void)
{
	char s[512];

	switch (pick(8)) {
	case 0:
		return cJSON_CreateNumber(random_number());
	case 1:
		return cJSON_CreateBool(pick(2));
	case 2:
		return cJSON_CreateNull();
	default:
		random_string(s, sizeof s, 0);
		return cJSON_CreateString(s);
	}
}

static cJSON *
random_container(int depth, int object)
{
	cJSON *n = object ? cJSON_CreateObject() : cJSON_CreateArray(), *ch;
	unsigned count = pick(6) == 0 ? 0 : 1 + pick(pick(4) == 0 ? 12 : 4), i;
	char key[512];

	if (n == NULL)
		abort();
	for (i = 0; i < count; i++) {
		if ((ch = random_tree(depth + 1)) == NULL)
			abort();
		if (object) {
			random_string(key, pick(40) == 0 ? sizeof key : 48, 1);
			cJSON_AddItemToObject(n, key, ch);
		} else {
			cJSON_AddItemToArray(n, ch);
		}
	}
	return n;
}

/* Containers thin out with depth; a few trees go 12 levels down. */
static cJSON *
random_tree(int depth)
{
	unsigned r = pick(10);

	if (depth >= 12 || (depth > 0 && r < (unsigned)(4 + depth / 2)))
		return random_scalar();
	return random_container(depth, pick(3) != 0);
}

struct written {
	char *text;
	size_t len;
	int rc;
	struct fg_err e;
};

static void
write_with(int (*w)(FILE *, const cJSON *, struct fg_err *), const cJSON *root,
    struct written *out)
{
	FILE *f = open_memstream(&out->text, &out->len);

	memset(&out->e, 0, sizeof out->e);
	if (f == NULL)
		abort();
	out->rc = w(f, root, &out->e);
	if (fclose(f) != 0)
		abort();
}

static int
chosen_writer(FILE *f, const cJSON *root, struct fg_err *e)
{
	return yaml_write(f, root, e);
}

static void
differ(const cJSON *root, const struct written *a, const struct written *b)
{
	char *json = cJSON_PrintUnformatted(root);

	fprintf(stderr, "yaml_writers: the writers differ on %s\n", json ? json : "(tree)");
	fprintf(stderr, "--- yaml_write (rc %d, %s):\n%s\n--- libyaml (rc %d, %s):\n%s\n",
	    a->rc, a->e.msg, a->text, b->rc, b->e.msg, b->text);
	exit(1);
}

static unsigned long counts[3];
static unsigned long long trees, bytes;

/* Both writers on root, which is then freed. */
static void
check(cJSON *root)
{
	struct written ours, theirs;

	if (root == NULL)
		abort();
	counts[yaml_block_fit(root)]++;
	write_with(chosen_writer, root, &ours);
	write_with(yaml_write_libyaml, root, &theirs);
	if (ours.rc != theirs.rc || ours.len != theirs.len ||
	    memcmp(ours.text, theirs.text, ours.len) != 0 ||
	    strcmp(ours.e.msg, theirs.e.msg) != 0)
		differ(root, &ours, &theirs);
	trees++;
	bytes += ours.len;
	free(ours.text);
	free(theirs.text);
	cJSON_Delete(root);
}

/* s as a key and as a value in each kind of place: the root, a mapping's
 * value, a sequence's item, a sequence in a mapping, nested sequences. */
static void
check_in_every_place(const char *s)
{
	char json[4096];
	cJSON *str = cJSON_CreateString(s);
	char *quoted = cJSON_PrintUnformatted(str);

	if (quoted == NULL)
		abort();
	snprintf(json, sizeof json,
	    "{\"a\": %s, %s: {\"k\": [%s, [%s, {%s: %s, \"m\": {}}], []]}, \"z\": [[%s]]}",
	    quoted, quoted, quoted, quoted, quoted, quoted, quoted);
	check(cJSON_Parse(json));
	check(cJSON_CreateString(s));
	cJSON_free(quoted);
	cJSON_Delete(str);
}

/* Every two pieces joined, in every place; then keys around libyaml's
 * 128-byte limit for a simple key, in ASCII and in 2-byte characters. */
static void
check_every_pair(void)
{
	char s[1024];
	size_t i, j, n;

	for (i = 0; i < NPIECES; i++) {
		for (j = 0; j < NPIECES; j++) {
			snprintf(s, sizeof s, "%s%s", pieces[i], pieces[j]);
			check_in_every_place(s);
		}
	}
	for (n = 120; n <= 136; n++) {
		memset(s, 'k', n);
		s[n] = '\0';
		check_in_every_place(s);
		for (i = 0; i + 2 <= n; i += 2)
			memcpy(s + i, "\xc3\xa9", 2);
		s[i] = '\0';
		check_in_every_place(s);
	}
}

int
main(int argc, char **argv)
{
	long random = argc > 1 ? atol(argv[1]) : 20000, i;

	unsetenv("FG_YAML_EMITTER");
	rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x2545f4914f6cdd1dULL;
	if (rng_state == 0)
		rng_state = 1;
	check_every_pair();
	for (i = 0; i < random; i++)
		check(pick(50) == 0 ? random_scalar() : random_tree(0));
	printf("yaml_writers: %llu trees (%llu bytes of YAML), the same from both: "
	    "%lu by the block writer, %lu by libyaml, %lu refused as not UTF-8\n",
	    trees, bytes, counts[YB_FITS], counts[YB_LIBYAML], counts[YB_NOT_UTF8]);
	return 0;
}
