import { techniqueLabel } from "@/lib/attack/catalog";
import { isTechniqueId } from "@/lib/attack/techniques";
import type { TagKind } from "@/lib/briefs/tags";

/**
 * How each tag reads in a filtered view's title and its filter chips: a tag's own label, and a
 * technique's ATT&CK name, also for techniques a view filters by that only rules give briefs.
 */
export function tagLabelsFor(
  options: { name: string; kind: TagKind; label: string }[],
  filteredBy: string[] = [],
): Record<string, string> {
  const labels: Record<string, string> = Object.fromEntries(
    options.map((option) => [option.name, option.kind === "technique" ? techniqueLabel(option.name) : option.label]),
  );
  for (const name of filteredBy) if (!labels[name] && isTechniqueId(name)) labels[name] = techniqueLabel(name);
  return labels;
}
