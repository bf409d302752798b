// No zod or catalog here: the coverage page's links and the filter controls share these names.
import { briefListHref } from "@/lib/briefs/list-href";
import type { BriefFilters } from "@/lib/briefs/validations";
import type { Siem } from "@/lib/deployments/validations";

/**
 * What the matrix shows: by default the techniques the briefs (or, unfiltered, the rules) touch;
 * or the whole matrix for the platforms of identity and cloud, one of them, or all platforms.
 */
export const MATRIX_VIEWS = ["touched", "cloud", "identity-provider", "saas", "iaas", "office-suite", "all"] as const;
export type MatrixView = (typeof MATRIX_VIEWS)[number];

export const MATRIX_VIEW_LABELS: Record<MatrixView, string> = {
  touched: "Techniques in briefs and rules",
  cloud: "Identity and cloud",
  "identity-provider": "Identity Provider",
  saas: "SaaS",
  iaas: "IaaS",
  "office-suite": "Office Suite",
  all: "All platforms",
};

/** ATT&CK platform names of each whole-matrix view; null means every platform. */
export const MATRIX_VIEW_PLATFORMS: Record<Exclude<MatrixView, "touched">, string[] | null> = {
  cloud: ["Identity Provider", "SaaS", "IaaS", "Office Suite"],
  "identity-provider": ["Identity Provider"],
  saas: ["SaaS"],
  iaas: ["IaaS"],
  "office-suite": ["Office Suite"],
  all: null,
};

/**
 * Which rules count as detecting a technique: every rule in use in the library (the default), or
 * only those the team marked deployed (`of=deployed`), to one SIEM (`&siem=sentinel`) or any.
 */
export type RuleScope = { rulesFrom: "library" | "deployed"; siem: Siem | null };

export type CoverageParams = BriefFilters & { matrix: MatrixView } & RuleScope;

/** The rule scope as the URL carries it: nothing for the library. */
export function ruleScopeQuery(scope: Partial<RuleScope>): Record<string, string> {
  if (scope.rulesFrom !== "deployed") return {};
  return scope.siem ? { of: "deployed", siem: scope.siem } : { of: "deployed" };
}

/** The matrix view as the URL carries it: nothing for the default. */
export function matrixQuery(matrix: MatrixView): Record<string, string> {
  return matrix === "touched" ? {} : { matrix };
}

/** The URL of a coverage view, or of one of its exports (/coverage.csv, /coverage/layer.json). */
export function coverageHref(params: Partial<CoverageParams>, pathname = "/coverage", extra: Record<string, string> = {}): string {
  return briefListHref({ ...params, sort: undefined, page: undefined }, pathname, {
    ...matrixQuery(params.matrix ?? "touched"),
    ...ruleScopeQuery(params),
    ...extra,
  });
}
