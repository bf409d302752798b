/**
 * What changed between two versions of a brief, in the words a SOC analyst reads them: the fields
 * that change triage (severity, type) name their old and new values; prose sections only say that
 * they changed; list sections say how many entries came or went when that is all that happened.
 * Pure, so the brief page and its tests share it.
 */

/** The reader-visible values of one version of a brief: the stored brief, or a revision of it. */
export type BriefVersion = {
  title: string;
  summary: string;
  summaryHtml: string;
  severity: string;
  type: string | null;
  publishedAt: Date | null;
  impactHtml: string | null;
  attackChain: readonly string[];
  recommendations: readonly string[];
  bodyHtml: string;
};

/** Runs of whitespace are not a change a reader would notice. */
function normalise(value: string | null): string {
  return (value ?? "").replace(/\s+/g, " ").trim();
}

function sameText(a: string | null, b: string | null): boolean {
  return normalise(a) === normalise(b);
}

/** "2 steps" for a noun, "2" without one. */
function counted(count: number, noun: string | null): string {
  return noun ? `${count} ${noun}${count === 1 ? "" : "s"}` : String(count);
}

/** Counts of entries only in `previous` (removed) and only in `current` (added), as multisets. */
function listDelta(previous: readonly string[], current: readonly string[]): { added: number; removed: number } {
  const remaining = new Map<string, number>();
  for (const entry of previous.map(normalise)) remaining.set(entry, (remaining.get(entry) ?? 0) + 1);
  let added = 0;
  for (const entry of current.map(normalise)) {
    const count = remaining.get(entry) ?? 0;
    if (count > 0) remaining.set(entry, count - 1);
    else added += 1;
  }
  const removed = [...remaining.values()].reduce((sum, count) => sum + count, 0);
  return { added, removed };
}

/** "Attack chain: 2 steps added", "… 1 step removed", "… reordered" or "Attack chain changed"; null when equal. */
function describeList(
  label: string,
  noun: string | null,
  previous: readonly string[],
  current: readonly string[],
): string | null {
  if (previous.length === current.length && previous.every((entry, index) => sameText(entry, current[index])))
    return null;
  const { added, removed } = listDelta(previous, current);
  if (added > 0 && removed === 0) return `${label}: ${counted(added, noun)} added`;
  if (removed > 0 && added === 0) return `${label}: ${counted(removed, noun)} removed`;
  if (added === 0 && removed === 0) return `${label}: reordered`;
  return `${label} changed`;
}

function describeValue(label: string, previous: string | null, current: string | null): string | null {
  if ((previous ?? "") === (current ?? "")) return null;
  return `${label}: ${previous || "none"} → ${current || "none"}`;
}

function describeSection(label: string, previous: string | null, current: string | null): string | null {
  const before = normalise(previous);
  const after = normalise(current);
  if (before === after) return null;
  if (!before) return `${label} added`;
  if (!after) return `${label} removed`;
  return `${label} changed`;
}

/**
 * The changes from `previous` to `current`, most consequential first. Empty when nothing a reader
 * sees differs (the feed changed only what the brief does not show, such as its tags' order).
 */
export function describeChanges(previous: BriefVersion, current: BriefVersion): string[] {
  const sections = [
    describeList("Attack chain", "step", previous.attackChain, current.attackChain),
    describeSection("Impact", previous.impactHtml, current.impactHtml),
    describeList("Recommendations", null, previous.recommendations, current.recommendations),
  ];
  // The body holds those sections; name it only when none of them explains the change.
  const body =
    sections.some((change) => change !== null) || sameText(previous.bodyHtml, current.bodyHtml)
      ? null
      : "Body text changed";
  return [
    describeValue("Severity", previous.severity, current.severity),
    describeValue("Type", previous.type, current.type),
    sameText(previous.title, current.title) ? null : "Title changed",
    (previous.publishedAt?.getTime() ?? null) === (current.publishedAt?.getTime() ?? null)
      ? null
      : "Published date changed",
    sameText(previous.summary, current.summary) && sameText(previous.summaryHtml, current.summaryHtml)
      ? null
      : "Summary changed",
    ...sections,
    body,
  ].filter((change): change is string => change !== null);
}
