/* yamlemit.c — libyaml's emitter driven from a cJSON tree, and the choice
 * between it and yamlblock.c's writer. */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "jsonwrite.h"
#include "utf8.h"
#include "yamlblock.h"
#include "yamlemit.h"
#include "yamlscalar.h"

static int
write_handler(void *data, unsigned char *buf, size_t size)
{
	return fwrite(buf, 1, size, (FILE *)data) == size;
}

static int
scalar(yaml_emitter_t *em, const char *text, int quote)
{
	yaml_event_t ev;

	/* Initializing copies text: it fails when out of memory, and an event
	 * left uninitialized would send the emitter into an endless loop. */
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)text, (int)strlen(text),
	    !quote, 1, quote ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE))
		return 0;
	return yaml_emitter_emit(em, &ev);
}

/* PyYAML needs a '.' in a float ("1e-07" would read back as a string). */
void
yaml_number(double d, char *buf, size_t size)
{
	char *e;

	fg_fmt_number(d, buf, size);
	if (strpbrk(buf, ".n") == NULL && (e = strchr(buf, 'e')) != NULL &&
	    strlen(buf) + 3 < size) {
		memmove(e + 2, e, strlen(e) + 1);
		e[0] = '.';
		e[1] = '0';
	}
}

static int
emit_node(yaml_emitter_t *em, const cJSON *n)
{
	yaml_event_t ev;
	const cJSON *ch;
	char num[64];

	if (cJSON_IsObject(n)) {
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
		    !yaml_emitter_emit(em, &ev))
			return 0;
		for (ch = n->child; ch; ch = ch->next)
			if (!scalar(em, ch->string, ys_needs_quotes(ch->string)) || !emit_node(em, ch))
				return 0;
		return yaml_mapping_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
	}
	if (cJSON_IsArray(n)) {
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) ||
		    !yaml_emitter_emit(em, &ev))
			return 0;
		for (ch = n->child; ch; ch = ch->next)
			if (!emit_node(em, ch))
				return 0;
		return yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(em, &ev);
	}
	if (cJSON_IsString(n))
		return scalar(em, n->valuestring, ys_needs_quotes(n->valuestring));
	if (cJSON_IsNumber(n)) {
		yaml_number(n->valuedouble, num, sizeof num);
		return scalar(em, num, 0);
	}
	if (cJSON_IsBool(n))
		return scalar(em, cJSON_IsTrue(n) ? "true" : "false", 0);
	return scalar(em, "null", 0);
}

/* Every string and key is strict UTF-8 (JSON input can carry any bytes):
 * libyaml refuses a broken sequence only when making the event, with no
 * error of its own, and escapes a surrogate as \uD800, which it then cannot
 * read back. */
static int
all_utf8(const cJSON *n)
{
	const cJSON *ch;

	if (cJSON_IsString(n) && !fg_utf8_valid(n->valuestring))
		return 0;
	for (ch = n->child; ch; ch = ch->next)
		if ((cJSON_IsObject(n) && !fg_utf8_valid(ch->string)) || !all_utf8(ch))
			return 0;
	return 1;
}

/* An event that could not be made leaves no error in the emitter: it ran out
 * of memory copying the event's text. */
static const char *
emit_problem(const yaml_emitter_t *em)
{
	if (em->error == YAML_WRITER_ERROR)
		return "write error";
	if (em->error == YAML_NO_ERROR || em->error == YAML_MEMORY_ERROR || em->problem == NULL)
		return "out of memory";
	return em->problem;
}

static int
not_utf8(struct fg_err *e)
{
	return fg_err_set(e, FG_EUSAGE, "yaml: a string or key is not UTF-8, which YAML cannot hold");
}

static int
block_writer(FILE *f, const void *root, struct fg_err *e)
{
	return yaml_block_write(f, root, e);
}

static int
libyaml_writer(FILE *f, const void *root, struct fg_err *e)
{
	return yaml_write_libyaml(f, root, e);
}

int
yaml_plan(const void *root, fg_writer *w, int *streams, struct fg_err *e)
{
	const char *hook = getenv("FG_YAML_EMITTER");

	*w = libyaml_writer;
	*streams = 0;
	if (hook != NULL && strcmp(hook, "libyaml") == 0)
		return 0;
	switch (yaml_block_fit(root)) {
	case YB_FITS:
		*w = block_writer;
		*streams = 1;
		return 0;
	case YB_NOT_UTF8:
		return not_utf8(e);
	case YB_LIBYAML:
		break;
	}
	return 0;
}

int
yaml_write(FILE *f, const void *root, struct fg_err *e)
{
	fg_writer w;
	int streams, rc = yaml_plan(root, &w, &streams, e);

	return rc != 0 ? rc : w(f, root, e);
}

int
yaml_write_libyaml(FILE *f, const cJSON *root, struct fg_err *e)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	int ok;

	if (!all_utf8(root))
		return not_utf8(e);
	if (!yaml_emitter_initialize(&em))
		return fg_err_set(e, FG_ERUNTIME, "yaml: out of memory");
	yaml_emitter_set_output(&em, write_handler, f);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_indent(&em, 2);
	yaml_emitter_set_width(&em, -1);
	ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
	    yaml_emitter_emit(&em, &ev) &&
	    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) &&
	    yaml_emitter_emit(&em, &ev) &&
	    emit_node(&em, root) &&
	    yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(&em, &ev) &&
	    yaml_stream_end_event_initialize(&ev) && yaml_emitter_emit(&em, &ev);
	if (!ok)
		fg_err_set(e, FG_ERUNTIME, "yaml: %s", emit_problem(&em));
	yaml_emitter_delete(&em);
	return ok ? 0 : e->code;
}
