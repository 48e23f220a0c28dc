/**
 * Loaded by `npm test` into the test runner and every test file's process (`node --import`):
 * stdout and stderr written synchronously where they are pipes. A test file's process reports
 * its results to the runner over a pipe, and with `--test-force-exit` it exits as soon as its
 * last test ends; writes still queued in a non-blocking pipe are lost then, so the run counted
 * fewer tests than ran and named none of a lost one's failure (nodejs/node#64833; seen here: a
 * run of 2,925 tests reported 2,910, the last 15 of one file missing). A failure was still
 * caught by the file's exit code, but not shown.
 */
for (const stream of [process.stdout, process.stderr]) {
  const handle = /** @type {{ _handle?: { setBlocking?: (on: boolean) => void } }} */ (/** @type {unknown} */ (stream))._handle;
  handle?.setBlocking?.(true);
}
