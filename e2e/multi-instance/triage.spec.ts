import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { buildFeed, sampleItem } from "../../lib/test/feed-builder";
import { createToken, createUser } from "../auth-helpers";
import { DashboardServer, PORTS, runNpm, TestDatabase } from "./cluster";

// Two analysts change one brief's triage through two servers on one PostgreSQL database: the
// version check must hold across processes, where no in-memory lock can help.
const ANALYSTS = ["triage-one@example.org", "triage-two@example.org"] as const;
const RACE_ROUNDS = 8;

type Triage = {
  state: string;
  version: number;
  changedAt: string | null;
  changedBy: string | null;
  history: { actorEmail: string; toState: string | null; comment: string | null }[];
};

let database: TestDatabase;
let servers: DashboardServer[] = [];
let tokens: string[] = [];
let slugs: string[] = [];

test.beforeAll(async () => {
  database = await TestDatabase.create("triage");
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "multi-instance-triage-"));
  const file = path.join(directory, "feed.xml");
  fs.writeFileSync(file, buildFeed([sampleItem("stale-edits"), sampleItem("racing-edits")]));
  const ingested = await runNpm(["ingest", "--", "--file", file], { DATABASE_URL: database.url });
  fs.rmSync(directory, { recursive: true, force: true });
  expect(ingested.code, ingested.output).toBe(0);
  slugs = (await database.rows<{ slug: string }>(`SELECT "slug" FROM "Brief" ORDER BY "slug"`)).map((row) => row.slug);
  expect(slugs).toHaveLength(2);
  for (const email of ANALYSTS) createUser(database.url, email, "analyst");
  tokens = ANALYSTS.map((email) => createToken(database.url, email, "read,triage"));

  const env = {
    DATABASE_URL: database.url,
    FEED_URLS: "",
    INGEST_INTERVAL_MINUTES: "0",
    RULE_SOURCES: "",
    RULES_SYNC_INTERVAL_HOURS: "0",
    NOTIFY_CONFIG: "",
    AUTH_SECRET: "multi-instance-auth-secret-0123456789abcdef",
  };
  servers = await Promise.all(PORTS.pair.map((port, index) => DashboardServer.start(`triage-${index + 1}`, port, env)));
});

test.afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
  await database?.drop();
});

/** Analyst `who` (0 or 1) asks her own server (the first or the second). */
function api(who: 0 | 1, slug: string, init: { method?: string; ifMatch?: string; body?: unknown } = {}) {
  return fetch(`${servers[who].baseUrl}/api/briefs/${slug}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${tokens[who]}`,
      ...(init.ifMatch ? { "if-match": init.ifMatch } : {}),
      ...(init.body ? { "content-type": "application/json" } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
}

async function triageOf(who: 0 | 1, slug: string): Promise<Triage> {
  const response = await api(who, slug);
  expect(response.status).toBe(200);
  return (await response.json()) as Triage;
}

test("two analysts on two servers, one ETag: the first change is taken, the second is 412 with who and when, and nothing is overwritten", async () => {
  const slug = slugs[0];
  const read = await api(0, slug);
  const etag = read.headers.get("etag")!;
  expect(etag).toBe('"0"');
  // Both loaded the brief at that version; the second has it from her own server.
  expect((await api(1, slug)).headers.get("etag")).toBe(etag);

  const first = await api(0, slug, { method: "PATCH", ifMatch: etag, body: { state: "in_review", comment: "Mine." } });
  expect(first.status).toBe(200);
  const taken = (await first.json()) as Triage;
  const second = await api(1, slug, {
    method: "PATCH",
    ifMatch: etag,
    body: { state: "dismissed", reason: "duplicate", duplicateOf: slugs[1] },
  });
  expect(second.status).toBe(412);
  expect(second.headers.get("etag")).toBe('"1"');
  const refused = (await second.json()) as { error: string; current: Triage };
  expect(refused.current).toMatchObject({ state: "in_review", changedBy: ANALYSTS[0], changedAt: taken.changedAt });
  expect(refused.error).toBe(`Changed by ${ANALYSTS[0]} at ${taken.changedAt} since you loaded it.`);

  for (const who of [0, 1] as const) {
    const now = await triageOf(who, slug);
    expect(now).toMatchObject({ state: "in_review", version: 1, changedBy: ANALYSTS[0] });
    expect(now.history).toEqual([
      expect.objectContaining({ actorEmail: ANALYSTS[0], toState: "in_review", comment: "Mine." }),
    ]);
  }
});

test("two analysts racing on two servers, round after round: one change per round is taken, and every change taken is in the history", async () => {
  const slug = slugs[1];
  const taken: string[] = [];
  for (let round = 1; round <= RACE_ROUNDS; round += 1) {
    const etag = (await api((round % 2) as 0 | 1, slug)).headers.get("etag")!;
    const comments = ANALYSTS.map((email) => `Round ${round}: ${email}`);
    const answers = await Promise.all(
      ([0, 1] as const).map((who) =>
        api(who, slug, {
          method: "PATCH",
          ifMatch: etag,
          body: { state: who === 0 ? "hunting" : "watching", comment: comments[who] },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect([...statuses].sort(), `round ${round}`).toEqual([200, 412]);
    const winner = statuses.indexOf(200);
    taken.push(comments[winner]);
    const refused = (await answers[1 - winner].json()) as { current: Triage };
    expect(refused.current).toMatchObject({ changedBy: ANALYSTS[winner], version: round });
  }

  const final = await triageOf(0, slug);
  expect(final.version).toBe(RACE_ROUNDS);
  expect(final.history.map((line) => line.comment)).toEqual(taken);
  expect(taken.at(-1)).toContain(final.changedBy!);
  console.info(
    `Race winners by server: ${taken.map((comment) => (comment.includes(ANALYSTS[0]) ? "one" : "two")).join(", ")}`,
  );
});
