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
#include "stream.h"

#define ENTRIES_MAX 100000
#define EXPANDED_MAX ((long long)4 << 30)
#define COPY_BLOCK (256 << 10)
#define ZERO_BLOCK (64 << 10)

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
	enum outfile_hash how;  /* where the binary is hashed */
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

/* Appends len bytes to the binary's temp file: data, or zeros when data is
 * NULL (a hole in a sparse entry). */
static int
append(struct walk *w, struct outfile *out, const void *data, long long len, const char *path,
    struct fg_err *e)
{
	static const char zeros[ZERO_BLOCK];
	struct extract_out *o = w->o;
	size_t n;

	if (o->bytes + len > o->max)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s: larger than the %lld bytes allowed",
		    w->asset, path, o->max);
	while (len > 0) {
		n = data != NULL || len < ZERO_BLOCK ? (size_t)len : ZERO_BLOCK;
		if (outfile_write(out, data != NULL ? data : zeros, n) != 0)
			return fg_err_set(e, FG_ERUNTIME, "%s: cannot write the binary's temp file: %s",
			    w->asset, strerror(out->err));
		o->bytes += (long long)n;
		len -= (long long)n;
	}
	return 0;
}

/* Copies the current entry's data into o->fd, replacing what it held: the
 * blocks as libarchive holds them, never copied into a buffer of ours. */
static int
copy_entry(struct walk *w, struct archive_entry *ent, const char *path, struct fg_err *e)
{
	struct extract_out *o = w->o;
	struct outfile out;
	const void *block;
	size_t size;
	la_int64_t offset;
	int r = ARCHIVE_OK, rc = 0;

	o->bytes = 0;
	if (ftruncate(o->fd, 0) != 0 || lseek(o->fd, 0, SEEK_SET) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: cannot start the binary's temp file: %s",
		    w->asset, strerror(errno));
	if (outfile_start(&out, o->fd, 1, w->how) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: SHA-256 unavailable", w->asset);
	while (rc == 0 && ((r = archive_read_data_block(w->ar, &block, &size, &offset)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN)) {
		if (interrupted())
			rc = fg_err_set(e, FG_ERUNTIME, "%s: interrupted", w->asset);
		else if (offset < o->bytes)
			rc = fg_err_set(e, FG_ERUNTIME, "%s: %s: its blocks overlap", w->asset, path);
		else if ((rc = append(w, &out, NULL, offset - o->bytes, path, e)) == 0)
			rc = append(w, &out, block, (long long)size, path, e);
	}
	if (rc == 0 && r != ARCHIVE_EOF)
		rc = fg_err_set(e, FG_ERUNTIME, "%s: %s: %s", w->asset, path, archive_error_string(w->ar));
	/* A sparse entry may end in a hole. */
	if (rc == 0 && archive_entry_size_is_set(ent) && archive_entry_size(ent) > o->bytes)
		rc = append(w, &out, NULL, archive_entry_size(ent) - o->bytes, path, e);
	if (rc != 0) {
		outfile_cancel(&out);
		return rc;
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
	return copy_entry(w, ent, path, e);
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

static struct archive *
new_reader(enum asset_kind kind)
{
	struct archive *ar = archive_read_new();

	if (ar == NULL)
		return NULL;
	if (kind == ASSET_ZIP) {
		archive_read_support_format_zip_seekable(ar);
	} else {
		archive_read_support_filter_gzip(ar);
		archive_read_support_format_tar(ar);
	}
	return ar;
}

/* Walks an archive opened (opened != ARCHIVE_OK: it could not be), then
 * frees it. */
static int
extract_from(struct archive *ar, int opened, const char *asset, enum asset_kind kind,
    enum outfile_hash how, struct extract_out *o, struct fg_err *e)
{
	struct walk w = { ar, asset, o, how, RANK_NONE, 0, 0 };
	const char *kind_name = kind == ASSET_ZIP ? "zip" : "tar.gz";
	int rc;

	if (opened != ARCHIVE_OK)
		rc = fg_err_set(e, FG_ERUNTIME, "%s: not a readable %s archive: %s", asset, kind_name,
		    archive_error_string(ar) ? archive_error_string(ar) : "unknown error");
	else
		rc = walk(&w, kind_name, e);
	archive_read_free(ar);
	if (rc != 0)
		return rc;
	if (w.rank == RANK_NONE || (w.rank == RANK_EXECUTABLE && w.executables > 1))
		return fg_err_set(e, FG_ERUNTIME, "%s: no cli-proxy-api-plus, cli-proxy-api, CLIProxyAPIPlus or cliproxyapi in it, and %d executable files, not one",
		    asset, w.executables);
	return 0;
}

int
extract_binary(const char *path, const char *asset, enum asset_kind kind,
    struct extract_out *o, struct fg_err *e)
{
	struct archive *ar = new_reader(kind);

	o->entry[0] = '\0';
	o->bytes = 0;
	if (ar == NULL)
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", asset);
	/* Nothing else runs meanwhile: the hash has a core of its own. */
	return extract_from(ar, archive_read_open_filename(ar, path, COPY_BLOCK), asset, kind,
	    HASH_BESIDE, o, e);
}

static la_ssize_t
read_stream(struct archive *ar, void *arg, const void **data)
{
	ssize_t n = stream_read(arg, data);

	if (n < 0)
		archive_set_error(ar, EIO, "the download stopped");
	return (la_ssize_t)n;
}

int
extract_binary_stream(struct stream *s, const char *asset, struct extract_out *o,
    struct fg_err *e)
{
	struct archive *ar = new_reader(ASSET_TARGZ);

	o->entry[0] = '\0';
	o->bytes = 0;
	if (ar == NULL)
		return fg_err_set(e, FG_ERUNTIME, "%s: out of memory", asset);
	/* The download and its hash run meanwhile: the binary is hashed here. */
	return extract_from(ar, archive_read_open(ar, s, NULL, read_stream, NULL), asset,
	    ASSET_TARGZ, HASH_INLINE, o, e);
}
