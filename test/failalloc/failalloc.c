/* failalloc.c — an LD_PRELOAD shim for the tests: makes one chosen allocation
 * fail, so a test can walk a tool through every out-of-memory path and check
 * that each one is reported (one line, nothing on stdout) and none is silent.
 *
 *   FG_FAILALLOC_AT=N      the Nth call of malloc, calloc or realloc made while
 *                          main runs (from 1) returns NULL with errno ENOMEM
 *   FG_FAILALLOC_COUNT=F   when main returns, writes to F how many calls it made
 *   FG_FAILALLOC_PROG=NAME only a program of that name (argv[0]'s last part)
 *                          counts; a wrapper between the test and the tool
 *                          (a script's shell, valgrind's launcher) runs as is
 *
 * Only main's calls count: libraries' constructors and exit handlers are not
 * the tool's code, and would count differently from one machine to the next.
 * For the same reason, while a dlopen made by main runs, only the dynamic
 * loader's own allocations count (its failures are the tool's to report),
 * not those of the constructors of the libraries it loads.
 *
 * Allocations are passed on to the next allocator (libc's, or the sanitizer's);
 * free() too, but for what the shim served itself while it looked that up. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static unsigned long calls, fail_at;
static int in_main;

/* dlsym may allocate before next_calloc is known: serve it from here. */
static char boot[4096] __attribute__((aligned(16)));
static size_t boot_used;

static void *
boot_alloc(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (n > sizeof boot - boot_used)
		return NULL;
	p = boot + boot_used;
	boot_used += n;
	return p;
}

static void
report_count(const char *file)
{
	char buf[32];
	int fd, len;

	if (file == NULL || (fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return;
	len = snprintf(buf, sizeof buf, "%lu\n", calls);
	if (write(fd, buf, (size_t)len) < 0)
		len = 0;
	close(fd);
}

typedef int (*main_fn)(int, char **, char **);
static main_fn tool_main;

/* True when this process is the tool under test. */
static int
is_target(const char *argv0)
{
	const char *want = getenv("FG_FAILALLOC_PROG"), *slash;

	if (want == NULL)
		return 1;
	if (argv0 == NULL)
		return 0;
	slash = strrchr(argv0, '/');
	return strcmp(slash != NULL ? slash + 1 : argv0, want) == 0;
}

static int
counted_main(int argc, char **argv, char **envp)
{
	const char *at = getenv("FG_FAILALLOC_AT");
	int rc;

	if (!is_target(argv[0]))
		return tool_main(argc, argv, envp);
	fail_at = at != NULL ? strtoul(at, NULL, 10) : 0;
	in_main = 1;
	rc = tool_main(argc, argv, envp);
	in_main = 0;
	report_count(getenv("FG_FAILALLOC_COUNT"));
	return rc;
}

/* Runs main through counted_main. */
int
__libc_start_main(main_fn main, int argc, char **argv, void (*init)(void),
    void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
{
	int (*next)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
	    void *);

	next = (int (*)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
	    void *))dlsym(RTLD_NEXT, "__libc_start_main");
	tool_main = main;
	return next(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}

static void (*next_free)(void *);
static int resolving;

/* Looks the next allocator up on first use: other libraries allocate in
 * their constructors, before any constructor of ours would have run. */
static int
resolve(void)
{
	if (next_free != NULL)
		return 1;
	if (resolving)
		return 0;
	resolving = 1;
	next_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	next_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	next_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	next_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	resolving = 0;
	return 1;
}

static int in_dlopen;

/* Outside dlopen every call counts; inside, only the loader's (ld.so, at AT_BASE). */
static int
counted(void *caller)
{
	Dl_info info;

	if (!in_dlopen)
		return 1;
	return dladdr(caller, &info) != 0 && info.dli_fbase == (void *)getauxval(AT_BASE);
}

/* True when this call, made from caller, is the one that fails. */
static int
fails(void *caller)
{
	if (!in_main || !counted(caller) || ++calls != fail_at)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *
malloc(size_t n)
{
	if (!resolve())
		return boot_alloc(n);
	return fails(__builtin_return_address(0)) ? NULL : next_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	if (!resolve())
		return boot_alloc(n * size);
	return fails(__builtin_return_address(0)) ? NULL : next_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
	if (!resolve())
		return NULL;
	return fails(__builtin_return_address(0)) ? NULL : next_realloc(p, n);
}

void
free(void *p)
{
	if ((char *)p >= boot && (char *)p < boot + sizeof boot)
		return;
	if (resolve())
		next_free(p);
}

/* Marks the time the loader works for main: see counted. */
void *
dlopen(const char *file, int mode)
{
	static void *(*next_dlopen)(const char *, int);
	void *h;

	if (next_dlopen == NULL)
		next_dlopen = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
	in_dlopen++;
	h = next_dlopen(file, mode);
	in_dlopen--;
	return h;
}
