import { describe, expect, it } from "vitest";
import { weekStart } from "@/lib/briefs/overview-queries";

describe("weekStart", () => {
  it("gives Monday 00:00 UTC of the date's week", () => {
    expect(weekStart(new Date("2026-04-22T18:43:05Z")).toISOString()).toBe("2026-04-20T00:00:00.000Z");
    expect(weekStart(new Date("2026-04-20T00:00:00Z")).toISOString()).toBe("2026-04-20T00:00:00.000Z");
    expect(weekStart(new Date("2026-04-26T23:59:59Z")).toISOString()).toBe("2026-04-20T00:00:00.000Z");
  });
});
