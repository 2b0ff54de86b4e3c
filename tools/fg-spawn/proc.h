/* proc.h — what /proc says about a process: start time, liveness, group, name. */
#ifndef FG_SPAWN_PROC_H
#define FG_SPAWN_PROC_H

#include <stddef.h>
#include <sys/types.h>

struct proc_stat {
	char state;                 /* R, S, D, Z, ... */
	pid_t ppid, pgrp, sid;
	unsigned long long start;   /* field 22: clock ticks after boot */
};

/* Returns 0, or -1 with errno (ENOENT: no such process). */
int proc_read_stat(pid_t pid, struct proc_stat *st);
/* True when pid runs (a zombie does not) and started at start: provably ours. */
int proc_is_ours(pid_t pid, unsigned long long start);
/* A live (not zombie) member of process group pgid; 0 when none is left,
 * -1 when /proc cannot be read to tell. */
pid_t proc_group_member(pid_t pgid);
/* Calls fn for each live (not zombie) member of process group pgid, until
 * fn returns non-zero; returns how many it was called for, or -1 (errno)
 * when /proc cannot be read. */
int proc_group_each(pid_t pgid, int (*fn)(pid_t pid, void *arg), void *arg);
/* True when pid is alive (not a zombie) and in process group pgid. */
int proc_in_group(pid_t pid, pid_t pgid);
/* Seconds since the process started, or -1. */
long long proc_uptime_s(unsigned long long start);
/* The kernel's short name of pid ("?" when unknown). */
void proc_comm(pid_t pid, char *buf, size_t size);

#endif
