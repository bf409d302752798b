import "server-only";
import { BACKENDS, type Backend } from "@/lib/detections/backends";
import { convertElasticRule, convertSigma, UnsupportedConstructError } from "@/lib/detections/convert";
import type { DetectionView } from "@/lib/detections/queries";

export type ConversionView = {
  backend: Backend;
  label: string;
  language: string;
  query: string | null;
  /** Where the query's meaning differs from the rule's. */
  warnings: string[];
  /** Caveats that leave the meaning whole, such as the schedule the query needs. */
  notes: string[];
  /** Why there is no query: a construct the backend cannot express, named. */
  error: string | null;
};

/**
 * The rule as a query for each SIEM; a construct a backend cannot express is shown, not hidden.
 * An Elastic rule keeps its own query on Elastic and is translated for the others.
 */
export function convertForEveryBackend(detection: Pick<DetectionView, "ruleText" | "ruleFormat">): ConversionView[] {
  const convert = detection.ruleFormat === "sigma" ? convertSigma : convertElasticRule;
  return BACKENDS.map(({ backend, label, language }) => {
    try {
      const result = convert(detection.ruleText, backend);
      return {
        backend,
        label,
        language: result.language,
        query: result.query,
        warnings: result.warnings,
        notes: result.notes,
        error: null,
      };
    } catch (error) {
      if (error instanceof UnsupportedConstructError)
        return { backend, label, language, query: null, warnings: [], notes: [], error: error.message };
      throw error;
    }
  });
}
