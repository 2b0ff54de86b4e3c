/* fuzz_toml.c — the input as a Codex CLI config.toml, edited as fg-client
 * apply edits it. When the editor accepts the file, what it writes must
 * scan again, point Codex at the stack, be left alone by a second apply,
 * and come back byte for byte from revert. When it refuses, it says why in
 * one line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "common.h"
#include "toml.h"

static const struct target stack = {
	"http://127.0.0.1:4000", "http://127.0.0.1:4000/v1", "router-default", "router-cheap",
	"OPENAI_API_KEY", "/nonexistent/key", "/nonexistent/runtime",
};

static void
as_file(struct client_file *f, char *text, size_t len)
{
	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "config.toml");
	snprintf(f->real, sizeof f->real, "config.toml");
	f->exists = 1;
	f->mode = 0600;
	f->text = text;
	f->len = len;
}

static cJSON *
new_record(void)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec == NULL || cJSON_AddObjectToObject(rec, "items") == NULL)
		abort();
	return rec;
}

/* The edited file scans, and Codex would use the stack from it. */
static void
check_points_at_stack(char *text, size_t len)
{
	struct client_file f;
	struct codex_view v;
	struct fg_err e = { 0 };

	as_file(&f, text, len);
	if (codex_view(&f, &v, &e) != 0)
		fuzz_fail("apply wrote a file that does not scan", text, len);
	if (strcmp(v.top_provider, "flowgate") != 0)
		fuzz_fail("apply wrote a file whose model_provider is not flowgate", text, len);
	if (strcmp(v.provider, "flowgate") == 0 &&
	    (strcmp(v.base_url, stack.codex_base) != 0 || strcmp(v.env_key, stack.env_key) != 0))
		fuzz_fail("apply wrote a flowgate provider without the stack's base_url and env_key", text, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct client_file f;
	struct change ch = { 0 }, ch2 = { 0 }, ch3 = { 0 };
	struct fg_err e = { 0 };
	char *in, *out = NULL, *again = NULL, *back = NULL;
	size_t outlen, againlen, backlen;
	cJSON *rec, *rec2;

	if (memchr(data, '\0', size) != NULL || size > 65536)
		return 0;
	if ((in = malloc(size + 1)) == NULL)
		abort();
	memcpy(in, data, size);
	in[size] = '\0';
	as_file(&f, in, size);
	rec = new_record();
	if (codex_apply(&f, &stack, NULL, rec, &out, &outlen, &ch, &e) != 0) {
		/* A refusal (exit 1: the client's file, not FlowGate's config)
		 * names the file and the reason, in one line. */
		if (strncmp(e.msg, "config.toml: ", 13) != 0 || strchr(e.msg, '\n') != NULL)
			fuzz_fail("a refusal that is not one line naming the file", e.msg, strlen(e.msg));
		goto done;
	}
	check_points_at_stack(out, outlen);
	/* A second apply over the first one's output changes nothing. */
	as_file(&f, out, outlen);
	rec2 = new_record();
	if (codex_apply(&f, &stack, rec, rec2, &again, &againlen, &ch2, &e) != 0)
		fuzz_fail("a second apply refused what the first one wrote", out, outlen);
	if (ch2.changed || againlen != outlen || memcmp(again, out, outlen) != 0)
		fuzz_fail("a second apply changed what the first one wrote", out, outlen);
	cJSON_Delete(rec2);
	/* Revert gives the file back as it was. */
	if (codex_revert(&f, rec, &back, &backlen, &ch3, &e) != 0)
		fuzz_fail("revert refused what apply wrote", out, outlen);
	if (backlen != size || memcmp(back, in, size) != 0)
		fuzz_fail("revert did not give the input back byte for byte", back, backlen);
done:
	free(in);
	free(out);
	free(again);
	free(back);
	cJSON_Delete(rec);
	return 0;
}
