/* db_json.c - JSON text for jsonb parameters, built in an arena. */
#include "sql.h"

#include "arena.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

void db_json_init(struct db_json *j, struct arena *a)
{
	memset(j, 0, sizeof(*j));
	j->a = a;
	j->cap = 256;
	j->buf = arena_alloc(a, j->cap);
}

static void put(struct db_json *j, const char *s, size_t n)
{
	if (j->len + n + 1 > j->cap) {
		size_t cap = j->cap;
		while (j->len + n + 1 > cap)
			cap *= 2;
		char *b = arena_alloc(j->a, cap);
		memcpy(b, j->buf, j->len);
		j->buf = b;
		j->cap = cap;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

void db_json_raw(struct db_json *j, const char *s)
{
	put(j, s, strlen(s));
}

void db_json_strn(struct db_json *j, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	if (!s) {
		put(j, "null", 4);
		return;
	}
	put(j, "\"", 1);
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(u + i, len - i);
		if (!n) { /* not UTF-8: the visible text \xNN, its backslash escaped */
			char x[6] = { '\\', '\\', 'x', "0123456789ABCDEF"[u[i] >> 4], "0123456789ABCDEF"[u[i] & 15] };
			put(j, x, 5);
			i++;
		} else if (u[i] == '"' || u[i] == '\\') {
			char x[2] = { '\\', (char)u[i] };
			put(j, x, 2);
			i++;
		} else if (u[i] < 0x20) {
			char x[6] = { '\\', 'u', '0', '0', hex[u[i] >> 4], hex[u[i] & 15] };
			put(j, x, 6);
			i++;
		} else {
			put(j, s + i, n);
			i += n;
		}
	}
	put(j, "\"", 1);
}

void db_json_str(struct db_json *j, const char *s)
{
	db_json_strn(j, s, s ? strlen(s) : 0);
}

void db_json_key(struct db_json *j, const char *key)
{
	db_json_str(j, key);
	put(j, ":", 1);
}

void db_json_int(struct db_json *j, long long v)
{
	char b[32];
	int n = snprintf(b, sizeof(b), "%lld", v);
	put(j, b, (size_t)n);
}

const char *db_json_text(const struct db_json *j)
{
	return j->buf;
}
