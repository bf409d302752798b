import type { TriageStep } from "@/lib/detections/types";
import { unique } from "@/lib/detections/importers/values";

const LIST_ITEM = /^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const CODE_SPAN = /`([^`]+)`/g;
/**
 * What a backticked span must look like to count as a field name: dotted identifiers such as
 * `IPAddress` or `azure.signinlogs.properties.user_principal_name`. Spans holding values or
 * queries (`"refreshToken"`, `ResultType: 50053`, `50053`) are kept in the text but not listed.
 */
const FIELD_NAME = /^[A-Za-z_@][\w@.[\]-]*$/;

/** A step from one list item's text: backticks dropped from the text, their names listed. */
export function triageStepFromText(markdown: string): TriageStep {
  const fields = Array.from(markdown.matchAll(CODE_SPAN), (match) => match[1].trim()).filter((span) =>
    FIELD_NAME.test(span),
  );
  const text = markdown
    .replace(CODE_SPAN, "$1")
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
  return { text, fields: unique(fields) };
}

/**
 * The list items of a markdown text, one step each. Items indented under an item, and lines that
 * continue it, belong to that item, so a nested sub-list stays part of the step it explains.
 */
export function triageStepsFromMarkdownList(markdown: string): TriageStep[] {
  const items: string[] = [];
  let topIndent: number | null = null;
  let current: string[] | null = null;
  let afterBlank = false;

  const finish = () => {
    if (current) items.push(current.join(" "));
    current = null;
  };

  for (const line of markdown.split(/\r?\n/)) {
    if (line.trim() === "") {
      afterBlank = true;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    const item = LIST_ITEM.exec(line);
    if (item && (topIndent === null || indent <= topIndent)) {
      finish();
      topIndent ??= indent;
      current = [item[2]];
    } else if (current && (indent > (topIndent ?? 0) || (!afterBlank && !HEADING.test(line)))) {
      // A nested item or an indented / lazy continuation line of the current item.
      current.push(item ? item[2] : line.trim());
    } else {
      // A heading or paragraph after the list closes it; a later list starts afresh.
      finish();
      topIndent = null;
    }
    afterBlank = false;
  }
  finish();
  return items.map(triageStepFromText).filter((step) => step.text !== "");
}

/**
 * The body of the first section whose heading matches, up to the next heading of the same or a
 * higher level; null when no heading matches.
 */
export function markdownSection(markdown: string, heading: RegExp): string | null {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => {
    const match = HEADING.exec(line);
    return match !== null && heading.test(match[2]);
  });
  if (start === -1) return null;
  const level = HEADING.exec(lines[start])![1].length;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = HEADING.exec(line);
    if (match && match[1].length <= level) break;
    body.push(line);
  }
  return body.join("\n");
}
