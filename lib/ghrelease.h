/* ghrelease.h — what GitHub accepts as a repository and a release tag, for
 * fg-fetch's options and fg-config's bootstrap settings alike. */
#ifndef FG_GHRELEASE_H
#define FG_GHRELEASE_H

/* OWNER (letters, digits, '-') / NAME (also '.' and '_'), as GitHub allows. */
int fg_valid_repo(const char *s);

/* A tag goes into a URL's path as it is: 1-128 bytes, no separators,
 * spaces, control bytes or URL syntax, and no leading dot. */
int fg_valid_tag(const char *s);

#endif
