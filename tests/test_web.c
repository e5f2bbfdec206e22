/*
 * test_web.c - the web console in a real browser: a private cluster and a real `pagu serve`
 * (the harness), then every scenario of tests/web/skenario/ in headless Debian chromium
 * driven by playwright-core (tests/web/run.mjs). Screenshots go to $PAGU_SHOTS.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

int main(void)
{
	const char *share = getenv("PAGU_SHARE");
	const char *shots = getenv("PAGU_SHOTS");
	if (!share || !shots) {
		fprintf(stderr, "test_web: PAGU_SHARE and PAGU_SHOTS must be set (meson sets them)\n");
		return 1;
	}
	if (access("/usr/bin/chromium", X_OK) != 0 && !getenv("PAGU_CHROMIUM")) {
		fprintf(stderr, "test_web: /usr/bin/chromium is missing (apt-get install chromium; ./run does)\n");
		return 1;
	}
	/* the console shows the national pack's rules and citations, as a pemda's server would */
	char rules[PATH_MAX];
	snprintf(rules, sizeof(rules), "%s/rules", share);
	setenv("PAGU_RULES_DIR", rules, 1);
	struct harness H;
	harness_start_cluster(&H);
	harness_start_server(&H);
	char script[PATH_MAX];
	snprintf(script, sizeof(script), "%s/tests/web/run.mjs", share);
	setenv("PAGU_URL", H.base_url, 1);
	setenv("PAGU_VAR_DIR", H.dir, 1);
	/* the browser must not meet a proxy on its way to loopback */
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	if (mkdir(shots, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "test_web: cannot create %s: %s\n", shots, strerror(errno));
		return 1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		execlp("node", "node", script, (char *)NULL);
		fprintf(stderr, "test_web: could not run node: %s\n", strerror(errno));
		_exit(127);
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	int failed = !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	int server = harness_stop_server(&H);
	if (server != 0) {
		fprintf(stderr, "pagu serve exited with status %d; see %s/pagu-serve.log\n", server, H.dir);
		failed = 1;
	}
	if (failed) {
		/* the server's log goes with the screenshots, for a look after the cluster is gone */
		char log[PATH_MAX + 32];
		snprintf(log, sizeof(log), "%s/pagu-serve.log", H.dir);
		char *argv[] = { "/bin/cp", log, (char *)shots, NULL };
		pid_t cp = fork();
		if (cp == 0) {
			execv(argv[0], argv);
			_exit(127);
		}
		if (cp > 0)
			waitpid(cp, NULL, 0);
		fprintf(stderr, "test_web: screenshots and the server's log are in %s\n", shots);
	}
	harness_stop(&H);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
