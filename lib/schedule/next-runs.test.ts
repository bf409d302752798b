import { afterEach, describe, expect, it } from "vitest";
import { nextScheduledRulesSync, nextScheduledRun, recordScheduledJob } from "@/lib/schedule/next-runs";

afterEach(() => {
  recordScheduledJob("ingest", null);
  recordScheduledJob("rules-sync", null);
});

describe("next scheduled runs", () => {
  it("says off when no job is recorded", () => {
    expect(nextScheduledRun()).toBeNull();
    expect(nextScheduledRulesSync()).toBeNull();
  });

  it("reads each job's own next run", () => {
    const ingestAt = new Date("2026-12-07T10:30:00Z");
    const syncAt = new Date("2026-12-08T02:00:00Z");
    recordScheduledJob("ingest", { nextRun: () => ingestAt });
    recordScheduledJob("rules-sync", { nextRun: () => syncAt });
    expect(nextScheduledRun()).toEqual(ingestAt);
    expect(nextScheduledRulesSync()).toEqual(syncAt);
  });
});
