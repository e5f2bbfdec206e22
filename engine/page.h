/* page.h - one page of a list whose items the database builds as JSON. */
#ifndef PAGU_PAGE_H
#define PAGU_PAGE_H

#include <stddef.h>

/*
 * At most the asked number of items (JSON text, arena), in the list's order, and the
 * cursor to pass for the next page: NULL when there is none.
 */
struct json_page {
	const char **items;
	size_t n;
	const char *next_cursor;
};

#endif
