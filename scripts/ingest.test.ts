import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildFeed, sampleItem } from "@/lib/test/feed-builder";

const root = path.resolve(import.meta.dirname, "..");
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-cli-"));

/** Runs the real command-line entry point against this test file's own database. */
function ingest(...args: string[]) {
  return ingestWith({}, ...args);
}

function ingestWith(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(
    path.join(root, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/ingest.ts", ...args],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, ...env, NODE_ENV: "production" },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run ingest", () => {
  it("prints a summary per feed, and a second run of the same feed finds everything unchanged", () => {
    const file = path.join(directory, "feed.xml");
    fs.writeFileSync(file, buildFeed([sampleItem("c1"), sampleItem("c2"), sampleItem("c3")]));
    const first = ingest("--file", file);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/3 seen, 3 new, 0 updated, 0 unchanged in \d+\.\d+ s/);
    const second = ingest("--file", file);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/3 seen, 0 new, 0 updated, 3 unchanged/);
  });

  it("exits non-zero with the problem named when a feed is malformed", () => {
    const file = path.join(directory, "broken.xml");
    fs.writeFileSync(file, `<rss version="2.0"><channel><item><title>Unclosed</item></channel></rss>`);
    const result = ingest("--file", file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FAILED .*Malformed feed XML: Unexpected close tag at line 1/);
  });

  it("applies the migrations a new database lacks before ingesting, and none the second time", () => {
    const file = path.join(directory, "fresh.xml");
    fs.writeFileSync(file, buildFeed([sampleItem("m1")]));
    const env = { DATABASE_URL: `file:${path.join(directory, "fresh", "briefs.db")}` };
    const first = ingestWith(env, "--file", file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^Applying \d+ database migration\(s\) to .*fresh\/briefs\.db: 20261128000000_init/);
    expect(first.stdout).toMatch(/1 seen, 1 new/);
    const second = ingestWith(env, "--file", file);
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(second.stdout).toMatch(/1 seen, 0 new, 0 updated, 1 unchanged/);
  });

  it("explains its usage when given nothing to ingest or an unknown flag", () => {
    expect(ingest()).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Nothing to ingest[\s\S]*Usage: npm run ingest/),
    });
    expect(ingest("--feed", "x")).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown option '--feed'/) });
  });
});

describe("npm run ingest on a large feed", () => {
  it("shows progress while it stores", () => {
    const file = path.join(directory, "large.xml");
    fs.writeFileSync(file, buildFeed(Array.from({ length: 1200 }, (_, index) => sampleItem(`large-${index}`))));
    const result = ingest("--file", file);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/parsed 1200 items\nstored 500\/1200\nstored 1000\/1200\nstored 1200\/1200/);
    expect(result.stdout).toMatch(/1200 seen, 1200 new/);
  });
});
