/* pick.c — an asset name in words: "cliproxyapiplus 6 8 16 0 linux amd64 no
 * plugin" after the archive suffix. The OS word and the architecture word
 * beside it decide; another OS or architecture there rules the asset out,
 * and so does a name that declares none. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pick.h"

#define NAME_MAX_LEN 512
#define MAX_WORDS 64

struct alias {
	const char *word, *name;
};

static const struct alias os_words[] = {
	{ "linux", "linux" }, { "darwin", "darwin" }, { "macos", "darwin" }, { "osx", "darwin" },
	{ "windows", "windows" }, { "win", "windows" }, { "win32", "windows" },
	{ "win64", "windows" }, { "freebsd", "freebsd" }, { "openbsd", "openbsd" },
	{ "netbsd", "netbsd" }, { "dragonfly", "dragonfly" }, { "solaris", "solaris" },
	{ "illumos", "illumos" }, { "android", "android" }, { "ios", "ios" }, { "aix", "aix" },
	{ "plan9", "plan9" }, { "js", "js" }, { "wasip1", "wasip1" }, { NULL, NULL },
};

/* "x86x64" is x86_64 or x86-64 after mark_x86_64. "all" and "universal" are
 * GoReleaser's macOS universal binaries. */
static const struct alias arch_words[] = {
	{ "amd64", "amd64" }, { "x86x64", "amd64" }, { "x64", "amd64" }, { "arm64", "arm64" },
	{ "aarch64", "arm64" }, { "386", "386" }, { "i386", "386" }, { "i686", "386" },
	{ "x86", "386" }, { "arm", "arm" }, { "armv5", "arm" }, { "armv6", "arm" },
	{ "armv7", "arm" }, { "armhf", "arm" }, { "armel", "arm" }, { "ppc64", "ppc64" },
	{ "ppc64le", "ppc64le" }, { "s390x", "s390x" }, { "riscv64", "riscv64" },
	{ "mips", "mips" }, { "mipsle", "mipsle" }, { "mips64", "mips64" },
	{ "mips64le", "mips64le" }, { "loong64", "loong64" }, { "wasm", "wasm" },
	{ "universal", "universal" }, { "all", "universal" }, { NULL, NULL },
};

static const char *
lookup(const struct alias *t, const char *word)
{
	for (; t->word != NULL; t++)
		if (strcmp(t->word, word) == 0)
			return t->name;
	return NULL;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A short alphanumeric suffix with a letter (.txt, .sig, .deb, .exe) marks a
 * file that is not a bare binary; "16-0_linux_amd64" after a version's dot
 * is no suffix. */
static int
has_other_suffix(const char *lower)
{
	const char *dot = strrchr(lower, '.'), *p;
	int letter = 0;

	if (dot == NULL || strlen(dot + 1) == 0 || strlen(dot + 1) > 8)
		return 0;
	for (p = dot + 1; *p; p++) {
		if (!isalnum((unsigned char)*p))
			return 0;
		letter |= isalpha((unsigned char)*p) != 0;
	}
	return letter;
}

/* Strips the archive suffix from lower; 0 for a suffix we cannot unpack. */
static int
kind_of(char *lower)
{
	size_t n = strlen(lower);

	if (ends_with(lower, ".tar.gz")) {
		lower[n - 7] = '\0';
		return ASSET_TARGZ;
	}
	if (ends_with(lower, ".tgz")) {
		lower[n - 4] = '\0';
		return ASSET_TARGZ;
	}
	if (ends_with(lower, ".zip")) {
		lower[n - 4] = '\0';
		return ASSET_ZIP;
	}
	return has_other_suffix(lower) ? 0 : ASSET_BARE;
}

/* x86_64 and x86-64 become one word, x86x64, before the name is split. */
static void
mark_x86_64(char *s)
{
	char *p;

	for (p = s; (p = strstr(p, "x86")) != NULL; p += 3)
		if ((p[3] == '_' || p[3] == '-') && p[4] == '6' && p[5] == '4')
			p[3] = 'x';
}

static size_t
split_words(char *s, char **words)
{
	char *w, *save = NULL;
	size_t n = 0;

	for (w = strtok_r(s, "_-. ", &save); w != NULL && n < MAX_WORDS;
	    w = strtok_r(NULL, "_-. ", &save))
		words[n++] = w;
	return n;
}

/* The architecture the OS word at i is paired with: the word after it, else
 * the one before (arch-os names); NULL when neither is an architecture. */
static const char *
arch_beside(char **words, size_t n, size_t i)
{
	const char *a = NULL;

	if (i + 1 < n)
		a = lookup(arch_words, words[i + 1]);
	if (a == NULL && i > 0)
		a = lookup(arch_words, words[i - 1]);
	return a;
}

/* 0: not for p; 2: built for p; 1: a universal macOS build. */
static int
platform_fit(char **words, size_t n, const struct platform *p)
{
	const char *os, *arch;
	int fit = 0, f;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((os = lookup(os_words, words[i])) == NULL)
			continue;
		if (strcmp(os, p->os) != 0)
			return 0;
		if ((arch = arch_beside(words, n, i)) == NULL)
			continue;
		if (strcmp(arch, p->arch) == 0)
			f = 2;
		else if (strcmp(arch, "universal") == 0 && strcmp(p->os, "darwin") == 0)
			f = 1;
		else
			return 0;
		if (f > fit)
			fit = f;
	}
	return fit;
}

static int
is_no_plugin(const char *lower)
{
	return strstr(lower, "no-plugin") != NULL || strstr(lower, "no_plugin") != NULL ||
	    strstr(lower, "noplugin") != NULL;
}

/* Higher is better; 0: not for p. */
static int
score(const char *name, const struct platform *p, enum asset_kind *kind)
{
	char lower[NAME_MAX_LEN + 1], *words[MAX_WORDS];
	size_t i, n = strlen(name);
	int k, fit, plugin;

	if (n == 0 || n > NAME_MAX_LEN)
		return 0;
	for (i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)name[i]);
	plugin = !is_no_plugin(lower);
	if ((k = kind_of(lower)) == 0)
		return 0;
	mark_x86_64(lower);
	n = split_words(lower, words);
	if ((fit = platform_fit(words, n, p)) == 0)
		return 0;
	*kind = (enum asset_kind)k;
	return plugin * 100 + k * 10 + fit;
}

const struct asset *
pick_asset(const struct asset *a, size_t n, const struct platform *p, enum asset_kind *kind)
{
	const struct asset *best = NULL;
	enum asset_kind k = ASSET_BARE;
	int best_score = 0, s;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((s = score(a[i].name, p, &k)) > best_score) {
			best = &a[i];
			best_score = s;
			*kind = k;
		}
	}
	return best;
}

static int
is_checksums_name(const char *name)
{
	char lower[NAME_MAX_LEN + 1];
	size_t i, n = strlen(name);

	if (n > NAME_MAX_LEN)
		return 0;
	for (i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)name[i]);
	return strcmp(lower, "checksums.txt") == 0 || ends_with(lower, "_checksums.txt") ||
	    ends_with(lower, "-checksums.txt") || strcmp(lower, "sha256sums") == 0 ||
	    strcmp(lower, "sha256sums.txt") == 0;
}

const struct asset *
pick_checksums(const struct asset *a, size_t n, const char *asset_name, int *per_asset)
{
	size_t i, len = strlen(asset_name);

	*per_asset = 0;
	for (i = 0; i < n; i++)
		if (is_checksums_name(a[i].name))
			return &a[i];
	for (i = 0; i < n; i++)
		if (strncmp(a[i].name, asset_name, len) == 0 && strcmp(a[i].name + len, ".sha256") == 0) {
			*per_asset = 1;
			return &a[i];
		}
	return NULL;
}
