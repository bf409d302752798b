import { describe, expect, it } from "vitest";
import { renderNotification, type ChangeDetail, type Notification } from "@/lib/notify/messages";

const brief: Notification["brief"] = {
  id: "brief-1",
  slug: "2024-01-30-entra-id-lockouts",
  title: "Entra ID <Lockouts> & more",
  summary: "Many accounts locked out.",
  severity: "high",
  type: "advisory",
  publishedAt: new Date("2024-01-30T10:00:00Z"),
  firstSeenAt: new Date("2024-01-30T11:00:00Z"),
  updatedAt: new Date("2024-02-01T11:00:00Z"),
  link: null,
  tactics: ["Credential Access"],
  tags: ["entra_id"],
};
const context = { targetName: "soc", siteUrl: "https://briefs.example.org", sentAt: new Date("2026-12-08T00:00:00Z") };

function changed(change: ChangeDetail): Notification {
  return { id: "n-1", event: change.event, severity: "high", previousSeverity: null, change, brief };
}

const reopened = changed({
  event: "state-changed",
  by: "feed",
  from: "dismissed",
  to: "in_review",
  reason: "Severity rose from medium to high in a feed update",
  comment: null,
});
const assigned = changed({ event: "assigned", by: "lead@example.org", from: null, to: "ana@example.org" });
const ruleChanged = changed({
  event: "rule-changed-since-deployed",
  by: "rule-sync",
  rule: { id: "e046", title: "Entra ID Excessive Account Lockouts" },
  siem: "sentinel",
  siemLabel: "Microsoft Sentinel",
});

describe("change notifications say what changed", () => {
  it("in Slack's first line, with Slack's control characters escaped", () => {
    const texts = [reopened, assigned, ruleChanged].map(
      (notification) => JSON.parse(renderNotification("slack", notification, context)).text,
    );
    expect(texts).toEqual([
      "Dismissed → In review by feed: Severity rose from medium to high in a feed update: Entra ID &lt;Lockouts&gt; &amp; more",
      "Assigned to ana@example.org by lead@example.org: Entra ID &lt;Lockouts&gt; &amp; more",
      'Rule "Entra ID Excessive Account Lockouts" deployed to Microsoft Sentinel changed its query since it was deployed: Entra ID &lt;Lockouts&gt; &amp; more',
    ]);
  });

  it("in a Teams card's heading", () => {
    const card = JSON.parse(renderNotification("teams", assigned, context)).attachments[0].content;
    expect(card.body[0].text).toBe("Assigned to ana@example.org by lead@example.org");
  });

  it("in a webhook's change field, as recorded, beside the brief", () => {
    const body = JSON.parse(renderNotification("webhook", ruleChanged, context));
    expect(body).toMatchObject({
      event: "rule-changed-since-deployed",
      change: { by: "rule-sync", rule: { id: "e046" }, siem: "sentinel" },
      brief: { slug: brief.slug, url: `https://briefs.example.org/briefs/${brief.slug}` },
    });
  });
});
