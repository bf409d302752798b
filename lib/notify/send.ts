import "server-only";
import { readEnv } from "@/lib/env";
import { postJson, type PostAnswer } from "@/lib/http/fetch";
import type { NotifyTargetConfig } from "@/lib/notify/config";
import { notificationHeaders, renderNotification, type Notification } from "@/lib/notify/messages";
import { configuredSiteUrl } from "@/lib/site-url";

/** How long one POST may take, connection included: receivers answer webhooks in well under this. */
export const NOTIFY_TIMEOUT_MS = 10_000;

export type SendAttempt = { answer: PostAnswer } | { error: unknown };

/**
 * Sends one notification to a target as its kind expects it (Block Kit, Adaptive Card, or the signed
 * JSON of a webhook), through the fetcher's address rules. Never throws: a failure is part of the result.
 */
export async function sendNotification(
  target: NotifyTargetConfig,
  notification: Notification,
  options: { timeoutMs?: number } = {},
): Promise<SendAttempt> {
  const env = readEnv();
  const body = renderNotification(target.kind, notification, {
    targetName: target.name,
    siteUrl: configuredSiteUrl().href,
    sentAt: new Date(),
  });
  const secret = target.secretEnv ? process.env[target.secretEnv] : undefined;
  try {
    const answer = await postJson(target.url, body, {
      allowPrivate: env.FEED_ALLOW_PRIVATE,
      timeoutMs: options.timeoutMs ?? NOTIFY_TIMEOUT_MS,
      headers: notificationHeaders(notification, body, secret),
    });
    return { answer };
  } catch (error) {
    return { error };
  }
}
