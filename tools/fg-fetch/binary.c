/* binary.c — the few header bytes that tell a binary's format and machine:
 * ELF's e_ident and e_machine, Mach-O's magic and cputype (a universal
 * binary's list of them). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "binary.h"

#define HEAD 4096
#define EM_X86_64_ 62
#define EM_AARCH64_ 183
#define CPU_X86_64 0x01000007u
#define CPU_ARM64 0x0100000cu

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static const char *
elf_machine_name(unsigned m)
{
	switch (m) {
	case EM_X86_64_: return "x86_64";
	case EM_AARCH64_: return "aarch64";
	case 3: return "i386";
	case 40: return "arm";
	case 8: return "mips";
	case 21: return "ppc64";
	case 22: return "s390";
	case 243: return "riscv";
	default: return "another machine";
	}
}

/* What the head looks like when it is not a binary we take. */
static const char *
kind_of_other(const unsigned char *h, size_t n)
{
	size_t i;

	if (n >= 2 && h[0] == '#' && h[1] == '!')
		return "a script";
	if (n >= 2 && h[0] == 'M' && h[1] == 'Z')
		return "a Windows executable";
	for (i = 0; i < n; i++)
		if (h[i] == 0 || (h[i] < 0x20 && h[i] != '\n' && h[i] != '\r' && h[i] != '\t'))
			return "not an executable";
	return "a text file";
}

static int
check_elf(const unsigned char *h, size_t n, const struct platform *p, const char *what,
    struct fg_err *e)
{
	unsigned want = strcmp(p->arch, "arm64") == 0 ? EM_AARCH64_ : EM_X86_64_, machine, type;

	if (n < 20)
		return fg_err_set(e, FG_ERUNTIME, "%s: a truncated ELF header", what);
	if (h[4] != 2)
		return fg_err_set(e, FG_ERUNTIME, "%s: a 32-bit ELF, not a 64-bit one for %s/%s", what,
		    p->os, p->arch);
	if (h[5] != 1)
		return fg_err_set(e, FG_ERUNTIME, "%s: a big-endian ELF, not one for %s/%s", what, p->os,
		    p->arch);
	type = (unsigned)h[16] | (unsigned)h[17] << 8;
	machine = (unsigned)h[18] | (unsigned)h[19] << 8;
	if (machine != want)
		return fg_err_set(e, FG_ERUNTIME, "%s: an ELF for %s (e_machine %u), not for %s/%s", what,
		    elf_machine_name(machine), machine, p->os, p->arch);
	if (type != 2 && type != 3)
		return fg_err_set(e, FG_ERUNTIME, "%s: an ELF that is not an executable (e_type %u)", what,
		    type);
	return 0;
}

/* A universal binary: big-endian count, then 20-byte entries with a cputype each. */
static int
fat_has(const unsigned char *h, size_t n, uint32_t cpu)
{
	uint32_t count = be32(h + 4), i;

	for (i = 0; i < count && 8 + (i + 1) * 20 <= n; i++)
		if (be32(h + 8 + i * 20) == cpu)
			return 1;
	return 0;
}

static int
check_macho(const unsigned char *h, size_t n, const struct platform *p, const char *what,
    struct fg_err *e)
{
	uint32_t want = strcmp(p->arch, "arm64") == 0 ? CPU_ARM64 : CPU_X86_64;

	if (n < 8)
		return fg_err_set(e, FG_ERUNTIME, "%s: a truncated Mach-O header", what);
	if (be32(h) == 0xcafebabeu) {
		if (!fat_has(h, n, want))
			return fg_err_set(e, FG_ERUNTIME, "%s: a universal Mach-O without %s", what, p->arch);
		return 0;
	}
	if (le32(h) != 0xfeedfacfu)
		return fg_err_set(e, FG_ERUNTIME, "%s: not a 64-bit little-endian Mach-O", what);
	if (le32(h + 4) != want)
		return fg_err_set(e, FG_ERUNTIME, "%s: a Mach-O for another CPU (cputype 0x%x), not for %s/%s",
		    what, (unsigned)le32(h + 4), p->os, p->arch);
	return 0;
}

static int
is_elf(const unsigned char *h, size_t n)
{
	return n >= 4 && memcmp(h, "\177ELF", 4) == 0;
}

static int
is_macho(const unsigned char *h, size_t n)
{
	return n >= 4 && (le32(h) == 0xfeedfacfu || le32(h) == 0xfeedfaceu || be32(h) == 0xcafebabeu);
}

int
binary_check(int fd, long long size, long long min, const struct platform *p,
    const char *what, struct fg_err *e)
{
	unsigned char h[HEAD];
	int linux_os = strcmp(p->os, "linux") == 0;
	ssize_t n;

	while ((n = pread(fd, h, sizeof h, 0)) < 0 && errno == EINTR)
		;
	if (n < 0)
		return fg_err_set(e, FG_ERUNTIME, "%s: %s", what, strerror(errno));
	if (linux_os && is_elf(h, (size_t)n)) {
		if (check_elf(h, (size_t)n, p, what, e) != 0)
			return e->code;
	} else if (!linux_os && is_macho(h, (size_t)n)) {
		if (check_macho(h, (size_t)n, p, what, e) != 0)
			return e->code;
	} else if (is_elf(h, (size_t)n) || is_macho(h, (size_t)n)) {
		return fg_err_set(e, FG_ERUNTIME, "%s: a%s binary, not one for %s/%s", what,
		    is_elf(h, (size_t)n) ? "n ELF (Linux)" : " Mach-O (macOS)", p->os, p->arch);
	} else {
		return fg_err_set(e, FG_ERUNTIME, "%s: %s, not a binary for %s/%s", what,
		    kind_of_other(h, (size_t)n), p->os, p->arch);
	}
	if (size < min)
		return fg_err_set(e, FG_ERUNTIME, "%s: %lld bytes, too small for the CLIProxyAPIPlus binary (at least %lld)",
		    what, size, min);
	return 0;
}
