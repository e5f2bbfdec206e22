/* utf8.h - well-formed UTF-8, for every layer that turns outside bytes into text. */
#ifndef PAGU_UTF8_H
#define PAGU_UTF8_H

#include <stddef.h>

/*
 * Length of the well-formed UTF-8 sequence at @s (at most @len bytes, @len > 0), or 0 when
 * there is none: no overlong forms, no surrogates, nothing past U+10FFFF.
 */
size_t utf8_seq(const unsigned char *s, size_t len);

#endif
