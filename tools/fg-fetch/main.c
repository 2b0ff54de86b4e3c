/* fg-fetch — download the CLIProxyAPIPlus release asset for this machine,
 * verify it, take the binary out and install it with a manifest. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "arena.h"
#include "check.h"
#include "err.h"
#include "ghrelease.h"
#include "fetch.h"
#include "interrupt.h"
#include "output.h"
#include "resolve.h"
#include "shquote.h"

#define API_DEFAULT "https://api.github.com"
#define MIN_BYTES_MAX ((long long)512 << 20)

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: fg-fetch --repo OWNER/NAME [--version TAG|latest] --dest DIR --name FILE\n"
	    "                [--require-sha256] [--force] [-c | --sh]\n"
	    "       fg-fetch --check --dest DIR --name FILE [-c | --sh]\n"
	    "       fg-fetch --resolve --repo OWNER/NAME [--version TAG|latest] [-c | --sh]\n"
	    "Downloads the release asset of OWNER/NAME built for this machine, checks it\n"
	    "against the release's checksums.txt, takes the binary out of its archive and\n"
	    "installs it as DIR/FILE (mode 0755) with DIR/FILE.release.json beside it;\n"
	    "prints one JSON result. When the manifest shows the release installed and\n"
	    "the binary unchanged, nothing is downloaded (result already-installed).\n"
	    "  -r, --repo OWNER/NAME  the GitHub repository (the original was taken down;\n"
	    "                         forks and router-for-me/CLIProxyAPI publish the same assets)\n"
	    "      --version TAG      the release tag, or latest (the default); --tag TAG too\n"
	    "  -d, --dest DIR         the folder to install into (it must exist)\n"
	    "  -n, --name FILE        the binary's file name in DIR\n"
	    "      --require-sha256   refuse an asset the release publishes no checksum for\n"
	    "  -f, --force            download and install even when already installed\n"
	    "  -c, --compact          one-line JSON\n"
	    "      --check            no download: whether DIR/FILE is still the binary its\n"
	    "                         manifest records; prints {result, path, repo, version,\n"
	    "                         asset, sha256, installed_at} (absent ones null), result\n"
	    "                         ok, changed, missing (no DIR/FILE), no_manifest or\n"
	    "                         invalid_manifest; exit 0 for ok, 1 for the others. A\n"
	    "                         binary whose inode, size, mtime and ctime are the ones\n"
	    "                         the manifest recorded is not read again\n"
	    "      --resolve          no download: ask the API which release TAG (latest:\n"
	    "                         the newest) is and which asset this machine would\n"
	    "                         take; prints {result: found, repo, version, asset,\n"
	    "                         bytes}. Its errors are a fetch's\n"
	    "      --sh               the result as sh assignments, fg_release_FIELD for each\n"
	    "                         field (fg_release_result, fg_release_version, ...; true\n"
	    "                         and false as yes and no, null as ''); wins over -c\n"
	    "  -h, --help             this text\n"
	    "  -V, --version          the version (--version alone)\n"
	    "Environment: FLOWGATE_GITHUB_API (default " API_DEFAULT "); GITHUB_TOKEN, sent\n"
	    "as a Bearer token to the API's host only; FG_FETCH_OS (linux|darwin) and\n"
	    "FG_FETCH_ARCH (amd64|arm64) instead of uname; FG_FETCH_MIN_BYTES, the least\n"
	    "size of a binary (default 1048576); FG_ATOMIC_DELAY_MS=N, a test hook, waits\n"
	    "N ms before each rename.\n"
	    "Exit: 0 ok; 1 network, HTTP, checksum, archive or binary failure (or, with\n"
	    "--check, a result other than ok); 2 usage.\n");
}

static int
valid_file_name(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 200 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f || s[i] == '/')
			return 0;
	return 1;
}

/* What main does: fetch (the default) or --check, and how it prints. */
struct mode {
	int check, resolve, sh;
	int version_given;
};

static int
env_settings(struct fetch_opts *o)
{
	const char *api = getenv("FLOWGATE_GITHUB_API"), *tok = getenv("GITHUB_TOKEN");
	const char *min = getenv("FG_FETCH_MIN_BYTES");
	static char api_buf[1024];
	size_t n, i;
	char *end;

	if (api == NULL || *api == '\0')
		api = API_DEFAULT;
	if ((strncmp(api, "http://", 7) != 0 && strncmp(api, "https://", 8) != 0) ||
	    strlen(api) >= sizeof api_buf || strpbrk(api, " \t\r\n?#") != NULL)
		return fg_usage_error(PROG, NULL, "FLOWGATE_GITHUB_API: '%s' is not an http(s) URL", api);
	snprintf(api_buf, sizeof api_buf, "%s", api);
	for (n = strlen(api_buf); n > 0 && api_buf[n - 1] == '/'; n--)
		api_buf[n - 1] = '\0';
	o->api = api_buf;
	o->token = tok != NULL && *tok != '\0' ? tok : NULL;
	for (i = 0; o->token != NULL && o->token[i]; i++)
		if ((unsigned char)o->token[i] <= ' ' || (unsigned char)o->token[i] >= 0x7f)
			return fg_usage_error(PROG, NULL, "GITHUB_TOKEN: holds a character no token has (a space, a control byte or non-ASCII)");
	o->min_bytes = 1048576;
	if (min != NULL && *min != '\0') {
		o->min_bytes = strtoll(min, &end, 10);
		if (*min < '0' || *min > '9' || *end != '\0' || o->min_bytes > MIN_BYTES_MAX)
			return fg_usage_error(PROG, NULL, "FG_FETCH_MIN_BYTES: '%s' is not a whole number of bytes up to %lld",
			    min, MIN_BYTES_MAX);
	}
	return 0;
}

/* --check reads DIR/FILE and its manifest, nothing else. */
static int
check_mode_options(const struct fetch_opts *o, const struct mode *m)
{
	if (o->repo != NULL || m->version_given || o->force || o->require_sha256)
		return fg_usage_error(PROG, NULL, "--check takes only --dest, --name, -c and --sh (see fg-fetch --help)");
	if (o->dest == NULL || o->name == NULL)
		return fg_usage_error(PROG, NULL, "%s is required (see fg-fetch --help)",
		    o->dest == NULL ? "--dest" : "--name");
	return 0;
}

/* --resolve asks the API about OWNER/NAME, and writes nothing. */
static int
resolve_mode_options(const struct fetch_opts *o, const struct mode *m)
{
	if (m->check || o->dest != NULL || o->name != NULL || o->force || o->require_sha256)
		return fg_usage_error(PROG, NULL, "--resolve takes only --repo, --version, -c and --sh (see fg-fetch --help)");
	return 0;
}

/* The repository and tag, which go into the API's URLs. */
static int
release_options(const struct fetch_opts *o, const struct mode *m)
{
	if (o->repo == NULL && !m->check)
		return fg_usage_error(PROG, NULL, "--repo is required (see fg-fetch --help)");
	if (o->repo != NULL && !fg_valid_repo(o->repo))
		return fg_usage_error(PROG, NULL, "--repo: '%s' is not OWNER/NAME (letters, digits and '-'; '.' and '_' in NAME too)",
		    o->repo);
	if (!fg_valid_tag(o->version))
		return fg_usage_error(PROG, NULL, "--version: '%s' is not a release tag (no slashes, spaces, control characters, ?#%%\\, or leading '.')",
		    o->version);
	return 0;
}

static int
check_options(struct fetch_opts *o, const struct mode *m)
{
	if (m->resolve)
		return resolve_mode_options(o, m) != 0 ? FG_EUSAGE : release_options(o, m);
	if (m->check && check_mode_options(o, m) != 0)
		return FG_EUSAGE;
	if (o->repo == NULL && !m->check)
		return fg_usage_error(PROG, NULL, "--repo is required (see fg-fetch --help)");
	if (o->dest == NULL || o->name == NULL)
		return fg_usage_error(PROG, NULL, "%s is required (see fg-fetch --help)",
		    o->dest == NULL ? "--dest" : "--name");
	if (release_options(o, m) != 0)
		return FG_EUSAGE;
	if (!valid_file_name(o->name))
		return fg_usage_error(PROG, NULL, "--name: '%s' is not a file name (no '/', not . or ..)",
		    o->name);
	if (o->dest[0] == '\0')
		return fg_usage_error(PROG, NULL, "--dest: empty");
	return 0;
}

/* -1: print the usage; -2: the version; else an exit code. */
static int
parse_options(int argc, char **argv, struct fetch_opts *o, struct fg_out *out, struct mode *m)
{
	static const struct option opts[] = {
		{ "repo", required_argument, NULL, 'r' },
		{ "version", required_argument, NULL, 't' },
		{ "tag", required_argument, NULL, 't' },
		{ "dest", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },
		{ "require-sha256", no_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'f' },
		{ "compact", no_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'k' },
		{ "resolve", no_argument, NULL, 'R' },
		{ "sh", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	/* --version alone is the tool's version; with a value, the release's. */
	if (argc == 2 && strcmp(argv[1], "--version") == 0)
		return -2;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":r:d:n:fchV", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': o->repo = optarg; break;
		case 't': o->version = optarg; m->version_given = 1; break;
		case 'd': o->dest = optarg; break;
		case 'n': o->name = optarg; break;
		case 's': o->require_sha256 = 1; break;
		case 'f': o->force = 1; break;
		case 'c': out->compact = 1; break;
		case 'k': m->check = 1; break;
		case 'R': m->resolve = 1; break;
		case 'S': m->sh = 1; break;
		case 'h': return -1;
		case 'V': return -2;
		default: return fg_bad_option(PROG, NULL, opt, argv);
		}
	}
	if (optind < argc)
		return fg_usage_error(PROG, NULL, "unexpected argument '%s' (see fg-fetch --help)",
		    argv[optind]);
	return check_options(o, m);
}

static cJSON *
result_json(const struct fetch_opts *o, const struct fetch_result *r)
{
	cJSON *root = cJSON_CreateObject();

	if (root == NULL || cJSON_AddStringToObject(root, "result", r->result) == NULL ||
	    cJSON_AddStringToObject(root, "path", r->path) == NULL ||
	    cJSON_AddStringToObject(root, "repo", o->repo) == NULL ||
	    cJSON_AddStringToObject(root, "version", r->tag) == NULL ||
	    cJSON_AddStringToObject(root, "asset", r->asset) == NULL ||
	    cJSON_AddStringToObject(root, "sha256", r->sha256) == NULL ||
	    cJSON_AddNumberToObject(root, "bytes", (double)r->bytes) == NULL ||
	    cJSON_AddBoolToObject(root, "verified", r->verified) == NULL) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* Each field of a result as fg_release_FIELD: a string as it is, a number
 * in digits, true and false as yes and no, null as ''. */
static int
write_sh(FILE *f, const void *result, struct fg_err *e)
{
	const cJSON *v;
	char name[64], num[32];

	cJSON_ArrayForEach(v, (const cJSON *)result) {
		snprintf(name, sizeof name, "fg_release_%s", v->string);
		snprintf(num, sizeof num, "%lld", cJSON_IsNumber(v) ? (long long)v->valuedouble : 0LL);
		fg_sh_assign(f, name, cJSON_IsString(v) ? v->valuestring : cJSON_IsNumber(v) ? num :
		    cJSON_IsTrue(v) ? "yes" : cJSON_IsFalse(v) ? "no" : "");
	}
	if (ferror(f))
		return fg_err_set(e, FG_ERUNTIME, "--sh: write error");
	return 0;
}

static int
run_check(const struct fetch_opts *o, const struct mode *m, const struct fg_out *out)
{
	struct fg_err e = { 0 };
	cJSON *result;
	int rc;

	if ((result = check_run(o->dest, o->name, &e)) == NULL) {
		fg_err_print(PROG, &e);
		return e.code;
	}
	rc = fg_output(out, m->sh ? write_sh : fg_json_writer(out), result, &e);
	if (rc == 0)
		rc = check_ok(result) ? 0 : FG_ERUNTIME;
	else
		fg_err_print(PROG, &e);
	cJSON_Delete(result);
	return rc;
}

static int
run_resolve(const struct fetch_opts *o, const struct mode *m, const struct fg_out *out)
{
	struct fg_err e = { 0 };
	cJSON *result;
	int rc;

	if ((result = resolve_run(o, &e)) == NULL) {
		fg_err_print(PROG, &e);
		return e.code;
	}
	if ((rc = fg_output(out, m->sh ? write_sh : fg_json_writer(out), result, &e)) != 0)
		fg_err_print(PROG, &e);
	cJSON_Delete(result);
	return rc;
}

int
main(int argc, char **argv)
{
	struct fetch_opts o = { NULL, "latest", NULL, NULL, NULL, NULL, 0, 0, 0, 0, { "", "" } };
	struct fg_out out = { NULL, 0644, 0 };
	struct mode m = { 0, 0, 0, 0 };
	struct fg_err e = { 0 };
	struct fetch_result r;
	cJSON *root;
	int rc;

	fg_arena_install();
	if ((rc = parse_options(argc, argv, &o, &out, &m)) == -1) {
		usage(stdout);
		return 0;
	}
	if (rc == -2) {
		printf("%s %s\n", PROG, FG_VERSION);
		return 0;
	}
	if (rc != 0)
		return rc;
	if (m.check)
		return run_check(&o, &m, &out);
	if ((rc = env_settings(&o)) != 0)
		return rc;
	if (platform_detect(&o.plat, &e) != 0) {
		fg_err_print(PROG, &e);
		return e.code;
	}
	if (m.resolve)
		return run_resolve(&o, &m, &out);
	o.progress = isatty(STDERR_FILENO);
	interrupt_install();
	if ((rc = fetch_run(&o, &r, &e)) != 0) {
		fg_err_print(PROG, &e);
		return rc;
	}
	if ((root = result_json(&o, &r)) == NULL) {
		fprintf(stderr, "%s: result: out of memory\n", PROG);
		return FG_ERUNTIME;
	}
	rc = fg_output(&out, m.sh ? write_sh : fg_json_writer(&out), root, &e);
	cJSON_Delete(root);
	if (rc != 0)
		fg_err_print(PROG, &e);
	return rc;
}
