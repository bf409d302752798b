import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { buildFeed, sampleItem } from "@/lib/test/feed-builder";
import { readTriage, triageHistory } from "@/lib/triage/queries";
import { changeTriage } from "@/lib/triage/store";
import { seedTriage } from "@/scripts/bench/support/triage-seed";

// The seeding writes SQLite rows by hand: they must read back through the app's own queries as the
// decisions they stand for, and take the next change through the store like any other brief.
const sqliteFile = process.env.DATABASE_URL?.startsWith("file:")
  ? process.env.DATABASE_URL.slice("file:".length)
  : null;
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "triage-seed-test-"));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const analyst = { id: "user-seed", email: "seed@example.test", role: "analyst" as const };

describe.skipIf(sqliteFile === null)("seeding triage for the benchmark", () => {
  beforeAll(async () => {
    await db.user.create({ data: { id: analyst.id, name: "seed", email: analyst.email, role: analyst.role } });
    const file = path.join(directory, "feed.xml");
    fs.writeFileSync(file, buildFeed(Array.from({ length: 10 }, (_, index) => sampleItem(`seeded-${index}`))));
    expect(await ingestFeed({ kind: "file", path: file }, { trigger: "cli" })).toMatchObject({ status: "ok" });
  });

  it("decides the asked number of briefs with one to three history lines each, read back as the store would have written them", async () => {
    const seeded = seedTriage(sqliteFile!, 6, analyst);
    expect(seeded.briefs).toBe(6);
    expect(new Set(seeded.slugs).size).toBe(6);
    const states = new Set<string>();
    let lines = 0;
    for (const slug of seeded.slugs) {
      const view = (await readTriage(slug))!;
      const history = await triageHistory(view.briefId);
      states.add(view.state);
      lines += history.length;
      expect(history.length).toBeGreaterThanOrEqual(1);
      expect(history.length).toBeLessThanOrEqual(3);
      expect(view.version).toBe(history.length);
      expect(view.changedBy).toBe(analyst.email);
      expect(view.changedAt).toEqual(history.at(-1)!.at);
      const stateLines = history.filter((line) => line.kind === "state");
      expect(stateLines[0].fromState).toBe("new");
      expect(stateLines.at(-1)!.toState).toBe(view.state);
      expect(view.assignee?.email ?? null).toBe(history.some((line) => line.kind === "assign") ? analyst.email : null);
      if (view.state === "dismissed") expect(view.reason).toBeTruthy();
      expect(view.firstDecidedAt !== null).toBe(view.state !== "in_review");
    }
    expect(lines).toBe(seeded.events);
    expect([...states].sort()).toEqual(["adopted", "dismissed", "hunting", "in_review", "watching"]);

    const first = (await readTriage(seeded.slugs[0]))!;
    const next = await changeTriage(seeded.slugs[0], { state: "watching" }, first.version, analyst);
    expect(next).toMatchObject({ state: "watching", version: first.version + 1 });
  });

  it("seeds the same again on a rerun instead of adding to it", async () => {
    const again = seedTriage(sqliteFile!, 6, analyst);
    expect(await db.briefTriage.count()).toBe(6);
    expect(await db.triageEvent.count()).toBe(again.events);
  });

  it("refuses to decide more briefs than there are", () => {
    expect(() => seedTriage(sqliteFile!, 11, analyst)).toThrow(/has 10/);
  });
});
