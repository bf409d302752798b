// The load and Lighthouse parts again, as a signed-in admin: every request then checks its session in
// the database before the shared-page cache answers, and pages are kept per role. Runs on a copy of
// the bench database holding one account, so the signed-out parts (and the next benchmark) keep
// measuring a dashboard with no account.
//   tsx --conditions=react-server scripts/bench/signed-in.ts [--database file:./data/bench.db]
//     [--load-out bench-results/load-signed-in.json] [--lighthouse-out bench-results/lighthouse-signed-in.json]
//     [--load-args "--connections 32 --seconds 15"] [--lighthouse-args "--runs 3"]
import path from "node:path";
import { parseArgs } from "node:util";
import { startServer } from "./next-server";
import {
  assertSignedIn,
  copyDatabase,
  createBenchAccount,
  signIn,
  tsxScript,
} from "@/scripts/bench/support/bench-accounts";
import { optionsOrUsage } from "../options-or-usage";
import { errorMessage } from "@/lib/log/error-message";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE =
  'Usage: tsx --conditions=react-server scripts/bench/signed-in.ts [--database file:./data/bench.db] [--load-out FILE] [--lighthouse-out FILE] [--load-args "..."] [--lighthouse-args "..."]';
const BENCH_ADMIN = "bench-admin@example.org";

function readOptions() {
  const { values } = parseArgs({
    options: {
      database: { type: "string", default: "file:./data/bench.db" },
      "load-out": { type: "string", default: "bench-results/load-signed-in.json" },
      "lighthouse-out": { type: "string", default: "bench-results/lighthouse-signed-in.json" },
      "load-args": { type: "string", default: "" },
      "lighthouse-args": { type: "string", default: "" },
    },
    allowPositionals: false,
  });
  if (!values.database.startsWith("file:")) throw new Error("--database must be a SQLite file: URL");
  return {
    database: values.database,
    loadOut: values["load-out"],
    lighthouseOut: values["lighthouse-out"],
    loadArgs: values["load-args"].split(/\s+/).filter(Boolean),
    lighthouseArgs: values["lighthouse-args"].split(/\s+/).filter(Boolean),
  };
}

function fileOf(databaseUrl: string): string {
  return path.resolve(root, databaseUrl.slice("file:".length));
}

async function main(): Promise<number> {
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  process.chdir(root);
  const source = fileOf(options.database);
  const copy = source.replace(/(\.db)?$/, "-signed-in.db");
  const copyUrl = `file:${path.relative(root, copy)}`;
  console.log(`Copying ${path.relative(root, source)} to ${path.relative(root, copy)} for the signed-in runs`);
  await copyDatabase(source, copy);

  const password = createBenchAccount(copyUrl, BENCH_ADMIN, "admin");

  const server = await startServer(copyUrl);
  try {
    const cookie = await signIn(server.baseUrl, BENCH_ADMIN, password);
    await assertSignedIn(server.baseUrl, cookie, BENCH_ADMIN);
    const env = { BENCH_COOKIE: cookie };
    const load = tsxScript(
      "scripts/bench/load.ts",
      [...options.loadArgs, "--base-url", server.baseUrl, "--out", options.loadOut],
      env,
    );
    const lighthouse = tsxScript(
      "scripts/bench/lighthouse.ts",
      [...options.lighthouseArgs, "--base-url", server.baseUrl, "--out", options.lighthouseOut],
      env,
    );
    return load.status === 0 && lighthouse.status === 0 ? 0 : 1;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Signed-in benchmark stopped: ${errorMessage(error)}`);
    process.exit(1);
  },
);
