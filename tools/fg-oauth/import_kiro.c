/* import_kiro.c — Kiro's login (kiro-auth-token.json: accessToken,
 * refreshToken, profileArn, expiresAt, authMethod, provider) as the auth file
 * CLIProxyAPIPlus's kiro support loads: the fields of upstream's
 * ImportFromKiroIDE (sdk/auth/kiro.go), snake_case, type kiro. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "import.h"
#include "jwt.h"

/* ~/.kiro/kiro-auth-token.json when it is there, else where Kiro IDE keeps
 * it (and where CLIProxyAPIPlus's own -kiro-import looks). */
static const char *
kiro_source(char *buf, size_t size)
{
	struct stat st;

	snprintf(buf, size, "%s/.kiro/kiro-auth-token.json", import_home());
	if (stat(buf, &st) == 0 || errno != ENOENT)
		return buf;
	snprintf(buf, size, "%s/.aws/sso/cache/kiro-auth-token.json", import_home());
	return buf;
}

/* The account's email as upstream's ExtractEmailFromJWT finds it: the
 * email claim, else preferred_username or sub when they hold an '@'. */
static const char *
email_of(const cJSON *claims)
{
	static const char *const names[] = { "preferred_username", "sub", NULL };
	const char *v = import_str(claims, "email");
	size_t i;

	for (i = 0; v == NULL && names[i] != NULL; i++)
		if ((v = import_str(claims, names[i])) != NULL && strchr(v, '@') == NULL)
			v = NULL;
	return v;
}

static cJSON *
auth_file(const cJSON *src, struct fg_err *e)
{
	static const char *const copied[][2] = {
		{ "refreshToken", "refresh_token" }, { "profileArn", "profile_arn" },
		{ "expiresAt", "expires_at" }, { "authMethod", "auth_method" },
		{ "provider", "provider" }, { "clientId", "client_id" },
		{ "clientSecret", "client_secret" },
	};
	const char *access = import_str(src, "accessToken"), *email = import_str(src, "email");
	cJSON *out = cJSON_CreateObject(), *claims = NULL;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	size_t i;
	int ok;

	if (email == NULL && (claims = jwt_claims(access)) != NULL)
		email = email_of(claims);
	ok = out != NULL && gmtime_r(&t, &tm) != NULL &&
	    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0 &&
	    import_add(out, "type", "kiro") && import_add(out, "access_token", access);
	for (i = 0; ok && i < sizeof copied / sizeof copied[0]; i++)
		ok = import_add(out, copied[i][1], import_str(src, copied[i][0]));
	ok = ok && import_add(out, "email", email) && import_add(out, "last_refresh", now);
	cJSON_Delete(claims);
	if (!ok) {
		cJSON_Delete(out);
		fg_err_set(e, FG_ERUNTIME, IMPORT_FAILED "out of memory");
		return NULL;
	}
	return out;
}

static cJSON *
kiro_convert(const cJSON *src, struct fg_err *e)
{
	const char *missing = NULL;

	if (import_str(src, "accessToken") == NULL)
		missing = "accessToken";
	else if (import_str(src, "refreshToken") == NULL)
		missing = "refreshToken";
	if (missing != NULL) {
		fg_err_set(e, FG_ERUNTIME, IMPORT_FAILED "Kiro token file missing %s", missing);
		return NULL;
	}
	return auth_file(src, e);
}

/* Not "provider" (Google, Github, AWS): the summary's provider is kiro. */
static const char *const kiro_shown[] = { "email", "auth_method", "expires_at", NULL };

const struct importer import_kiro = {
	"kiro", "kiro-headless-import.json",
	"log in with Kiro first, which writes ~/.kiro/kiro-auth-token.json or "
	"~/.aws/sso/cache/kiro-auth-token.json, or give --source",
	kiro_shown,
	"CLIProxyAPIPlus and Kiro now share one refresh token: when one refreshes it, the "
	"other's copy may stop working; log in to Kiro again to give it its own",
	kiro_source, kiro_convert,
};
