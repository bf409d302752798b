import { normaliseItem, type BriefInput, type IdentifiedItem } from "@/lib/feed/normalise";
import { sanitizeFragments, type Fragment } from "@/lib/feed/sanitize";

/** A brief as it is stored: every HTML field sanitized against the brief's own link. */
export type SanitizedBrief = BriefInput & { readonly sanitized: true };

/** The HTML fields of a brief, in one fixed order, so they can be sanitized together and put back. */
function htmlFields(brief: BriefInput): string[] {
  return [brief.bodyHtml, brief.summaryHtml, brief.impactHtml ?? "", ...brief.attackChain, ...brief.recommendations];
}

/** Sanitizes the HTML fields of many briefs in a few sanitize-html calls (see sanitizeFragments). */
export function sanitizeBriefs(briefs: readonly BriefInput[]): SanitizedBrief[] {
  const fragments: Fragment[] = briefs.flatMap((brief) =>
    htmlFields(brief).map((html) => ({ html, baseUrl: brief.link })),
  );
  const sanitized = sanitizeFragments(fragments);
  let next = 0;
  const take = (count: number) => sanitized.slice(next, (next += count));
  return briefs.map((brief) => {
    const [bodyHtml, summaryHtml, impactHtml] = take(3);
    return {
      ...brief,
      bodyHtml,
      summaryHtml,
      impactHtml: brief.impactHtml === null ? null : impactHtml,
      attackChain: take(brief.attackChain.length),
      recommendations: take(brief.recommendations.length),
      sanitized: true,
    };
  });
}

/** Normalise, then sanitize: everything ingest does to a new or changed item before storing it. */
export function prepareItems(items: readonly IdentifiedItem[], baseUrl: string | null): SanitizedBrief[] {
  return sanitizeBriefs(items.map(({ item, ...identity }) => normaliseItem(item, baseUrl, identity)));
}

/**
 * Items per prepared chunk. The store writes a chunk at a time and reports progress every 500 briefs,
 * so a chunk size that divides 500 keeps those reports on round numbers.
 */
export const PREPARE_CHUNK = 250;

/** Prepares items a chunk at a time, yielding each chunk for the store to write before the next. */
export async function* prepareInChunks(
  items: readonly IdentifiedItem[],
  baseUrl: string | null,
): AsyncIterable<SanitizedBrief[]> {
  for (let start = 0; start < items.length; start += PREPARE_CHUNK)
    yield prepareItems(items.slice(start, start + PREPARE_CHUNK), baseUrl);
}
