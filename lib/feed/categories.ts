import { parseSeverity, severityRank, type Severity } from "@/lib/briefs/severity";
import { classifyTag, type TagInput } from "@/lib/briefs/tags";

/** rss-parser gives a plain category as a string and one with attributes as `{ _, $ }`. */
export type RawCategory = string | { _?: unknown; $?: Record<string, unknown> } | null | undefined;

export type ClassifiedCategories = {
  severity: Severity;
  /** The raw severity text as published, kept when several were given or it was not recognised. */
  severityRaw: string | null;
  type: string | null;
  tags: TagInput[];
};

function categoryText(category: RawCategory): string {
  if (typeof category === "string") return category.trim();
  if (category && typeof category === "object" && typeof category._ === "string") return category._.trim();
  return "";
}

function categoryDomain(category: RawCategory): string {
  if (category && typeof category === "object") {
    // RSS uses `domain`; Atom's category carries `term` and `scheme`.
    const domain = category.$?.domain ?? category.$?.scheme;
    if (typeof domain === "string") return domain.trim().toLowerCase();
  }
  return "";
}

function categoryTerm(category: RawCategory): string {
  const text = categoryText(category);
  if (text) return text;
  const term = category && typeof category === "object" ? category.$?.term : undefined;
  return typeof term === "string" ? term.trim() : "";
}

export function classifyCategories(categories: readonly RawCategory[] | undefined): ClassifiedCategories {
  const severityTexts: string[] = [];
  let type: string | null = null;
  const tags = new Map<string, TagInput>();

  for (const category of categories ?? []) {
    const domain = categoryDomain(category);
    const text = categoryTerm(category);
    if (!text) continue;
    if (domain === "severity") {
      severityTexts.push(text);
    } else if (domain === "type") {
      type ??= text.toLowerCase();
    } else {
      const tag = classifyTag(text);
      if (tag && !tags.has(tag.name)) tags.set(tag.name, tag);
    }
  }

  // Several severities: the most severe recognised one wins.
  let severity: Severity = "unknown";
  for (const text of severityTexts) {
    const candidate = parseSeverity(text);
    if (severityRank(candidate) < severityRank(severity)) severity = candidate;
  }
  return {
    severity,
    severityRaw: severityTexts.length ? severityTexts.join(", ") : null,
    type,
    tags: [...tags.values()],
  };
}
