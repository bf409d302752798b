import fs from "node:fs";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
const file = process.env.DATABASE_URL!.slice(5);
const { parseFeed } = await import("@/lib/feed/parse-feed");
const { identifyItems } = await import("@/lib/feed/normalise");
const { prepareItems } = await import("@/lib/feed/prepare");
const parsed = await parseFeed(fs.readFileSync("/tmp/iprof/feed.xml", "utf8"));
const { items } = identifyItems(parsed.items, parsed.link);
const briefs = prepareItems(items, parsed.link);
const cols = ["id","identity","slug","firstSeenAt","title","link","summary","bodyHtml","bodyText","summaryHtml","attackChain","impactHtml","recommendations","severity","severityRaw","type","publishedAt","contentHash","updatedAt"];
const now = new Date().toISOString().replace("Z", "+00:00");
const rows = briefs.map((b, i) => [randomUUID(), b.identity, b.slugBase, now, b.title, b.link, b.summary, b.bodyHtml, b.bodyText, b.summaryHtml, JSON.stringify(b.attackChain), b.impactHtml, JSON.stringify(b.recommendations), b.severity, b.severityRaw, b.type, b.publishedAt?.toISOString().replace("Z", "+00:00") ?? null, b.contentHash, now]);
const ph = (n: number) => Array.from({ length: n }, () => `(${cols.map(() => "?").join(",")})`).join(",");
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const per = 200;
// direct
{
  const d = new Database(file);
  for (const triggers of [true, false]) {
    d.exec("DELETE FROM Brief");
    if (!triggers) d.exec(`DROP TRIGGER IF EXISTS "Brief_search_insert"`);
    const c = cpu(); const t = performance.now();
    d.exec("BEGIN");
    const stmt = d.prepare(`INSERT INTO "Brief" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${ph(per)}`);
    for (let i = 0; i + per <= rows.length; i += per) stmt.run(...rows.slice(i, i + per).flat());
    d.exec("ROLLBACK");
    console.log("direct, triggers:", triggers, "cpu", (cpu() - c).toFixed(0), "wall", (performance.now() - t).toFixed(0));
    if (!triggers) d.exec(`CREATE TRIGGER "Brief_search_insert" AFTER INSERT ON "Brief" BEGIN
    INSERT INTO "BriefSearch" ("rowid", "title", "summary", "bodyText") VALUES (new."rowid", new."title", new."summary", new."bodyText");
END;`);
  }
  d.close();
}
const { db } = await import("@/lib/db");
{
  const c = cpu(); const t = performance.now();
  await db.$transaction(async (tx) => {
    for (let i = 0; i + per <= rows.length; i += per) await tx.$executeRawUnsafe(`INSERT INTO "Brief" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${ph(per)}`, ...rows.slice(i, i + per).flat());
    throw new Error("rollback");
  }, { timeout: 600000 }).catch((e) => { if (e.message !== "rollback") throw e; });
  console.log("prisma raw cpu", (cpu() - c).toFixed(0), "wall", (performance.now() - t).toFixed(0));
}
