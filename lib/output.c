/* output.c — no result reaches stdout or FILE half made: a writer that can
 * fail halfway is staged whole first; one that fails only when its stream
 * does (JSON, fg-resolve's own YAML writer) streams to stdout. */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "jsonwrite.h"
#include "output.h"

static int
stage_in_memory(fg_writer w, const void *arg, struct fg_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	int rc;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		return fg_err_set(e, FG_ERUNTIME, "<stdout>: %s", strerror(errno));
	rc = w(mem, arg, e);
	/* glibc's fclose says 0 even when its last realloc failed and buf is gone. */
	if ((fclose(mem) != 0 || buf == NULL) && rc == 0)
		rc = fg_err_set(e, FG_ERUNTIME, "<stdout>: out of memory");
	if (rc == 0 && (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0))
		rc = fg_err_set(e, FG_ERUNTIME, "<stdout>: %s", strerror(errno));
	free(buf);
	return rc;
}

/* The staged result, from the start of f, to stdout. */
static int
copy_to_stdout(FILE *f, struct fg_err *e)
{
	char buf[1 << 16];
	size_t n;

	if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
		return fg_err_set(e, FG_ERUNTIME, "<stdout>: staging: %s", strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return fg_err_set(e, FG_ERUNTIME, "<stdout>: %s", strerror(errno));
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "<stdout>: staging: %s", strerror(errno));
	if (fflush(stdout) != 0)
		return fg_err_set(e, FG_ERUNTIME, "<stdout>: %s", strerror(errno));
	return 0;
}

/* A writer that can fail halfway is staged whole before stdout sees a byte:
 * in an unnamed temp file (O_TMPFILE, mode 0600, gone with the process), so
 * a large result costs page cache rather than this process's memory; in
 * memory where no such file can be made. */
static int
to_stdout(fg_writer w, const void *arg, struct fg_err *e)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;
	int fd, rc;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) < 0)
		return stage_in_memory(w, arg, e);
	if ((f = fdopen(fd, "w+")) == NULL) {
		close(fd);
		return stage_in_memory(w, arg, e);
	}
	rc = w(f, arg, e);
	if (rc == 0)
		rc = copy_to_stdout(f, e);
	fclose(f);
	return rc;
}

static int write_pretty(FILE *f, const void *root, struct fg_err *e);
static int write_compact(FILE *f, const void *root, struct fg_err *e);

static int
stream_stdout(fg_writer w, const void *arg, struct fg_err *e)
{
	int rc = w(stdout, arg, e);

	if (rc == 0 && fflush(stdout) != 0)
		rc = fg_err_set(e, FG_ERUNTIME, "<stdout>: %s", strerror(errno));
	return rc;
}

static int
to_file(const struct fg_out *o, fg_writer w, const void *arg, struct fg_err *e)
{
	struct fg_atomic a;
	int rc;

	if ((rc = fg_atomic_open(&a, o->path, e)) != 0)
		return rc;
	if ((rc = w(a.f, arg, e)) != 0) {
		fg_atomic_abort(&a);
		return rc;
	}
	return fg_atomic_commit(&a, o->mode, e);
}

static int
is_stdout(const struct fg_out *o)
{
	return o->path == NULL || strcmp(o->path, "-") == 0;
}

int
fg_output_streamed(const struct fg_out *o, fg_writer w, const void *arg, struct fg_err *e)
{
	return is_stdout(o) ? stream_stdout(w, arg, e) : to_file(o, w, arg, e);
}

/* JSON writing cannot fail halfway (its buffer is fixed) except on stdout
 * itself, so it streams; other writers are staged first. */
int
fg_output(const struct fg_out *o, fg_writer w, const void *arg, struct fg_err *e)
{
	if (w == write_pretty || w == write_compact)
		return fg_output_streamed(o, w, arg, e);
	return is_stdout(o) ? to_stdout(w, arg, e) : to_file(o, w, arg, e);
}

static int
write_pretty(FILE *f, const void *root, struct fg_err *e)
{
	if (fg_json_write(f, root, 1) != 0)
		return fg_err_set(e, FG_ERUNTIME, "output: %s", strerror(errno ? errno : ENOMEM));
	return 0;
}

static int
write_compact(FILE *f, const void *root, struct fg_err *e)
{
	if (fg_json_write(f, root, 0) != 0)
		return fg_err_set(e, FG_ERUNTIME, "output: %s", strerror(errno ? errno : ENOMEM));
	return 0;
}

fg_writer
fg_json_writer(const struct fg_out *o)
{
	return o->compact ? write_compact : write_pretty;
}

int
fg_parse_mode(const char *s, mode_t *mode)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '7')
		return -1;
	errno = 0;
	v = strtol(s, &end, 8);
	if (errno != 0 || *end != '\0' || v < 0 || v > 07777)
		return -1;
	*mode = (mode_t)v;
	return 0;
}

int
fg_out_option(struct fg_out *o, int opt, const char *arg, const char *prog)
{
	switch (opt) {
	case 'c':
		o->compact = 1;
		return 1;
	case 'o':
		o->path = arg;
		return 1;
	case 'm':
		if (fg_parse_mode(arg, &o->mode) == 0)
			return 1;
		fg_usage_error(prog, NULL, "--mode: '%s' is not an octal mode", arg);
		return -1;
	default:
		return 0;
	}
}
