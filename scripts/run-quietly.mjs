// Runs a command and shows its output only when it fails, so routine steps (migrations before an
// ingest) do not bury the output that matters.
import { spawnSync } from "node:child_process";

const [command, ...args] = process.argv.slice(2);
const result = spawnSync(command, args, { encoding: "utf8", shell: false });
if (result.status !== 0) {
  process.stderr.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? "");
  if (result.error) process.stderr.write(`${result.error.message}\n`);
  process.exit(result.status ?? 1);
}
