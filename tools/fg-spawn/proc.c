/* proc.c — reads /proc/PID/stat; a pid alone proves nothing, its start time does. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"

static ssize_t
read_small(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while ((n = read(fd, buf, size - 1)) < 0 && errno == EINTR)
		;
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* The name in parentheses may hold spaces and ')', so fields count from the last ')'. */
static int
parse_stat(char *buf, struct proc_stat *st)
{
	char *p = strrchr(buf, ')'), *end;
	unsigned long long v[20];
	int i;

	if (p == NULL || p[1] != ' ' || p[2] == '\0')
		return -1;
	st->state = p[2];
	p += 3;
	for (i = 0; i < 20; i++) {  /* fields 4..23 */
		errno = 0;
		v[i] = strtoull(p, &end, 10);
		if (end == p || errno != 0)
			return -1;
		p = end;
	}
	st->ppid = (pid_t)v[0];
	st->pgrp = (pid_t)v[1];
	st->sid = (pid_t)v[2];
	st->start = v[18];          /* field 22 */
	return 0;
}

int
proc_read_stat(pid_t pid, struct proc_stat *st)
{
	char path[64], buf[4096];

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_small(path, buf, sizeof buf) < 0)
		return -1;
	if (parse_stat(buf, st) != 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int
is_dead_state(char state)
{
	return state == 'Z' || state == 'X' || state == 'x';
}

int
proc_is_ours(pid_t pid, unsigned long long start)
{
	struct proc_stat st;

	if (pid < 2 || proc_read_stat(pid, &st) != 0)
		return 0;
	return !is_dead_state(st.state) && st.start == start;
}

int
proc_in_group(pid_t pid, pid_t pgid)
{
	struct proc_stat st;

	return proc_read_stat(pid, &st) == 0 && st.pgrp == pgid && !is_dead_state(st.state);
}

int
proc_group_each(pid_t pgid, int (*fn)(pid_t pid, void *arg), void *arg)
{
	struct dirent *d;
	DIR *dir;
	pid_t pid;
	int n = 0;

	if (kill(-pgid, 0) != 0 && errno == ESRCH)
		return 0;
	if ((dir = opendir("/proc")) == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		if (!proc_in_group((pid = (pid_t)atoi(d->d_name)), pgid))
			continue;
		n++;
		if (fn(pid, arg) != 0)
			break;
	}
	closedir(dir);
	return n;
}

static int
first_member(pid_t pid, void *arg)
{
	*(pid_t *)arg = pid;
	return 1;
}

/* kill(-pgid, 0) also counts zombies, which an init that does not reap keeps forever. */
pid_t
proc_group_member(pid_t pgid)
{
	pid_t found = 0;

	return proc_group_each(pgid, first_member, &found) < 0 ? -1 : found;
}

long long
proc_uptime_s(unsigned long long start)
{
	long hz = sysconf(_SC_CLK_TCK);
	struct timespec ts;
	long long now_ticks;

	if (hz <= 0 || clock_gettime(CLOCK_BOOTTIME, &ts) != 0)
		return -1;
	now_ticks = (long long)ts.tv_sec * hz + (long long)ts.tv_nsec / (1000000000LL / hz);
	if (now_ticks < (long long)start)
		return 0;
	return (now_ticks - (long long)start) / hz;
}

void
proc_comm(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	if ((n = read_small(path, buf, size)) <= 0) {
		snprintf(buf, size, "?");
		return;
	}
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
}
