import { describe, expect, it } from "vitest";
import { convertSigma } from "@/lib/detections/convert";
import { kustoDiagnostics } from "@/lib/detections/convert/kusto-check";
import { loadBundledDetections } from "@/lib/detections/library/load-bundled";
import { parseSigmaDocuments, validateSigmaRule } from "@/lib/detections/sigma";

const bundled = loadBundledDetections();

describe("the bundled detection library", () => {
  it("has a rule for each Entra detection the sample feed cites", () => {
    expect(bundled.map((rule) => rule.title).sort()).toEqual([
      "Entra ID ADRS Token Request by Microsoft Authentication Broker",
      "Entra ID Excessive Account Lockouts Detected",
      "Entra ID Federated Identity Credential Issuer Modified",
    ]);
  });

  for (const rule of bundled) {
    describe(rule.title, () => {
      it("validates against the Sigma specification, every document with a UUID", () => {
        for (const document of parseSigmaDocuments(rule.ruleText)) {
          expect(validateSigmaRule(document, { requireId: true })).toEqual([]);
        }
      });

      it("converts for Sentinel, Elastic and Splunk, and the Sentinel query passes Microsoft's Kusto parser", () => {
        for (const backend of ["sentinel", "elastic", "splunk"] as const) {
          expect(convertSigma(rule.ruleText, backend).query.length).toBeGreaterThan(20);
        }
        expect(kustoDiagnostics(convertSigma(rule.ruleText, "sentinel").query)).toEqual([]);
      });

      it("carries triage steps that name the fields they inspect, and false positives", () => {
        expect(rule.triage.length).toBeGreaterThanOrEqual(5);
        expect(rule.triage.every((step) => step.fields.length > 0)).toBe(true);
        expect(rule.falsePositives.length).toBeGreaterThan(0);
      });
    });
  }
});

describe("lossy steps", () => {
  it("are shown as warnings beside the query, such as Elastic's positional target resources", () => {
    const rule = bundled.find((item) => item.title === "Entra ID Federated Identity Credential Issuer Modified")!;
    const elastic = convertSigma(rule.ruleText, "elastic");
    expect(elastic.query).toContain("azure.auditlogs.properties.target_resources.0.modified_properties.0.display_name");
    expect(elastic.warnings).toEqual([expect.stringMatching(/only the first target resource's first modified property/)]);
  });
});
