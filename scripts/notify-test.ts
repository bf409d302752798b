import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { applyPendingMigrationsOrReport } from "@/lib/db-migrations";
import { db } from "@/lib/db";
import { loadNotifyConfig, NotifyConfigError, targetHost, type NotifyTargetConfig } from "@/lib/notify/config";
import { openDeliveryStore } from "@/lib/notify/delivery-store";
import type { NotifiedBrief } from "@/lib/notify/messages";
import { sendNotification } from "@/lib/notify/send";
import { errorMessage } from "@/lib/log/error-message";

const USAGE = "Usage: npm run notify:test -- NAME   (a target of the file NOTIFY_CONFIG names)";
const MAX_ANSWER_SHOWN = 2000;

/** What a test message shows when the database holds no brief yet. */
const PLACEHOLDER_BRIEF: NotifiedBrief = {
  id: "test",
  slug: "test-notification",
  title: "Test notification from Threat Briefs",
  summary: "Briefs matching this target's filter will arrive like this.",
  severity: "info",
  type: null,
  publishedAt: null,
  firstSeenAt: new Date(),
  updatedAt: new Date(),
  link: null,
  tactics: [],
  tags: [],
};

/** The newest brief, so the test message looks as real ones will. */
async function sampleBrief(): Promise<NotifiedBrief> {
  const newest = await db.brief.findFirst({
    orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    select: { id: true },
  });
  if (!newest) return PLACEHOLDER_BRIEF;
  const store = openDeliveryStore();
  try {
    return (await store.readBrief(newest.id)) ?? PLACEHOLDER_BRIEF;
  } finally {
    await store.close();
  }
}

async function main(): Promise<number> {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ allowPositionals: true, options: {} }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  let targets: NotifyTargetConfig[];
  try {
    targets = loadNotifyConfig();
  } catch (error) {
    if (!(error instanceof NotifyConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
  const names = targets.map((target) => target.name).join(", ") || "none: NOTIFY_CONFIG is unset or names no target";
  if (positionals.length !== 1) {
    console.error(`Name one target (configured: ${names}).\n${USAGE}`);
    return 2;
  }
  const target = targets.find((candidate) => candidate.name === positionals[0]);
  if (!target) {
    console.error(`No target named "${positionals[0]}" (configured: ${names}).\n${USAGE}`);
    return 2;
  }

  const migrationExitCode = await applyPendingMigrationsOrReport();
  if (migrationExitCode !== 0) return migrationExitCode;
  const brief = await sampleBrief();
  const attempt = await sendNotification(target, {
    id: `test-${randomUUID()}`,
    event: "test",
    severity: brief.severity,
    previousSeverity: null,
    change: null,
    brief,
  });
  const where = `${target.name} (${target.kind}, ${targetHost(target)})`;
  if ("error" in attempt) {
    console.error(`Test message to ${where} FAILED: ${errorMessage(attempt.error)}`);
    return 1;
  }
  const { status, statusText, body } = attempt.answer;
  const ok = status >= 200 && status < 300;
  const line = `Test message to ${where}: HTTP ${status}${statusText ? ` ${statusText}` : ""}${ok ? "" : " (refused)"}`;
  const shown =
    body.length > MAX_ANSWER_SHOWN ? `${body.slice(0, MAX_ANSWER_SHOWN)}… (${body.length} characters)` : body;
  (ok ? console.log : console.error)(shown ? `${line}\n${shown}` : line);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`notify:test stopped: ${errorMessage(error)}`);
    process.exit(1);
  },
);
