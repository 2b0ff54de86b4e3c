/* releases.h — GitHub's release API and asset downloads as fg-fetch meets
 * them, served from a folder the test fills (--release-dir; see releases.c). */
#ifndef FG_TESTSERVER_RELEASES_H
#define FG_TESTSERVER_RELEASES_H

#include "http.h"

/* dir: the release folder, or NULL (every release path answers 404); log:
 * the request log, or NULL. Both are kept, not copied. */
void releases_configure(const char *dir, const char *log);
/* /repos/OWNER/NAME/releases/tags/TAG and /repos/OWNER/NAME/releases/latest */
void handle_repos(struct http_req *r, const char *rest);
/* /download/PATH: DIR/download/PATH byte for byte */
void handle_download(struct http_req *r, const char *rest);
/* /redirect/PATH: 302 to /PATH on the same host */
void handle_redirect(struct http_req *r, const char *rest);

#endif
