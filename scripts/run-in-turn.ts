/**
 * Runs a command line's jobs (feeds to ingest, libraries to sync) one after another, printing one
 * line per result: failures on stderr, the rest on stdout. The exit code is 1 when any failed.
 */
export async function runInTurn<Item, Result>(
  items: Item[],
  run: (item: Item) => Promise<Result>,
  report: { describe: (result: Result) => string; failed: (result: Result) => boolean },
): Promise<number> {
  let anyFailed = false;
  for (const item of items) {
    const result = await run(item);
    if (report.failed(result)) {
      anyFailed = true;
      console.error(report.describe(result));
    } else {
      console.log(report.describe(result));
    }
  }
  return anyFailed ? 1 : 0;
}
