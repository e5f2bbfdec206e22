/* arena.h - request-lifetime memory: many allocations, one release. */
#ifndef PAGU_ARENA_H
#define PAGU_ARENA_H

#include <stddef.h>

/*
 * An arena hands out memory from large blocks and frees all of it at once in
 * arena_release(). Use it for everything that lives exactly as long as one
 * request or one command; never for memory that outlives it.
 *
 * Allocation failure aborts: a request that cannot get a few kilobytes cannot
 * report anything useful either, and every caller would otherwise need a path
 * for it. Sizes a client controls are bounded before they reach the arena.
 */
struct arena_block;

struct arena {
	struct arena_block *head;
	size_t total; /* bytes allocated from the system, for limits and metrics */
};

#define ARENA_INIT \
	{          \
		0  \
	}

void arena_init(struct arena *a);
/* Frees every block; @a is empty and reusable afterwards. Accepts NULL. */
void arena_release(struct arena *a);
/* Zeroed memory aligned for any type; valid until arena_release(). */
void *arena_alloc(struct arena *a, size_t size);
/* Copies @len bytes of @s and appends a NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
