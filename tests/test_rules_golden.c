/* test_rules_golden.c - the rules conformance suite: golden files of rules, facts and expected outcomes. */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileutil.h"
#include "pack.h"

/* The case format is described in rules/tests/README.md; the runner is rules_case_run(). */

static char *files[1024];
static int nfiles;

static void load_list(void)
{
	const char *dir = getenv("PAGU_RULES_CASES");
	DIR *d = opendir(dir ? dir : "rules/tests/language");
	if (!d) {
		fprintf(stderr, "cannot open the rules cases directory\n");
		exit(2);
	}
	struct dirent *de;
	while ((de = readdir(d)) && nfiles < 1024) {
		size_t n = strlen(de->d_name);
		if (n > 5 && !strcmp(de->d_name + n - 5, ".case")) {
			char path[PATH_MAX];
			snprintf(path, sizeof(path), "%s/%s", dir ? dir : "rules/tests/language", de->d_name);
			files[nfiles++] = strdup(path);
		}
	}
	closedir(d);
	/* a stable order */
	for (int i = 1; i < nfiles; i++)
		for (int j = i; j > 0 && strcmp(files[j - 1], files[j]) > 0; j--) {
			char *t = files[j];
			files[j] = files[j - 1];
			files[j - 1] = t;
		}
}

START_TEST(golden)
{
	char *text = NULL;
	size_t len = 0;
	ck_assert_int_eq(file_read_all(files[_i], 1u << 22, &text, &len), PAGU_OK);
	char why[512] = "";
	bool ok = rules_case_run(files[_i], text, NULL, why, sizeof(why));
	free(text);
	ck_assert_msg(ok, "%s", why);
}
END_TEST

int main(void)
{
	load_list();
	Suite *s = suite_create("rules-golden");
	TCase *tc = tcase_create("golden");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, golden, 0, nfiles);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (int i = 0; i < nfiles; i++)
		free(files[i]);
	return failed || nfiles < 150 ? EXIT_FAILURE : EXIT_SUCCESS;
}
