/* error.c - lookups into the error registry declared in error.h. */
#include "error.h"

struct err_info {
	int status;
	const char *slug;
	const char *judul;
	const char *title;
	const char *name;
};

static const struct err_info err_table[] = {
#define PAGU_ERR_ROW(code, st, sl, ju, ti) \
	[code] = { .status = st, .slug = sl, .judul = ju, .title = ti, .name = #code },
	PAGU_ERRORS(PAGU_ERR_ROW)
#undef PAGU_ERR_ROW
};

static const struct err_info *err_get(pagu_err e)
{
	if ((unsigned)e >= PAGU_ERR_COUNT_)
		return &err_table[PAGU_E_INTERNAL];
	return &err_table[e];
}

int pagu_err_status(pagu_err e)
{
	return err_get(e)->status;
}

const char *pagu_err_slug(pagu_err e)
{
	return err_get(e)->slug;
}

const char *pagu_err_title(pagu_err e)
{
	return err_get(e)->title;
}

const char *pagu_err_judul(pagu_err e)
{
	return err_get(e)->judul;
}

const char *pagu_err_name(pagu_err e)
{
	return err_get(e)->name;
}
