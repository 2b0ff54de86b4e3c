/* subcmd.c — dispatch by the table, so every subcommand gets --help and the
 * lists in messages cannot fall behind the commands that exist. */
#include <string.h>

#include "err.h"
#include "subcmd.h"

/* "start|stop|status" or "start, stop, status". */
static void
print_names(FILE *f, const struct fg_subcmd *c, const char *sep)
{
	for (; c->name != NULL; c++)
		fprintf(f, "%s%s", c->name, c[1].name != NULL ? sep : "");
}

/* "start, stop, status", for a message. */
static void
names_list(const struct fg_subcmd *c, char *buf, size_t size)
{
	size_t used = 0;
	int n;

	buf[0] = '\0';
	for (; c->name != NULL && used < size; c++) {
		n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", c->name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static void
full_help(const struct fg_tool *t)
{
	const struct fg_subcmd *c;

	printf("%s — %s\n", t->prog, t->about);
	for (c = t->cmds; c->name != NULL; c++) {
		putchar('\n');
		c->usage(stdout);
	}
}

static const struct fg_subcmd *
find(const struct fg_subcmd *c, const char *name)
{
	for (; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int
fg_subcmd_main(const struct fg_tool *t, int argc, char **argv)
{
	const struct fg_subcmd *c;
	char names[256];
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ", t->prog);
		print_names(stderr, t->cmds, "|");
		fprintf(stderr, " ... (see %s --help)\n", t->prog);
		return FG_EUSAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		full_help(t);
		return FG_OK;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", t->prog, FG_VERSION);
		return FG_OK;
	}
	if (argv[1][0] == '-')
		return fg_usage_error(t->prog, NULL, "unknown option %s (see %s --help)", argv[1],
		    t->prog);
	if ((c = find(t->cmds, argv[1])) == NULL) {
		names_list(t->cmds, names, sizeof names);
		return fg_usage_error(t->prog, NULL, "unknown command '%s' (%s)", argv[1], names);
	}
	rc = c->run(argc - 1, argv + 1);
	if (rc == FG_SHOW_HELP)
		c->usage(stdout);
	else if (rc == FG_SHOW_VERSION)
		printf("%s %s\n", t->prog, FG_VERSION);
	return rc < 0 ? FG_OK : rc;
}
