/* fetch.c — in the order it happens: lock DIR, ask the API, choose the
 * asset, stop if the manifest says it is installed, find its checksum,
 * download it hashing as it goes (a tar.gz is unpacked meanwhile, its
 * binary written into a temp file; a zip is stored in one and unpacked
 * after), check the checksum, check the binary runs here, rename it over
 * DIR/FILE, write the manifest. Until that rename the old binary stands;
 * on any error the temp files go. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "binary.h"
#include "checksums.h"
#include "extract.h"
#include "fetch.h"
#include "transfer.h"
#include "manifest.h"
#include "outfile.h"
#include "pick.h"
#include "release.h"
#include "unpack.h"

#define ASSET_MAX ((long long)512 << 20)
/* What a download may exceed the size the release declares by. */
#define SIZE_SLACK ((long long)1 << 20)

struct job {
	const struct fetch_opts *o;
	char bin[4096], manifest[4200];
	struct release rel;
	const struct asset *asset;
	enum asset_kind kind;
	char want_sha[SHA256_HEX_LEN + 1];      /* "" when the release has none */
	struct fg_atomic dl, out;               /* the download, the binary */
	int dl_open, out_open;
	char asset_sha[SHA256_HEX_LEN + 1];
	long long asset_bytes;
	struct outfile sink;                    /* the download's temp file */
	struct sha256 asset_hash;               /* a streamed download's */
	struct unpack unpacker;                 /* a tar.gz's, as it downloads */
	struct extract_out x;                   /* the binary taken out */
};

/* One fg-fetch at a time per folder: the lock goes with the process. */
static int
lock_dest(const char *dir, struct fg_err *e)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return fg_err_set(e, errno == ENOENT || errno == ENOTDIR ? FG_EUSAGE : FG_ERUNTIME,
		    "%s: %s", dir, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return fg_err_set(e, FG_ERUNTIME, "%s: another fg-fetch is installing into it", dir);
	}
	return 0;
}

/* Opening a temp file beside each target removes what a killed run left
 * there, and shows at once that DIR is writable. */
static int
sweep_and_probe(const char *path, struct fg_err *e)
{
	struct fg_atomic a;

	if (fg_atomic_open(&a, path, e) != 0)
		return e->code;
	fg_atomic_abort(&a);
	return 0;
}

static int
prepare(struct job *j, struct fetch_result *r, struct fg_err *e)
{
	const struct fetch_opts *o = j->o;
	char real[PATH_MAX];
	struct stat st;

	if (lock_dest(o->dest, e) != 0)
		return e->code;
	if (realpath(o->dest, real) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", o->dest, strerror(errno));
	if ((size_t)snprintf(j->bin, sizeof j->bin, "%s/%s", real, o->name) >= sizeof j->bin)
		return fg_err_set(e, FG_EUSAGE, "%s/%s: path too long", real, o->name);
	snprintf(j->manifest, sizeof j->manifest, "%s.release.json", j->bin);
	snprintf(r->path, sizeof r->path, "%s", j->bin);
	if (lstat(j->bin, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
		return fg_err_set(e, FG_EUSAGE, "%s: exists and is not a regular file", j->bin);
	if (sweep_and_probe(j->bin, e) != 0 || sweep_and_probe(j->manifest, e) != 0)
		return e->code;
	return 0;
}

static int
choose_asset(struct job *j, struct fg_err *e)
{
	const struct fetch_opts *o = j->o;

	if (release_fetch(o->api, o->repo, o->version, o->token != NULL, &j->rel, e) != 0)
		return e->code;
	if ((j->asset = release_asset_for(&j->rel, o->repo, &o->plat, &j->kind, e)) == NULL)
		return e->code;
	return 0;
}

static int
already_installed(struct job *j, struct fetch_result *r)
{
	struct manifest m = { j->o->repo, j->rel.tag, j->asset->name, "", "", 0, 0, "" };

	if (j->o->force || !manifest_current(j->manifest, j->bin, &m))
		return 0;
	r->result = "already-installed";
	memcpy(r->sha256, m.sha256, sizeof r->sha256);
	r->bytes = m.bytes;
	r->verified = m.verified;
	return 1;
}

static int
find_checksum(struct job *j, struct fg_err *e)
{
	const struct asset *sums;
	int per_asset;

	j->want_sha[0] = '\0';
	sums = pick_checksums(j->rel.assets, j->rel.n, j->asset->name, &per_asset);
	if (sums != NULL && checksum_lookup(sums, per_asset, j->asset->name, j->want_sha, e) != 0)
		return e->code;
	if (j->want_sha[0] != '\0' || !j->o->require_sha256)
		return 0;
	if (sums == NULL)
		return fg_err_set(e, FG_ERUNTIME, "%s %s: no checksums.txt in the release, and --require-sha256",
		    j->o->repo, j->rel.tag);
	return fg_err_set(e, FG_ERUNTIME, "%s: no line for %s, and --require-sha256", sums->name,
	    j->asset->name);
}

static int
to_unpacker(void *arg, const char *data, size_t len)
{
	struct job *j = arg;

	if (sha256_update(&j->asset_hash, data, len) != 0)
		return -1;
	unpack_feed(&j->unpacker, data, len);
	return 0;
}

static int
to_temp(void *arg, const char *data, size_t len)
{
	struct job *j = arg;

	return outfile_write(&j->sink, data, len);
}

static long long
download_cap(const struct asset *a)
{
	if (a->size >= 0 && a->size + SIZE_SLACK < ASSET_MAX)
		return a->size + SIZE_SLACK;
	return ASSET_MAX;
}

static int
check_size(struct job *j, long long got, struct fg_err *e)
{
	j->asset_bytes = got;
	if (j->asset->size >= 0 && got != j->asset->size)
		return fg_err_set(e, FG_ERUNTIME, "%s: %lld bytes downloaded, the release says %lld",
		    j->asset->name, got, j->asset->size);
	return 0;
}

/* A tar.gz: hashed in the download's callback and unpacked beside it into
 * the binary's temp file; the archive itself is never stored. */
static int
download_unpacking(struct job *j, struct http_download *d, struct fg_err *e)
{
	const char *name = j->asset->name;
	int ok;

	if (fg_atomic_open(&j->out, j->bin, e) != 0)
		return e->code;
	j->out_open = 1;
	j->x.fd = fileno(j->out.f);
	j->x.max = ASSET_MAX;
	if (sha256_init(&j->asset_hash) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: SHA-256 unavailable", name);
	if (unpack_start(&j->unpacker, name, &j->x) != 0) {
		sha256_free(&j->asset_hash);
		return fg_err_set(e, FG_ERUNTIME, "%s: cannot start unpacking", name);
	}
	d->sink = to_unpacker;
	ok = http_stream(d) == 0;
	/* Its result waits in j->unpacker: the checksum is told first. */
	(void)unpack_finish(&j->unpacker, ok);
	if (!ok) {
		sha256_free(&j->asset_hash);
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", name, d->error);
	}
	if (sha256_final(&j->asset_hash, j->asset_sha) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: SHA-256 failed", name);
	return check_size(j, d->got, e);
}

/* A zip (its index is at its end) or a bare binary: into a temp file,
 * hashed beside the writing. */
static int
download_to_temp(struct job *j, struct http_download *d, struct fg_err *e)
{
	const char *name = j->asset->name;

	if (fg_atomic_open(&j->dl, j->bin, e) != 0)
		return e->code;
	j->dl_open = 1;
	/* A bare asset's temp file is the binary to install: written back as it
	 * comes. An archive's is scratch. */
	if (outfile_start(&j->sink, fileno(j->dl.f), j->kind == ASSET_BARE, HASH_BESIDE) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: SHA-256 unavailable", name);
	if (http_stream(d) != 0) {
		outfile_cancel(&j->sink);
		if (j->sink.err != 0)
			return fg_err_set(e, FG_ERUNTIME, "%s: %s", j->dl.tmp, strerror(j->sink.err));
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", name, d->error);
	}
	if (outfile_finish(&j->sink, j->asset_sha) != 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: cannot read the download back to hash it",
		    j->dl.tmp);
	return check_size(j, d->got, e);
}

static int
download(struct job *j, struct fg_err *e)
{
	struct http_download d = { j->asset->url, j->asset->name, download_cap(j->asset), to_temp, j,
		j->o->progress, 0, 0, "" };

	if (j->asset->size > ASSET_MAX)
		return fg_err_set(e, FG_ERUNTIME, "%s: %lld bytes, more than the %lld allowed",
		    j->asset->name, j->asset->size, ASSET_MAX);
	if (j->kind == ASSET_TARGZ)
		return download_unpacking(j, &d, e);
	return download_to_temp(j, &d, e);
}

static int
verify(struct job *j, struct fg_err *e)
{
	if (j->want_sha[0] == '\0' || strcmp(j->want_sha, j->asset_sha) == 0)
		return 0;
	return fg_err_set(e, FG_ERUNTIME, "%s: SHA-256 is %s, the release's checksum says %s; nothing installed",
	    j->asset->name, j->asset_sha, j->want_sha);
}

/* The binary's temp file: the download itself for a bare asset, the entry
 * a tar.gz's unpacking took while it downloaded, or the entry copied out of
 * the stored zip. */
static int
unpack(struct job *j, struct fetch_result *r, struct fg_err *e)
{
	if (j->kind == ASSET_BARE) {
		j->out = j->dl;
		j->out_open = 1;
		j->dl_open = 0;
		memcpy(r->sha256, j->asset_sha, sizeof r->sha256);
		r->bytes = j->asset_bytes;
		return 0;
	}
	if (j->kind == ASSET_TARGZ && j->unpacker.rc != 0) {
		*e = j->unpacker.err;
		return e->code;
	}
	if (j->kind == ASSET_ZIP) {
		if (fg_atomic_open(&j->out, j->bin, e) != 0)
			return e->code;
		j->out_open = 1;
		j->x.fd = fileno(j->out.f);
		j->x.max = ASSET_MAX;
		if (extract_binary(j->dl.tmp, j->asset->name, j->kind, &j->x, e) != 0)
			return e->code;
		fg_atomic_abort(&j->dl);
		j->dl_open = 0;
	}
	memcpy(r->sha256, j->x.sha256, sizeof r->sha256);
	r->bytes = j->x.bytes;
	return 0;
}

static int
install(struct job *j, struct fetch_result *r, struct fg_err *e)
{
	struct manifest m = { j->o->repo, j->rel.tag, j->asset->name, "", "", 0, r->bytes, "" };
	char what[1100];
	struct stat st;
	int kept;

	snprintf(what, sizeof what, "%s: the binary", j->asset->name);
	if (binary_check(fileno(j->out.f), r->bytes, j->o->min_bytes, &j->o->plat, what, e) != 0)
		return e->code;
	j->out_open = 0;
	/* The inode is fingerprinted after its rename, which sets its ctime. */
	kept = fcntl(fileno(j->out.f), F_DUPFD_CLOEXEC, 0);
	if (fg_atomic_commit(&j->out, 0755, e) != 0) {
		if (kept >= 0)
			close(kept);
		return e->code;
	}
	if (kept >= 0 && fstat(kept, &st) == 0)
		manifest_fingerprint(&st, m.fingerprint);
	if (kept >= 0)
		close(kept);
	memcpy(m.sha256, r->sha256, sizeof m.sha256);
	memcpy(m.asset_sha256, j->asset_sha, sizeof m.asset_sha256);
	m.verified = r->verified;
	return manifest_write(j->manifest, &m, e);
}

static void
finish(struct job *j)
{
	if (j->dl_open)
		fg_atomic_abort(&j->dl);
	if (j->out_open)
		fg_atomic_abort(&j->out);
	release_free(&j->rel);
}

int
fetch_run(const struct fetch_opts *o, struct fetch_result *r, struct fg_err *e)
{
	struct job j;
	int rc;

	memset(&j, 0, sizeof j);
	memset(r, 0, sizeof *r);
	j.o = o;
	r->result = "installed";
	if ((rc = prepare(&j, r, e)) != 0 || (rc = http_init(o->api, o->token, e)) != 0 ||
	    (rc = choose_asset(&j, e)) != 0)
		goto out;
	snprintf(r->tag, sizeof r->tag, "%s", j.rel.tag);
	snprintf(r->asset, sizeof r->asset, "%s", j.asset->name);
	if (already_installed(&j, r))
		goto out;
	if ((rc = find_checksum(&j, e)) != 0 || (rc = download(&j, e)) != 0 ||
	    (rc = verify(&j, e)) != 0)
		goto out;
	r->verified = j.want_sha[0] != '\0';
	if ((rc = unpack(&j, r, e)) != 0 || (rc = install(&j, r, e)) != 0)
		goto out;
out:
	finish(&j);
	return rc;
}
