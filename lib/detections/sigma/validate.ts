import type { SigmaDocument } from "./types";
import { isMapping } from "./yaml-values";

export type SigmaValidationOptions = {
  /** The specification makes `id` optional; the bundled library requires one on every rule. */
  requireId?: boolean;
};

const STATUSES = ["stable", "test", "experimental", "deprecated", "unsupported"];
const LEVELS = ["informational", "low", "medium", "high", "critical"];
const RELATION_TYPES = ["derived", "obsolete", "merged", "renamed", "similar"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAG = /^[a-z0-9_-]+\.[a-z0-9._-]+$/;
const DATE = /^(\d{4})([-/])(\d{2})\2(\d{2})$/;
const MAX_TITLE_LENGTH = 256;

/**
 * Human-readable problems with one parsed Sigma document, per the Sigma specification: its
 * metadata, its log source and detection (rules) or its correlation (correlation rules). An empty
 * list means the document is valid. References from a correlation to other documents are not
 * checked here, as they need the whole file.
 */
export function validateSigmaRule(doc: SigmaDocument, options: SigmaValidationOptions = {}): string[] {
  const raw = doc.raw;
  const problems: string[] = [];

  if (raw.title === undefined) problems.push("missing 'title'");
  else if (typeof raw.title !== "string" || raw.title.trim() === "")
    problems.push("'title' must be a non-empty string");
  else if (raw.title.length > MAX_TITLE_LENGTH)
    problems.push(`'title' is ${raw.title.length} characters long; the maximum is ${MAX_TITLE_LENGTH}`);

  if (raw.id === undefined) {
    if (options.requireId) problems.push("missing 'id' (a UUID)");
  } else if (typeof raw.id !== "string" || !UUID.test(raw.id)) {
    problems.push(`'id' must be a UUID, got ${JSON.stringify(raw.id)}`);
  }

  checkOptionalString(raw, "name", problems);
  checkOptionalString(raw, "description", problems);
  checkOptionalString(raw, "author", problems);
  checkOptionalString(raw, "license", problems);
  checkEnum(raw, "status", STATUSES, problems);
  checkEnum(raw, "level", LEVELS, problems);
  checkDate(raw, "date", problems);
  checkDate(raw, "modified", problems);
  checkStringList(raw, "falsepositives", problems);
  checkStringList(raw, "references", problems);
  checkStringList(raw, "fields", problems);
  checkTags(raw.tags, problems);
  checkRelated(raw.related, problems);

  if (doc.kind === "rule") {
    checkLogSource(raw.logsource, problems);
  } else if (raw.detection !== undefined) {
    problems.push("a document has either 'detection' (a rule) or 'correlation' (a correlation rule), not both");
  }
  problems.push(...doc.parseErrors);
  return problems;
}

function checkOptionalString(raw: Record<string, unknown>, key: string, problems: string[]): void {
  if (raw[key] !== undefined && (typeof raw[key] !== "string" || raw[key].trim() === ""))
    problems.push(`'${key}' must be a non-empty string`);
}

function checkEnum(raw: Record<string, unknown>, key: string, allowed: readonly string[], problems: string[]): void {
  const value = raw[key];
  if (value !== undefined && !(typeof value === "string" && allowed.includes(value))) {
    problems.push(`'${key}' must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  }
}

function checkDate(raw: Record<string, unknown>, key: string, problems: string[]): void {
  const value = raw[key];
  if (value === undefined) return;
  const match = typeof value === "string" ? DATE.exec(value) : null;
  if (!match || !isCalendarDate(Number(match[1]), Number(match[3]), Number(match[4]))) {
    problems.push(`'${key}' must be a date written YYYY-MM-DD or YYYY/MM/DD, got ${JSON.stringify(value)}`);
  }
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkStringList(raw: Record<string, unknown>, key: string, problems: string[]): void {
  const value = raw[key];
  if (value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === "string"))) {
    problems.push(`'${key}' must be a list of strings`);
  }
}

function checkTags(tags: unknown, problems: string[]): void {
  if (tags === undefined) return;
  if (!Array.isArray(tags)) {
    problems.push("'tags' must be a list");
    return;
  }
  for (const tag of tags) {
    if (typeof tag !== "string" || !TAG.test(tag)) {
      problems.push(
        `tag ${JSON.stringify(tag)} must be a lower-case namespace and name, such as attack.t1110.003 or attack.credential_access`,
      );
    }
  }
}

function checkRelated(related: unknown, problems: string[]): void {
  if (related === undefined) return;
  if (!Array.isArray(related)) {
    problems.push("'related' must be a list of {id, type} entries");
    return;
  }
  for (const entry of related) {
    const valid =
      isMapping(entry) &&
      typeof entry.id === "string" &&
      UUID.test(entry.id) &&
      typeof entry.type === "string" &&
      RELATION_TYPES.includes(entry.type);
    if (!valid) problems.push(`each 'related' entry needs a UUID 'id' and a 'type' of ${RELATION_TYPES.join(", ")}`);
  }
}

function checkLogSource(logsource: unknown, problems: string[]): void {
  if (logsource === undefined) {
    problems.push("missing 'logsource'");
    return;
  }
  if (!isMapping(logsource)) {
    problems.push("'logsource' must be a mapping");
    return;
  }
  const keys = ["product", "category", "service"];
  for (const key of keys) {
    if (logsource[key] !== undefined && typeof logsource[key] !== "string")
      problems.push(`'logsource.${key}' must be a string`);
  }
  if (!keys.some((key) => typeof logsource[key] === "string" && logsource[key].trim() !== "")) {
    problems.push("'logsource' must name at least one of product, category or service");
  }
}
