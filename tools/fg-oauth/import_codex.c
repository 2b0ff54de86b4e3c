/* import_codex.c — Codex CLI's login (auth.json: tokens.access_token,
 * refresh_token, id_token, account_id) as CLIProxyAPIPlus's codex auth file,
 * with the email, account and expiry its tokens carry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import.h"
#include "jwt.h"

#define EXP_MAX 253402300799.0  /* 9999-12-31T23:59:59Z */

static const char *
codex_source(char *buf, size_t size)
{
	const char *home = getenv("CODEX_HOME");

	if (home != NULL && home[0] != '\0')
		snprintf(buf, size, "%s/auth.json", home);
	else
		snprintf(buf, size, "%s/.codex/auth.json", import_home());
	return buf;
}

/* A token's exp claim as RFC 3339 UTC, into buf; 0 when it has none. */
static int
expiry(const cJSON *claims, char *buf, size_t size)
{
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(claims, "exp");
	struct tm tm;
	time_t t;

	if (!cJSON_IsNumber(exp) || !(exp->valuedouble >= 0 && exp->valuedouble <= EXP_MAX))
		return 0;
	t = (time_t)exp->valuedouble;
	if (gmtime_r(&t, &tm) == NULL)
		return 0;
	return strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
}

/* What CLIProxyAPIPlus's codex auth file holds, from Codex CLI's tokens. */
static cJSON *
auth_file(const cJSON *src, const cJSON *tokens, struct fg_err *e)
{
	const char *access = import_str(tokens, "access_token"), *id = import_str(tokens, "id_token");
	cJSON *out = cJSON_CreateObject(), *idc = jwt_claims(id), *acc = jwt_claims(access);
	const char *account = import_str(tokens, "account_id");
	char expired[32];
	int ok;

	if (account == NULL)
		account = import_str(cJSON_GetObjectItemCaseSensitive(idc,
		    "https://api.openai.com/auth"), "chatgpt_account_id");
	ok = out != NULL && import_add(out, "type", "codex") &&
	    import_add(out, "access_token", access) &&
	    import_add(out, "refresh_token", import_str(tokens, "refresh_token")) &&
	    import_add(out, "id_token", id) && import_add(out, "account_id", account) &&
	    import_add(out, "email", import_str(idc, "email")) &&
	    import_add(out, "expired", expiry(acc, expired, sizeof expired) ? expired : NULL) &&
	    import_add(out, "last_refresh", import_str(src, "last_refresh"));
	cJSON_Delete(idc);
	cJSON_Delete(acc);
	if (!ok) {
		cJSON_Delete(out);
		fg_err_set(e, FG_ERUNTIME, IMPORT_FAILED "out of memory");
		return NULL;
	}
	return out;
}

static cJSON *
codex_convert(const cJSON *src, struct fg_err *e)
{
	const cJSON *tokens = cJSON_GetObjectItemCaseSensitive(src, "tokens");
	const char *missing = NULL;

	if (import_str(tokens, "access_token") == NULL)
		missing = "tokens.access_token";
	else if (import_str(tokens, "refresh_token") == NULL)
		missing = "tokens.refresh_token";
	if (missing != NULL) {
		fg_err_set(e, FG_ERUNTIME, IMPORT_FAILED "Headless auth file missing %s", missing);
		return NULL;
	}
	return auth_file(src, tokens, e);
}

static const char *const codex_shown[] = { "email", "account_id", "expired", NULL };

const struct importer import_codex = {
	"codex", "codex-headless-import.json", "log in with Codex CLI first, or give --source",
	codex_shown,
	"CLIProxyAPIPlus and Codex CLI now share one refresh token: when the proxy refreshes "
	"it, Codex CLI's copy stops working (and the other way round); run codex login again "
	"to give Codex CLI its own",
	codex_source, codex_convert,
};
