/* config.c - defaults from the environment and connection strings per role. */
#include "config.h"

#include <libpq-fe.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pagu_build.h"

void config_set(char **slot, const char *value)
{
	free(*slot);
	*slot = NULL;
	if (value) {
		*slot = strdup(value);
		if (!*slot)
			abort();
	}
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

pagu_err config_init(struct pagu_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	config_set(&cfg->database_url, env_or("PAGU_DATABASE_URL", NULL));
	config_set(&cfg->app_database_url, env_or("PAGU_APP_DATABASE_URL", NULL));
	config_set(&cfg->share_dir, env_or("PAGU_SHARE", PAGU_SOURCE_DIR));
	config_set(&cfg->pg_bindir, env_or("PAGU_PG_BINDIR", PAGU_PG_BINDIR_DEFAULT));
	config_set(&cfg->pg_os_user, env_or("PAGU_PG_USER", "pagu"));
	const char *var = env_or("PAGU_VAR", NULL);
	char cwd[PATH_MAX];
	if (!var) {
		if (!getcwd(cwd, sizeof(cwd) - 4))
			return PAGU_E_IO;
		size_t n = strlen(cwd);
		memcpy(cwd + n, "/var", 5);
		var = cwd;
	}
	config_set(&cfg->var_dir, var);
	return PAGU_OK;
}

void config_release(struct pagu_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->database_url);
	free(cfg->app_database_url);
	free(cfg->var_dir);
	free(cfg->share_dir);
	free(cfg->pg_bindir);
	free(cfg->pg_os_user);
	memset(cfg, 0, sizeof(*cfg));
}

bool config_embedded(const struct pagu_config *cfg)
{
	return cfg->database_url == NULL;
}

/* Appends key='value' with libpq quoting to buf; false when it does not fit. */
static bool conninfo_append(char *buf, size_t size, size_t *len, const char *key, const char *value)
{
	size_t need = strlen(key) + 4 + 2 * strlen(value);
	if (*len + need >= size)
		return false;
	char *p = buf + *len;
	if (*len)
		*p++ = ' ';
	size_t klen = strlen(key);
	memcpy(p, key, klen);
	p += klen;
	*p++ = '=';
	*p++ = '\'';
	for (const char *v = value; *v; v++) {
		if (*v == '\'' || *v == '\\')
			*p++ = '\\';
		*p++ = *v;
	}
	*p++ = '\'';
	*p = '\0';
	*len = (size_t)(p - buf);
	return true;
}

/* The URL's options with user replaced by @user. */
static pagu_err conninfo_with_user(const char *url, const char *user, char *buf, size_t size)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &err);
	if (!opts) {
		PQfreemem(err);
		return PAGU_E_INVALID;
	}
	size_t len = 0;
	buf[0] = '\0';
	pagu_err e = PAGU_OK;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!strcmp(o->keyword, "user") || !o->val)
			continue;
		if (!strcmp(o->keyword, "password") && strcmp(user, "") != 0)
			continue; /* the owner's password is not the app's */
		if (!conninfo_append(buf, size, &len, o->keyword, o->val))
			e = PAGU_E_INVALID;
	}
	if (e == PAGU_OK && !conninfo_append(buf, size, &len, "user", user))
		e = PAGU_E_INVALID;
	PQconninfoFree(opts);
	return e;
}

pagu_err config_conninfo(const struct pagu_config *cfg, enum config_role role, char *buf, size_t size)
{
	if (!config_embedded(cfg)) {
		switch (role) {
		case CONFIG_ROLE_OWNER:
		case CONFIG_ROLE_SUPER:
			if (snprintf(buf, size, "%s", cfg->database_url) >= (int)size)
				return PAGU_E_INVALID;
			return PAGU_OK;
		case CONFIG_ROLE_APP:
			if (cfg->app_database_url) {
				if (snprintf(buf, size, "%s", cfg->app_database_url) >= (int)size)
					return PAGU_E_INVALID;
				return PAGU_OK;
			}
			return conninfo_with_user(cfg->database_url, "pagu_app", buf, size);
		}
		return PAGU_E_INVALID;
	}
	static const char *const users[] = {
		[CONFIG_ROLE_OWNER] = "pagu_owner",
		[CONFIG_ROLE_APP] = "pagu_app",
		[CONFIG_ROLE_SUPER] = "pagu_super",
	};
	char host[PATH_MAX];
	if (snprintf(host, sizeof(host), "%s/run", cfg->var_dir) >= (int)sizeof(host))
		return PAGU_E_INVALID;
	size_t len = 0;
	buf[0] = '\0';
	if (!conninfo_append(buf, size, &len, "host", host) || !conninfo_append(buf, size, &len, "dbname", "pagu") ||
	    !conninfo_append(buf, size, &len, "user", users[role]) ||
	    !conninfo_append(buf, size, &len, "application_name", "pagu"))
		return PAGU_E_INVALID;
	return PAGU_OK;
}
