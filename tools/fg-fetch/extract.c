/* extract.c — one pass over the archive. The best candidate so far is
 * copied into the temp file when it is met (a better one later replaces it),
 * and the whole archive is checked before the copy counts: a bad entry
 * anywhere refuses all of it. Nothing is written but the temp file. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <archive.h>
#include <archive_entry.h>

#include "extract.h"
#include "interrupt.h"
#include "outfile.h"

#define ENTRIES_MAX 100000
#define EXPANDED_MAX ((long long)4 << 30)
#define COPY_BLOCK (256 << 10)

static const char *const binary_names[] = {
	"cli-proxy-api-plus", "cli-proxy-api", "CLIProxyAPIPlus", "cliproxyapi", NULL,
};
/* The rank of the lone executable, after every binary name. */
#define RANK_EXECUTABLE 4
#define RANK_NONE 99

struct walk {
	struct archive *ar;
	const char *asset;
	struct extract_out *o;
	int rank;               /* of what o->fd holds */
	int executables;        /* regular files with an exec bit */
	long long expanded;     /* the entries' declared sizes, summed */
};

static int
is_sep(char c)
{
	return c == '/' || c == '\\';
}

/* A path's depth (its components but "." and empty ones); -1 when it is
 * absolute (a leading separator or a drive letter), -2 when a component is "..". */
static int
path_depth(const char *p)
{
	const char *c;
	size_t len;
	int depth = 0;

	if (is_sep(p[0]) || (p[0] != '\0' && p[1] == ':'))
		return -1;
	for (c = p; *c; c += len) {
		while (is_sep(*c))
			c++;
		for (len = 0; c[len] && !is_sep(c[len]); len++)
			;
		if (len == 2 && c[0] == '.' && c[1] == '.')
			return -2;
		if (len > 0 && !(len == 1 && c[0] == '.'))
			depth++;
	}
	return depth;
}

/* Whether a symlink at entry (already checked: relative, no "..") to target
 * resolves outside the archive's root. */
static int
link_escapes(const char *entry, const char *target)
{
	const char *c;
	size_t len;
	int depth = path_depth(entry) - 1;

	if (target[0] == '\0' || is_sep(target[0]) || target[1] == ':')
		return 1;
	for (c = target; *c; c += len) {
		while (is_sep(*c))
			c++;
		for (len = 0; c[len] && !is_sep(c[len]); len++)
			;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			if (--depth < 0)
				return 1;
		} else if (len > 0 && !(len == 1 && c[0] == '.')) {
			depth++;
		}
	}
	return 0;
}

static const char *
base_name(const char *p)
{
	const char *b = p, *c;

	for (c = p; *c; c++)
		if (is_sep(*c) && c[1] != '\0')
			b = c + 1;
	return b;
}

static int
name_rank(const char *path)
{
	const char *b = base_name(path);
	int i;

	for (i = 0; binary_names[i] != NULL; i++)
		if (strcasecmp(b, binary_names[i]) == 0)
			return i;
	return RANK_NONE;
}

/* Refuses an entry whose path or link could land outside the folder. */
static int
check_entry(struct walk *w, struct archive_entry *ent, const char *path, struct fg_err *e)
{
	const char *hard = archive_entry_hardlink(ent), *sym = archive_entry_symlink(ent);
	int depth = path_depth(path);

	if (depth == -1)
		return fg_err_set(e, FG_ERUNTIME, "%s: entry '%s' is an absolute path; archive refused",
		    w->asset, path);
	if (depth == -2)
		return fg_err_set(e, FG_ERUNTIME, "%s: entry '%s' has a '..' component; archive refused",
		    w->asset, path);
	if (hard != NULL && path_depth(hard) < 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: entry '%s' links outside the archive (to '%s'); archive refused",
		    w->asset, path, hard);
	if (sym != NULL && link_escapes(path, sym))
		return fg_err_set(e, FG_ERUNTIME, "%s: entry '%s' links outside the archive (to '%s'); archive refused",
		    w->asset, path, sym);
	if (archive_entry_size_is_set(ent) && archive_entry_size(ent) > 0)
		w->expanded += archive_entry_size(ent);
	if (w->expanded > EXPANDED_MAX)
		return fg_err_set(e, FG_ERUNTIME, "%s: expands to more than %lld bytes; archive refused",
		    w->asset, EXPANDED_MAX);
	return 0;
}

/* Copies the current entry's data into o->fd, replacing what it held. */
static int
copy_entry(struct walk *w, const char *path, struct fg_err *e)
{
	static char buf[COPY_BLOCK];
	struct extract_out *o = w->o;
	struct outfile out;
	la_ssize_t n;

	o->bytes = 0;
	if (ftruncate(o->fd, 0) != 0 || lseek(o->fd, 0, SEEK_SET) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: cannot start the binary's temp file: %s",
		    w->asset, strerror(errno));
	if (outfile_start(&out, o->fd, 1) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: SHA-256 unavailable", w->asset);
	while ((n = archive_read_data(w->ar, buf, sizeof buf)) > 0) {
		if (interrupted()) {
			outfile_cancel(&out);
			return fg_err_set(e, FG_ERUNTIME, "%s: interrupted", w->asset);
		}
		if ((o->bytes += n) > o->max) {
			outfile_cancel(&out);
			return fg_err_set(e, FG_ERUNTIME, "%s: %s: larger than the %lld bytes allowed",
			    w->asset, path, o->max);
		}
		if (outfile_write(&out, buf, (size_t)n) != 0) {
			outfile_cancel(&out);
			return fg_err_set(e, FG_ERUNTIME, "%s: cannot write the binary's temp file: %s",
			    w->asset, strerror(out.err));
		}
	}
	if (n < 0) {
		outfile_cancel(&out);
		return fg_err_set(e, FG_ERUNTIME, "%s: %s: %s", w->asset, path, archive_error_string(w->ar));
	}
	snprintf(o->entry, sizeof o->entry, "%s", path);
	return outfile_finish(&out, o->sha256) == 0 ? 0 :
	    fg_err_set(e, FG_ERUNTIME, "%s: cannot read the binary back to hash it", w->asset);
}

/* Takes the entry when it beats what the temp file holds. */
static int
consider(struct walk *w, struct archive_entry *ent, const char *path, struct fg_err *e)
{
	int rank = RANK_NONE;

	if (archive_entry_filetype(ent) != AE_IFREG || archive_entry_hardlink(ent) != NULL)
		return 0;
	if (path_depth(path) <= 2)
		rank = name_rank(path);
	if (archive_entry_perm(ent) & 0111) {
		w->executables++;
		if (rank == RANK_NONE && w->executables == 1)
			rank = RANK_EXECUTABLE;
	}
	if (rank == w->rank && rank < RANK_EXECUTABLE)
		return fg_err_set(e, FG_ERUNTIME, "%s: two entries named %s; archive refused", w->asset,
		    base_name(path));
	if (rank >= w->rank)
		return 0;
	w->rank = rank;
	return copy_entry(w, path, e);
}

static const char *
entry_path(struct archive_entry *ent)
{
	const char *p = archive_entry_pathname(ent);

	return p != NULL ? p : archive_entry_pathname_utf8(ent);
}

static int
walk(struct walk *w, const char *kind_name, struct fg_err *e)
{
	struct archive_entry *ent;
	const char *path;
	int r, count = 0;

	while ((r = archive_read_next_header(w->ar, &ent)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		if (interrupted())
			return fg_err_set(e, FG_ERUNTIME, "%s: interrupted", w->asset);
		if (++count > ENTRIES_MAX)
			return fg_err_set(e, FG_ERUNTIME, "%s: more than %d entries; archive refused",
			    w->asset, ENTRIES_MAX);
		if ((path = entry_path(ent)) == NULL || path[0] == '\0')
			return fg_err_set(e, FG_ERUNTIME, "%s: an entry has no name; archive refused", w->asset);
		if (check_entry(w, ent, path, e) != 0 || consider(w, ent, path, e) != 0)
			return e->code;
	}
	if (r != ARCHIVE_EOF)
		return fg_err_set(e, FG_ERUNTIME, "%s: not a readable %s archive: %s", w->asset, kind_name,
		    archive_error_string(w->ar) ? archive_error_string(w->ar) : "unknown error");
	return 0;
}

int
extract_binary(const char *path, const char *asset, enum asset_kind kind,
    struct extract_out *o, struct fg_err *e)
{
	struct walk w = { archive_read_new(), asset, o, RANK_NONE, 0, 0 };
	const char *kind_name = kind == ASSET_ZIP ? "zip" : "tar.gz";
	int rc;

	o->entry[0] = '\0';
	o->bytes = 0;
	if (w.ar == NULL)
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", asset);
	if (kind == ASSET_ZIP) {
		archive_read_support_format_zip_seekable(w.ar);
	} else {
		archive_read_support_filter_gzip(w.ar);
		archive_read_support_format_tar(w.ar);
	}
	if (archive_read_open_filename(w.ar, path, COPY_BLOCK) != ARCHIVE_OK)
		rc = fg_err_set(e, FG_ERUNTIME, "%s: not a readable %s archive: %s", asset, kind_name,
		    archive_error_string(w.ar) ? archive_error_string(w.ar) : "unknown error");
	else
		rc = walk(&w, kind_name, e);
	archive_read_free(w.ar);
	if (rc != 0)
		return rc;
	if (w.rank == RANK_NONE || (w.rank == RANK_EXECUTABLE && w.executables > 1))
		return fg_err_set(e, FG_ERUNTIME, "%s: no cli-proxy-api-plus, cli-proxy-api, CLIProxyAPIPlus or cliproxyapi in it, and %d executable files, not one",
		    asset, w.executables);
	return 0;
}
