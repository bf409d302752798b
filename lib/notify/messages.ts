import { createHmac } from "node:crypto";
import { briefHref } from "@/lib/briefs/list-href";
import type { BriefSummaryView } from "@/lib/briefs/queries";
import { SEVERITY_LABELS, type Severity } from "@/lib/briefs/severity";
import { TRIAGE_STATE_LABELS, type TriageState } from "@/lib/briefs/triage-states";
import type { NotifyEvent, NotifyKind } from "@/lib/notify/config";

/** What a notification says about a brief, read when it is sent (so a later fix of the text is sent too). */
export type NotifiedBrief = Omit<BriefSummaryView, "tags"> & {
  id: string;
  firstSeenAt: Date;
  updatedAt: Date;
  /** The publisher's page for the brief. */
  link: string | null;
  /** ATT&CK tactic names, in kill-chain order. */
  tactics: string[];
  /** Tag names. */
  tags: string[];
};

export type NotificationEvent = NotifyEvent | "test";

/**
 * What a change event says changed, as it was when it happened (the webhook body's `change`). `by`
 * is the email of who made it, or "feed" for a feed update, "rule-sync" for a library's and "rule-import" for a hand import's.
 */
export type ChangeDetail =
  | { event: "assigned"; by: string; from: string | null; to: string | null }
  | {
      event: "state-changed";
      by: string;
      from: TriageState;
      to: TriageState;
      /** A dismissal's reason, or why the feed reopened the brief. */
      reason: string | null;
      comment: string | null;
    }
  | {
      event: "rule-changed-since-deployed";
      by: string;
      rule: { id: string; title: string };
      siem: string;
      siemLabel: string;
    };

export type Notification = {
  /** The outbox row's id: the idempotency key, the same on every retry. */
  id: string;
  event: NotificationEvent;
  /** The brief's severity when the event happened (a raise tells what it was raised to, whatever came after). */
  severity: Severity;
  previousSeverity: Severity | null;
  /** Set for the change events (assigned, state-changed, rule-changed-since-deployed). */
  change: ChangeDetail | null;
  brief: NotifiedBrief;
};

export type RenderContext = { targetName: string; siteUrl: string; sentAt: Date };

/** Slack allows 3,000 characters in a section; summaries are cut well before. */
const MAX_SUMMARY_LENGTH = 1500;

function headline(notification: Notification): string {
  const severity = SEVERITY_LABELS[notification.severity];
  switch (notification.event) {
    case "new":
      return `New ${severity.toLowerCase()} severity brief`;
    case "severity-raised":
      return `Severity raised to ${severity.toLowerCase()}${notification.previousSeverity ? ` from ${SEVERITY_LABELS[notification.previousSeverity].toLowerCase()}` : ""}`;
    case "assigned":
    case "state-changed":
    case "rule-changed-since-deployed":
      return notification.change ? changeHeadline(notification.change) : notification.event;
    case "test":
      return "Test notification: this is how briefs will arrive";
  }
}

function changeHeadline(change: ChangeDetail): string {
  switch (change.event) {
    case "assigned":
      return change.to
        ? `Assigned to ${change.to} by ${change.by}`
        : `Owner ${change.from ?? "nobody"} removed by ${change.by}`;
    case "state-changed": {
      const move = `${TRIAGE_STATE_LABELS[change.from]} → ${TRIAGE_STATE_LABELS[change.to]}`;
      const why = change.reason ?? change.comment;
      return `${move} by ${change.by}${why ? `: ${why}` : ""}`;
    }
    case "rule-changed-since-deployed":
      return `Rule "${change.rule.title}" deployed to ${change.siemLabel} changed its query since it was deployed`;
  }
}

function shortSummary(summary: string): string {
  return summary.length <= MAX_SUMMARY_LENGTH ? summary : `${summary.slice(0, MAX_SUMMARY_LENGTH - 1).trimEnd()}…`;
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** Slack's mrkdwn treats &, < and > as control characters; everything else is shown as written. */
function slackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function slackMessage(notification: Notification, url: string): unknown {
  const { brief } = notification;
  const facts = [
    `*${SEVERITY_LABELS[brief.severity]}* severity`,
    ...(brief.tactics.length ? [slackText(brief.tactics.join(", "))] : []),
  ];
  if (brief.publishedAt) facts.push(`published ${dayFormat.format(brief.publishedAt)}`);
  return {
    text: slackText(`${headline(notification)}: ${brief.title}`),
    blocks: [
      { type: "context", elements: [{ type: "mrkdwn", text: slackText(headline(notification)) }] },
      { type: "section", text: { type: "mrkdwn", text: `*<${url}|${slackText(brief.title)}>*` } },
      { type: "context", elements: [{ type: "mrkdwn", text: facts.join(" · ") }] },
      ...(brief.summary
        ? [{ type: "section", text: { type: "mrkdwn", text: slackText(shortSummary(brief.summary)) } }]
        : []),
    ],
  };
}

/** An Adaptive Card in the envelope a Teams Workflows webhook ("When a Teams webhook request is received") expects. */
function teamsMessage(notification: Notification, url: string): unknown {
  const { brief } = notification;
  const facts = [{ title: "Severity", value: SEVERITY_LABELS[brief.severity] }];
  if (brief.tactics.length) facts.push({ title: "Tactics", value: brief.tactics.join(", ") });
  if (brief.publishedAt) facts.push({ title: "Published", value: dayFormat.format(brief.publishedAt) });
  const openBrief = { type: "Action.OpenUrl", title: "Open brief", url };
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: headline(notification), size: "Small", isSubtle: true, wrap: true },
            {
              type: "Container",
              selectAction: openBrief,
              items: [
                { type: "TextBlock", text: brief.title, weight: "Bolder", size: "Medium", color: "Accent", wrap: true },
              ],
            },
            { type: "FactSet", facts },
            ...(brief.summary ? [{ type: "TextBlock", text: shortSummary(brief.summary), wrap: true }] : []),
          ],
          actions: [openBrief],
        },
      },
    ],
  };
}

function webhookMessage(notification: Notification, url: string, context: RenderContext): unknown {
  const { brief } = notification;
  return {
    id: notification.id,
    event: notification.event,
    target: context.targetName,
    sentAt: context.sentAt.toISOString(),
    severity: notification.severity,
    previousSeverity: notification.previousSeverity,
    change: notification.change,
    brief: {
      id: brief.id,
      slug: brief.slug,
      title: brief.title,
      url,
      severity: brief.severity,
      type: brief.type,
      publishedAt: brief.publishedAt?.toISOString() ?? null,
      firstSeenAt: brief.firstSeenAt.toISOString(),
      updatedAt: brief.updatedAt.toISOString(),
      summary: brief.summary,
      tactics: brief.tactics,
      tags: brief.tags,
      sourceLink: brief.link,
    },
  };
}

/** The JSON body a target of this kind is sent for a notification. */
export function renderNotification(kind: NotifyKind, notification: Notification, context: RenderContext): string {
  const url = new URL(briefHref(notification.brief.slug), context.siteUrl).href;
  const message =
    kind === "slack"
      ? slackMessage(notification, url)
      : kind === "teams"
        ? teamsMessage(notification, url)
        : webhookMessage(notification, url, context);
  return JSON.stringify(message);
}

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as GitHub-style receivers check it. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** Headers sent with every notification: the idempotency key always, the signature when the target has a secret. */
export function notificationHeaders(
  notification: Pick<Notification, "id" | "event">,
  body: string,
  secret: string | undefined,
): Record<string, string> {
  return {
    "idempotency-key": notification.id,
    "x-notification-event": notification.event,
    ...(secret ? { "x-signature-256": signBody(secret, body) } : {}),
  };
}
