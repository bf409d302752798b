import "server-only";
import { BACKENDS, type Backend } from "@/lib/detections/backends";
import { convertSigma, UnsupportedConstructError } from "@/lib/detections/convert";
import type { DetectionView } from "@/lib/detections/queries";


export type ConversionView = {
  backend: Backend;
  label: string;
  language: string;
  query: string | null;
  warnings: string[];
  /** Why there is no query: a construct the backend cannot express, or a rule that is not Sigma. */
  error: string | null;
};

/** The rule as a query for each SIEM; a construct a backend cannot express is shown, not hidden. */
export function convertForEveryBackend(detection: Pick<DetectionView, "ruleText" | "ruleFormat" | "nativeQuery">): ConversionView[] {
  return BACKENDS.map(({ backend, label, language }) => {
    if (detection.ruleFormat !== "sigma") {
      const native = backend === "elastic" ? detection.nativeQuery : null;
      return native
        ? { backend, label, language: native.language, query: native.text, warnings: ["The rule's own Elastic query, as its author wrote it."], error: null }
        : { backend, label, language, query: null, warnings: [], error: "Only Sigma rules are converted; this rule is in Elastic's own format." };
    }
    try {
      const result = convertSigma(detection.ruleText, backend);
      return { backend, label, language: result.language, query: result.query, warnings: result.warnings, error: null };
    } catch (error) {
      if (error instanceof UnsupportedConstructError) return { backend, label, language, query: null, warnings: [], error: error.message };
      throw error;
    }
  });
}
