import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DAY_MS } from "@/lib/utc-day";
import { changeTriage } from "@/lib/triage/store";
import { triageOverview } from "@/lib/triage/overview";

const NOW = new Date("2026-12-20T12:00:00.000Z");
const ana = { id: "user-ana", email: "ana@example.test", role: "analyst" as const };
const bo = { id: "user-bo", email: "bo@example.test", role: "analyst" as const };

function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * DAY_MS);
}

async function brief(slug: string, severity: string, publishedAt: Date) {
  return db.brief.create({
    data: {
      identity: slug,
      slug,
      severity,
      publishedAt,
      contentHash: slug,
      title: `Brief ${slug}`,
      summary: "",
      summaryHtml: "",
      attackChain: [],
      recommendations: [],
      bodyHtml: "",
      bodyText: "",
    },
  });
}

/** Decides a brief, then dates the decision: the store stamps "now", the overview's windows need known times. */
async function decide(slug: string, actor: typeof ana, state: "hunting" | "adopted" | "watching", at: Date) {
  const view = await changeTriage(
    slug,
    { state },
    (await db.briefTriage.findFirst({ where: { brief: { slug } } }))?.version ?? 0,
    actor,
  );
  await db.briefTriage.update({ where: { briefId: view.briefId }, data: { firstDecidedAt: at, changedAt: at } });
  await db.triageEvent.updateMany({ where: { briefId: view.briefId, toState: state }, data: { at } });
}

beforeAll(async () => {
  for (const user of [ana, bo])
    await db.user.create({ data: { id: user.id, name: user.email, email: user.email, role: user.role } });
  // Overdue: high or critical, published more than 7 days ago, undecided (new or in review).
  await brief("old-high-new", "high", daysAgo(10));
  await brief("old-critical-review", "critical", daysAgo(9));
  await changeTriage("old-critical-review", { state: "in_review" }, 0, ana);
  // Not overdue: decided, or too recent, or not high.
  await brief("old-high-decided", "high", daysAgo(20));
  await brief("recent-high", "high", daysAgo(2));
  await brief("old-medium", "medium", daysAgo(15));
  // Decided in the window: 14 h, 36 h and 48 h after publication; one decided before the window.
  await decide("old-high-decided", ana, "adopted", new Date(daysAgo(20).getTime() + 14 * 3_600_000));
  await decide("old-medium", bo, "watching", new Date(daysAgo(15).getTime() + 36 * 3_600_000));
  await decide("recent-high", ana, "hunting", new Date(daysAgo(2).getTime() + 48 * 3_600_000));
  await brief("long-ago", "low", daysAgo(90));
  await decide("long-ago", bo, "adopted", daysAgo(60));
});

describe("the overview's triage numbers", () => {
  it("counts briefs by state, undecided ones as new or in review", async () => {
    const { byState } = await triageOverview(NOW);
    expect(byState).toEqual({ new: 1, in_review: 1, hunting: 1, adopted: 2, watching: 1, dismissed: 0 });
  });

  it("takes the median time to a first decision over the last 30 days only", async () => {
    const { timeToDecision } = await triageOverview(NOW);
    expect(timeToDecision).toEqual({ medianHours: 36, decisions: 3 });
    const later = await triageOverview(new Date(NOW.getTime() + 100 * DAY_MS));
    expect(later.timeToDecision).toEqual({ medianHours: null, decisions: 0 });
  });

  it("counts each person's decisions since the first of the month", async () => {
    const { decisionsThisMonth } = await triageOverview(NOW);
    // long-ago's decision was in October.
    expect(decisionsThisMonth).toEqual([
      { actor: ana.email, decisions: 2 },
      { actor: bo.email, decisions: 1 },
    ]);
  });

  it("finds the high and critical briefs undecided a week after publication, with the list view holding them", async () => {
    const { overdue } = await triageOverview(NOW);
    expect(overdue.count).toBe(2);
    expect(overdue.before).toBe("2026-12-13");
    expect(overdue.href).toBe("/?severity=high,critical&to=2026-12-12&decided=no");
    // Deciding one takes it off (last: this adds a decision the other numbers would count).
    await changeTriage("old-high-new", { state: "watching" }, 0, bo);
    expect((await triageOverview(NOW)).overdue.count).toBe(1);
  });
});
