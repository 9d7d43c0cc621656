/*
 * Shell command-line splitting: words separated by spaces or tabs, with
 * double quotes grouping and backslash escapes inside quotes. Pure and
 * freestanding (<stdint.h>, <stddef.h> and fmt_vsnprintf() only).
 */
#ifndef CAPOS_CMDLINE_H
#define CAPOS_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Splits `line` (NUL-terminated) in place into at most `max` words, storing
 * pointers into `line` in argv[0..n) and, when lens is not NULL, their byte
 * lengths in lens[0..n). Returns n, or -1 with the reason in err (always
 * NUL-terminated when errlen > 0) for an unterminated quote, an unknown or
 * incomplete escape, or more than max words; argv is then unspecified.
 *
 * Outside quotes every byte but space and tab is literal (a backslash too).
 * A double quote opens a quoted part that runs to the next unescaped double
 * quote; quoted parts and unquoted text next to each other form one word, and
 * "" alone is an empty word. Inside quotes: \" \\ \n \t \r \0 and \xNN (two
 * hex digits). Each word is NUL-terminated in place; a word holding an
 * escaped NUL is whole only through lens.
 */
int cmdline_split(char *line, char **argv, uint32_t *lens, int max, char *err, size_t errlen);

#endif
