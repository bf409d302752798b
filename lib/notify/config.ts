// Plain module (no server-only): scripts/serve.ts checks the configuration before Next starts.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { briefListHref } from "@/lib/briefs/list-href";
import { FILTER_KEYS, parseBriefListParams, searchParamsRecord, type BriefFilters } from "@/lib/briefs/validations";
import { readEnv } from "@/lib/env";
import { errorMessage } from "@/lib/log/error-message";

export const NOTIFY_KINDS = ["slack", "teams", "webhook"] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];
export const NOTIFY_EVENTS = [
  "new",
  "severity-raised",
  "assigned",
  "state-changed",
  "rule-changed-since-deployed",
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
/** Events about a change someone (or the feed, or a rule sync) made: each change is sent once, none merged. */
export const CHANGE_EVENTS = ["assigned", "state-changed", "rule-changed-since-deployed"] as const;
export type ChangeEvent = (typeof CHANGE_EVENTS)[number];

/** A notification target as NOTIFY_CONFIG names it, its filter parsed as the list parses its URL. */
export type NotifyTargetConfig = {
  name: string;
  kind: NotifyKind;
  /** Slack and Teams webhook URLs are secrets themselves: never log or show more than the host. */
  url: string;
  /** The filter in the list's canonical form (as briefListHref writes it), without `?`. */
  filter: string;
  filters: BriefFilters;
  events: NotifyEvent[];
  /** The environment variable holding the webhook signing secret; the secret itself is read when sending. */
  secretEnv: string | undefined;
};

export class NotifyConfigError extends Error {
  override name = "NotifyConfigError";
}

const targetSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1–64 letters, digits, dots, dashes or underscores"),
  kind: z.enum(NOTIFY_KINDS, `must be one of ${NOTIFY_KINDS.join(", ")}`),
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  filter: z.string("must be a list query string such as severity=high,critical").default(""),
  events: z
    .array(z.enum(NOTIFY_EVENTS, `each must be one of ${NOTIFY_EVENTS.join(", ")}`))
    .min(1, "must name at least one event")
    .default(["new"]),
  secretEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable")
    .optional(),
});

const configSchema = z.strictObject({ targets: z.array(z.unknown(), "must be an array of targets") });

const LIST_KEYS = new Set<string>(["severity", "tactic", "tag"]);
const NOT_FILTERS: Record<string, string> = {
  sort: "orders the list and does not filter it",
  page: "pages the list and does not filter it",
  // Rule links are recomputed after an ingest commits, so the ingest's transaction could not see them.
  rule: "cannot choose notifications: a brief's rule links are computed after it is stored",
};

/**
 * Reads a target's filter with the list's own schema, refusing what the list would silently drop:
 * a mistyped severity there shows every brief, which for a notification would mean every brief sent.
 */
export function parseTargetFilter(query: string): { filters: BriefFilters; canonical: string } {
  const params = new URLSearchParams(query.replace(/^\?/, ""));
  for (const key of new Set(params.keys())) {
    if (NOT_FILTERS[key]) throw new NotifyConfigError(`"${key}" ${NOT_FILTERS[key]}`);
    if (!(FILTER_KEYS as string[]).includes(key))
      throw new NotifyConfigError(
        `unknown parameter "${key}" (one of ${FILTER_KEYS.filter((name) => name !== "rule").join(", ")})`,
      );
    const values = params.getAll(key);
    // The list's "me" is whoever asks; a target is asked by nobody, so it names the person.
    if (key === "assignee" && values.some((value) => value.trim().toLowerCase() === "me"))
      throw new NotifyConfigError(`"assignee=me" has nobody to mean here: name the person (assignee=ana@example.org)`);
    if (values.length > 1)
      throw new NotifyConfigError(`"${key}" is given ${values.length} times; list values with commas`);
    const parts = LIST_KEYS.has(key)
      ? values[0]
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean)
      : [values[0]];
    if (!parts.length) throw new NotifyConfigError(`"${key}" is empty`);
    for (const part of parts) {
      const parsed = parseBriefListParams({ [key]: part })[key as keyof BriefFilters];
      if (!part || (Array.isArray(parsed) ? parsed.length === 0 : !parsed))
        throw new NotifyConfigError(`"${part}" is not a ${key} the list knows`);
    }
  }
  const filters = parseBriefListParams(searchParamsRecord(params));
  return { filters, canonical: briefListHref(filters, "").replace(/^\?/, "") };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? `"${issue.path.join(".")}"` : "the target";
  return `${field} ${issue.message}`;
}

/**
 * Checks a parsed NOTIFY_CONFIG document. Every problem names the target (by name, else by its
 * position) and the field; no message repeats a URL or a secret.
 */
export function parseNotifyConfig(
  document: unknown,
  env: Partial<Record<string, string>> = process.env,
): NotifyTargetConfig[] {
  const config = configSchema.safeParse(document);
  if (!config.success)
    throw new NotifyConfigError(`expected {"targets": [...]}: ${config.error.issues.map(describeIssue).join("; ")}`);
  const targets: NotifyTargetConfig[] = [];
  config.data.targets.forEach((entry, index) => {
    const rawName =
      entry && typeof entry === "object" && typeof (entry as { name?: unknown }).name === "string"
        ? (entry as { name: string }).name
        : null;
    const label = rawName ? `target "${rawName}" (targets[${index}])` : `targets[${index}]`;
    const parsed = targetSchema.safeParse(entry);
    if (!parsed.success) throw new NotifyConfigError(`${label}: ${parsed.error.issues.map(describeIssue).join("; ")}`);
    const target = parsed.data;
    if (targets.some((other) => other.name === target.name))
      throw new NotifyConfigError(`${label}: "name" is already used by another target`);
    if (target.kind === "webhook" && !target.secretEnv)
      throw new NotifyConfigError(
        `${label}: "secretEnv" is required for a webhook, so receivers can check the signature`,
      );
    if (target.secretEnv && !env[target.secretEnv])
      throw new NotifyConfigError(`${label}: "secretEnv" names ${target.secretEnv}, which is not set`);
    let filter: { filters: BriefFilters; canonical: string };
    try {
      filter = parseTargetFilter(target.filter);
    } catch (error) {
      throw new NotifyConfigError(`${label}: "filter" ${errorMessage(error)}`);
    }
    targets.push({
      name: target.name,
      kind: target.kind,
      url: target.url,
      filter: filter.canonical,
      filters: filter.filters,
      events: [...new Set(target.events)],
      secretEnv: target.secretEnv,
    });
  });
  return targets;
}

/** The targets of the file NOTIFY_CONFIG names; none when it is unset. Throws NotifyConfigError naming the file. */
export function loadNotifyConfig(env: Partial<Record<string, string>> = process.env): NotifyTargetConfig[] {
  const file = readEnv(env).NOTIFY_CONFIG;
  if (!file) return [];
  const location = path.resolve(/* turbopackIgnore: true */ process.cwd(), file);
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(location, "utf8"));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file"
        : error instanceof Error
          ? error.message
          : String(error);
    throw new NotifyConfigError(`NOTIFY_CONFIG (${file}): ${reason}`);
  }
  try {
    return parseNotifyConfig(document, env);
  } catch (error) {
    throw new NotifyConfigError(`NOTIFY_CONFIG (${file}): ${errorMessage(error)}`);
  }
}

/** The host a target posts to: all /status and the logs show of its URL. */
export function targetHost(target: Pick<NotifyTargetConfig, "url">): string {
  return new URL(target.url).host;
}
