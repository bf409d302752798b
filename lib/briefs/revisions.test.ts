import { describe, expect, it } from "vitest";
import { describeChanges, type BriefVersion } from "@/lib/briefs/revisions";

const base: BriefVersion = {
  title: "Password spraying against Entra ID",
  summary: "Spraying from residential proxies.",
  summaryHtml: "<p>Spraying from residential proxies.</p>",
  severity: "high",
  type: "advisory",
  publishedAt: new Date("2024-06-05T10:00:00Z"),
  impactHtml: "<p>Account takeover.</p>",
  attackChain: ["<p>Recon.</p>", "<p>Spray.</p>"],
  recommendations: ["Enforce MFA.", "Block legacy auth."],
  bodyHtml: "<p>Narrative.</p><ol><li>Recon.</li><li>Spray.</li></ol>",
};

const version = (overrides: Partial<BriefVersion>): BriefVersion => ({ ...base, ...overrides });

describe("describeChanges", () => {
  it("lists nothing for identical versions, or ones differing only in whitespace", () => {
    expect(describeChanges(base, { ...base })).toEqual([]);
    expect(
      describeChanges(
        base,
        version({
          summaryHtml: "<p>Spraying  from\nresidential proxies.</p>",
          attackChain: ["<p>Recon.</p> ", "<p>Spray.</p>"],
        }),
      ),
    ).toEqual([]);
  });

  it("names the old and new severity and type", () => {
    expect(describeChanges(base, version({ severity: "critical" }))).toEqual(["Severity: high → critical"]);
    expect(describeChanges(base, version({ type: "campaign" }))).toEqual(["Type: advisory → campaign"]);
    expect(describeChanges(version({ type: null }), base)).toEqual(["Type: none → advisory"]);
  });

  it("says that the title, summary and published date changed", () => {
    expect(describeChanges(base, version({ title: "Password spraying, now with MFA fatigue" }))).toEqual([
      "Title changed",
    ]);
    expect(describeChanges(base, version({ summary: "Now exploited.", summaryHtml: "<p>Now exploited.</p>" }))).toEqual(
      ["Summary changed"],
    );
    expect(
      describeChanges(
        base,
        version({ summaryHtml: '<p>Spraying from <a href="https://x.example">residential proxies</a>.</p>' }),
      ),
    ).toEqual(["Summary changed"]);
    expect(describeChanges(base, version({ publishedAt: new Date("2024-06-06T10:00:00Z") }))).toEqual([
      "Published date changed",
    ]);
    expect(describeChanges(version({ publishedAt: null }), base)).toEqual(["Published date changed"]);
  });

  it("counts attack chain steps added or removed, and says when steps were rewritten or reordered", () => {
    const longer = ["<p>Recon.</p>", "<p>MFA fatigue.</p>", "<p>Spray.</p>", "<p>Persist.</p>"];
    expect(describeChanges(base, version({ attackChain: longer }))).toEqual(["Attack chain: 2 steps added"]);
    expect(describeChanges(version({ attackChain: longer }), base)).toEqual(["Attack chain: 2 steps removed"]);
    expect(describeChanges(base, version({ attackChain: ["<p>Recon.</p>"] }))).toEqual([
      "Attack chain: 1 step removed",
    ]);
    expect(describeChanges(base, version({ attackChain: ["<p>Recon.</p>", "<p>Spray at scale.</p>"] }))).toEqual([
      "Attack chain changed",
    ]);
    expect(describeChanges(base, version({ attackChain: ["<p>Spray.</p>", "<p>Recon.</p>"] }))).toEqual([
      "Attack chain: reordered",
    ]);
  });

  it("says when impact and recommendations changed, appeared or went", () => {
    expect(describeChanges(base, version({ impactHtml: "<p>Tenant takeover.</p>" }))).toEqual(["Impact changed"]);
    expect(describeChanges(version({ impactHtml: null }), base)).toEqual(["Impact added"]);
    expect(describeChanges(base, version({ impactHtml: null }))).toEqual(["Impact removed"]);
    expect(
      describeChanges(base, version({ recommendations: ["Enforce phishing-resistant MFA.", "Block legacy auth."] })),
    ).toEqual(["Recommendations changed"]);
    expect(describeChanges(base, version({ recommendations: [...base.recommendations, "Alert on spikes."] }))).toEqual([
      "Recommendations: 1 added",
    ]);
  });

  it("mentions the body only when no listed section explains its change", () => {
    expect(describeChanges(base, version({ bodyHtml: "<p>A longer narrative.</p>" }))).toEqual(["Body text changed"]);
    expect(describeChanges(base, version({ severity: "critical", bodyHtml: "<p>A longer narrative.</p>" }))).toEqual([
      "Severity: high → critical",
      "Body text changed",
    ]);
    expect(describeChanges(base, version({ impactHtml: "<p>Worse.</p>", bodyHtml: "<p>Worse.</p>" }))).toEqual([
      "Impact changed",
    ]);
  });

  it("orders several changes with triage fields first", () => {
    const current = version({
      severity: "critical",
      title: "Spraying campaign",
      summary: "Wider.",
      summaryHtml: "<p>Wider.</p>",
      type: "campaign",
      attackChain: [...base.attackChain, "<p>Persist.</p>"],
      recommendations: ["Enforce MFA."],
    });
    expect(describeChanges(base, current)).toEqual([
      "Severity: high → critical",
      "Type: advisory → campaign",
      "Title changed",
      "Summary changed",
      "Attack chain: 1 step added",
      "Recommendations: 1 removed",
    ]);
  });
});
