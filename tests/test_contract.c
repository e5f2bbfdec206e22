/* test_contract.c - the OpenAPI document and the route table and error registry say the same. */
#include <check.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "error.h"

static json_t *doc;

static void load_doc(void)
{
	char path[PATH_MAX];
	const char *share = getenv("PAGU_SHARE");
	snprintf(path, sizeof(path), "%s/api/openapi.json", share ? share : ".");
	json_error_t err;
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (!doc) {
		fprintf(stderr, "cannot load %s: %s (line %d)\n", path, err.text, err.line);
		exit(2);
	}
}

static void lower(const char *in, char *out, size_t n)
{
	size_t i = 0;
	for (; in[i] && i + 1 < n; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

START_TEST(every_route_documented)
{
	json_t *paths = json_object_get(doc, "paths");
	ck_assert(json_is_object(paths));
	for (size_t i = 0; i < api_nroutes; i++) {
		const struct api_route *rt = &api_routes[i];
		char m[16];
		lower(rt->method, m, sizeof(m));
		json_t *op = json_object_get(json_object_get(paths, rt->path), m);
		ck_assert_msg(json_is_object(op), "%s %s is served but not in openapi.json", rt->method, rt->path);
		/* roles */
		json_t *roles = json_object_get(op, "x-pagu-roles");
		ck_assert_msg(json_is_array(roles), "%s %s has no x-pagu-roles", rt->method, rt->path);
		unsigned got = 0;
		size_t k;
		json_t *v;
		json_array_foreach (roles, k, v) {
			unsigned bit;
			if (!strcmp(json_string_value(v), "public"))
				bit = API_PUBLIC;
			else
				ck_assert_msg(auth_role_parse(json_string_value(v), &bit) == PAGU_OK, "%s %s: role %s",
					      rt->method, rt->path, json_string_value(v));
			got |= bit;
		}
		ck_assert_msg(got == rt->roles, "%s %s: roles in openapi.json %#x, route table %#x", rt->method,
			      rt->path, got, rt->roles);
		static const char *const scopes[] = {
			[API_SCOPE_ANY] = "any", [API_SCOPE_OWN_OPD] = "own_opd", [API_SCOPE_UNSCOPED] = "unscoped"
		};
		json_t *sc = json_object_get(op, "x-pagu-scope");
		const char *scope = sc ? json_string_value(sc) : "any";
		ck_assert_msg(scope && !strcmp(scope, scopes[rt->scope]), "%s %s: scope %s, route table %s", rt->method,
			      rt->path, scope, scopes[rt->scope]);
		/* public routes need no token; others declare bearer auth */
		json_t *sec = json_object_get(op, "security");
		if (rt->roles & API_PUBLIC)
			ck_assert_msg(json_is_array(sec) && json_array_size(sec) == 0, "%s %s is public", rt->method,
				      rt->path);
		else
			ck_assert_msg(json_is_array(sec) && json_array_size(sec) == 1, "%s %s needs bearerAuth",
				      rt->method, rt->path);
		/* every allowed query parameter is documented, and only those */
		size_t nq = 0;
		for (const char *const *q = rt->query; q && *q; q++) {
			bool found = false;
			json_array_foreach (json_object_get(op, "parameters"), k, v) {
				const char *in = json_string_value(json_object_get(v, "in"));
				const char *name = json_string_value(json_object_get(v, "name"));
				found |= in && name && !strcmp(in, "query") && !strcmp(name, *q);
			}
			ck_assert_msg(found, "%s %s: query parameter %s not documented", rt->method, rt->path, *q);
			nq++;
		}
		size_t documented = 0;
		json_array_foreach (json_object_get(op, "parameters"), k, v) {
			const char *in = json_string_value(json_object_get(v, "in"));
			documented += in && !strcmp(in, "query");
		}
		ck_assert_msg(documented == nq, "%s %s: %zu query parameters documented, %zu accepted", rt->method,
			      rt->path, documented, nq);
	}
}
END_TEST

START_TEST(nothing_documented_that_is_not_served)
{
	const char *path;
	json_t *item;
	json_object_foreach (json_object_get(doc, "paths"), path, item) {
		const char *method;
		json_t *op;
		json_object_foreach (item, method, op) {
			if (strcmp(method, "get") && strcmp(method, "post") && strcmp(method, "patch") &&
			    strcmp(method, "put") && strcmp(method, "delete"))
				continue;
			bool served = false;
			for (size_t i = 0; i < api_nroutes && !served; i++) {
				char m[16];
				lower(api_routes[i].method, m, sizeof(m));
				served = !strcmp(api_routes[i].path, path) && !strcmp(m, method);
			}
			ck_assert_msg(served, "openapi.json documents %s %s, which is not served", method, path);
		}
	}
}
END_TEST

START_TEST(problem_types_match_registry)
{
	json_t *types = json_object_get(json_object_get(doc, "components"), "x-pagu-problem-types");
	ck_assert(json_is_array(types));
	ck_assert_int_eq(json_array_size(types), PAGU_ERR_COUNT_ - 1);
	for (int e = 1; e < PAGU_ERR_COUNT_; e++) {
		json_t *t = json_array_get(types, (size_t)e - 1);
		char want[96];
		snprintf(want, sizeof(want), "urn:pagu:problem:%s", pagu_err_slug(e));
		ck_assert_str_eq(json_string_value(json_object_get(t, "type")), want);
		ck_assert_int_eq(json_integer_value(json_object_get(t, "status")), pagu_err_status(e));
		ck_assert_str_eq(json_string_value(json_object_get(t, "title")), pagu_err_title(e));
		ck_assert_msg(json_is_string(json_object_get(t, "judul")), "%s has no judul in the contract",
			      pagu_err_slug(e));
		ck_assert_str_eq(json_string_value(json_object_get(t, "judul")), pagu_err_judul(e));
	}
}
END_TEST

static Suite *contract_suite(void)
{
	Suite *s = suite_create("contract");
	TCase *tc = tcase_create("openapi");
	tcase_add_test(tc, every_route_documented);
	tcase_add_test(tc, nothing_documented_that_is_not_served);
	tcase_add_test(tc, problem_types_match_registry);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	load_doc();
	SRunner *sr = srunner_create(contract_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	json_decref(doc);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
