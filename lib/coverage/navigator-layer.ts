import { ATTACK, ATTACK_MAJOR_VERSION } from "@/lib/attack/catalog";
import { SEVERITY_LABELS } from "@/lib/briefs/severity";
import { plural } from "@/lib/format/plural";
import type { CoverageModel, CoverageRow } from "@/lib/coverage/model";
import type { LayerSubject } from "@/lib/coverage/validations";

/**
 * An ATT&CK Navigator layer (format 4.5) of a coverage view: one entry per technique and tactic it
 * sits under, scored by the briefs describing it or the rules in use detecting it, with comments
 * naming them and links back to the dashboard. Import it in Navigator with "Open Existing Layer".
 */

/** The Navigator release whose layer format is 4.5 and which knows ATT&CK v18. */
const NAVIGATOR_VERSION = "5.2.0";
/** How many briefs or rules a comment names before it says how many more there are. */
export const NAMED_IN_COMMENT = 10;

const COLOURS = {
  briefs: { low: "#fff5f0", high: "#cb181d", legend: "Described by briefs (darker: more briefs)" },
  rules: { low: "#f7fcf5", high: "#238b45", legend: "Detected by rules in use (darker: more rules)" },
  deployed: { low: "#f7fbff", high: "#2171b5", legend: "Detected by deployed rules (darker: more rules)" },
} as const;
/** How a rules layer names one of the rules it counts. */
const RULE_NAMED = { rules: "rule in use", deployed: "deployed rule" } as const;
const GAP_COLOUR = "#fdae6b";

type LinkItem = { label: string; url: string };
type MetadataItem = { name: string; value: string };

export type LayerTechnique = {
  techniqueID: string;
  tactic: string;
  score: number;
  color?: string;
  comment: string;
  enabled: boolean;
  metadata: MetadataItem[];
  links: LinkItem[];
  showSubtechniques: boolean;
};

export type NavigatorLayer = {
  name: string;
  versions: { attack: string; navigator: string; layer: "4.5" };
  domain: "enterprise-attack";
  description: string;
  filters?: { platforms: string[] };
  sorting: number;
  layout: { layout: "side"; aggregateFunction: "max"; showID: boolean; showName: boolean; showAggregateScores: boolean; countUnscored: boolean; expandedSubtechniques: "annotated" };
  hideDisabled: boolean;
  techniques: LayerTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  showTacticRowBackground: boolean;
  tacticRowBackground: string;
  selectTechniquesAcrossTactics: boolean;
  selectSubtechniquesWithParent: boolean;
  selectVisibleTechniques: boolean;
  metadata: MetadataItem[];
  links: LinkItem[];
};

export type LayerInput = {
  model: CoverageModel;
  subject: LayerSubject;
  /** Titles of the briefs or rules per technique, as many as a comment names. */
  titles: Map<string, string[]>;
  /** What the view's filters select, such as "High briefs — Credential Access". */
  filterDescription: string;
  /** ATT&CK platform names the view is limited to; null for every platform. */
  platforms: string[] | null;
  /** The coverage view in the dashboard, and the briefs or rules of one technique there. */
  coverageUrl: string;
  techniqueUrl: (id: string) => string;
  generatedAt: Date;
};

function commentOf(row: CoverageRow, subject: LayerSubject, titles: string[]): string {
  const count = subject === "briefs" ? row.briefs : row.rules;
  const noRule = subject === "deployed" ? "No deployed rule" : "No rule in use";
  if (count === 0) return `${noRule} detects it; ${plural(row.briefs, "brief")} ${row.briefs === 1 ? "describes" : "describe"} it.`;
  const heading =
    subject === "briefs" ? plural(count, "brief") : `${plural(count, "rule")} ${subject === "deployed" ? "deployed" : "in use"}`;
  const more = count > titles.length ? `; and ${count - titles.length} more` : "";
  return `${heading}: ${titles.map((title) => `“${title}”`).join("; ")}${more}`;
}

export function navigatorLayer(input: LayerInput): NavigatorLayer {
  const { model, subject } = input;
  const scoreOf = (row: CoverageRow) => (subject === "briefs" ? row.briefs : row.rules);
  // A rules layer also marks the gaps, so that what no rule detects stands out in Navigator too.
  const entries = model.rows.filter((row) => row.status === "active" && (scoreOf(row) > 0 || (subject !== "briefs" && row.gap)));
  const withEntries = new Set(entries.map((row) => row.id));
  const maxScore = Math.max(1, ...entries.map(scoreOf));
  const colours = COLOURS[subject];

  const techniques = entries.flatMap((row) =>
    row.tactics.map(
      (tactic): LayerTechnique => ({
        techniqueID: row.id,
        tactic,
        score: scoreOf(row),
        ...(subject !== "briefs" && row.gap ? { color: GAP_COLOUR } : {}),
        comment: commentOf(row, subject, input.titles.get(row.id) ?? []),
        enabled: true,
        metadata: [
          { name: "Briefs", value: String(row.briefs) },
          { name: "Highest severity", value: row.highest ? SEVERITY_LABELS[row.highest] : "–" },
          { name: subject === "deployed" ? "Deployed rules" : "Rules in use", value: String(row.rules) },
          ...(row.gap
            ? [{ name: "Gap", value: `Briefs describe it; no ${subject === "deployed" ? "deployed rule" : "rule in use"} detects it` }]
            : []),
        ],
        links: [{ label: `${row.id} in Threat Briefs`, url: input.techniqueUrl(row.id) }],
        showSubtechniques: row.parent === null && model.rows.some((other) => other.parent === row.id && withEntries.has(other.id)),
      }),
    ),
  );

  const subjectText =
    subject === "briefs" ? "Briefs describing each technique" : subject === "deployed" ? "Deployed rules detecting each technique" : "Rules in use detecting each technique";
  return {
    name: `Threat Briefs: ${subject === "briefs" ? "briefs" : subject === "deployed" ? "deployed rules" : "rules"} — ${input.filterDescription}`,
    versions: { attack: ATTACK_MAJOR_VERSION, navigator: NAVIGATOR_VERSION, layer: "4.5" },
    domain: "enterprise-attack",
    description: `${subjectText} (${input.filterDescription}), as of ${input.generatedAt.toISOString()}. A technique's score takes in its sub-techniques. ATT&CK Enterprise v${ATTACK.version}.`,
    ...(input.platforms ? { filters: { platforms: input.platforms } } : {}),
    sorting: 3,
    layout: { layout: "side", aggregateFunction: "max", showID: true, showName: true, showAggregateScores: false, countUnscored: false, expandedSubtechniques: "annotated" },
    hideDisabled: false,
    techniques,
    gradient: { colors: [colours.low, colours.high], minValue: 0, maxValue: maxScore },
    legendItems: [{ label: colours.legend, color: colours.high }, ...(subject !== "briefs" ? [{ label: `Gap: briefs describe it, no ${RULE_NAMED[subject]} detects it`, color: GAP_COLOUR }] : [])],
    showTacticRowBackground: false,
    tacticRowBackground: "#dddddd",
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [
      { name: "Filter", value: input.filterDescription },
      { name: "Generated", value: input.generatedAt.toISOString() },
      { name: "ATT&CK", value: `Enterprise v${ATTACK.version}. ${ATTACK.notice}` },
    ],
    links: [{ label: "This coverage view in Threat Briefs", url: input.coverageUrl }],
  };
}
