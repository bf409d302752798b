import type { DetectionRecord } from "@/lib/detections/types";

/** A complete Sigma detection record with sensible defaults; override what a test cares about. */
export function detectionRecord(overrides: Partial<DetectionRecord> = {}): DetectionRecord {
  return {
    id: "11111111-1111-4111-8111-111111111111",
    title: "Okta MFA Push Flood",
    status: "experimental",
    level: "high",
    description: "Many pushes.",
    logsource: { product: "okta", service: "okta" },
    ruleText: "title: Okta MFA Push Flood\n",
    ruleFormat: "sigma",
    techniques: ["T1621"],
    tactics: ["credential_access"],
    falsePositives: ["A user retrying"],
    references: [],
    triage: [{ text: "Check the user.", fields: ["actor.alternateId"] }],
    source: "sigma-import",
    author: "Analyst",
    license: null,
    nativeQuery: null,
    ...overrides,
  };
}
