/* llm.h — LiteLLM's northbound API as Codex CLI and Claude Code meet it:
 * the Responses API and the Messages API, streamed as server-sent events,
 * and the model list, behind LiteLLM's key check (see llm.c). */
#ifndef FG_TESTSERVER_LLM_H
#define FG_TESTSERVER_LLM_H

#include "http.h"

struct llm_opts {
	const char *key;        /* NULL: no key asked for; else Bearer or x-api-key */
	const char *reply;      /* the assistant's answer; NULL: a fixed sentence */
	const char *models;     /* the model list, comma-separated; NULL: test-model */
	const char *log;        /* the request log, or NULL */
};

/* Takes the options (kept, not copied). */
void llm_configure(const struct llm_opts *o);
/* POST /v1/responses */
void handle_responses(struct http_req *r, const char *rest);
/* POST /v1/messages (and /v1/messages/count_tokens) */
void handle_messages(struct http_req *r, const char *rest);
/* GET /v1/models */
void handle_models(struct http_req *r, const char *rest);
/* A request in a proxy's absolute form (GET http://HOST/PATH): the proxy
 * stand-in logs "PROXY METHOD URL" and answers 200 {"proxied": URL} itself,
 * so a test sees which requests went through a proxy. */
void handle_proxied(struct http_req *r);

#endif
