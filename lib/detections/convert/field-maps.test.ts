import { describe, expect, it } from "vitest";
import { UnsupportedConstructError } from "@/lib/detections/convert/errors";
import { ELASTIC_LOG_SOURCES, LOG_SOURCE_IDS, mappedFields, resolveLogSource, SENTINEL_LOG_SOURCES, SPLUNK_LOG_SOURCES } from "@/lib/detections/convert/field-maps";

describe("resolveLogSource", () => {
  it("maps product azure with the signinlogs, noninteractiveusersigninlogs and auditlogs services", () => {
    expect(resolveLogSource({ product: "azure", service: "signinlogs" }, "sentinel")).toBe("azure/signinlogs");
    expect(resolveLogSource({ product: "Azure", service: "NonInteractiveUserSignInLogs" }, "sentinel")).toBe("azure/noninteractiveusersigninlogs");
    expect(resolveLogSource({ product: "azure", service: "auditlogs" }, "sentinel")).toBe("azure/auditlogs");
  });

  it("refuses any other log source, naming it", () => {
    expect(() => resolveLogSource({ product: "windows", category: "process_creation" }, "splunk")).toThrow(
      "The splunk backend cannot express the log source (product: windows, category: process_creation): only product azure with service signinlogs, noninteractiveusersigninlogs, auditlogs is mapped",
    );
    expect(() => resolveLogSource({ product: "azure", service: "activitylogs" }, "elastic")).toThrow(UnsupportedConstructError);
    expect(() => resolveLogSource({ product: "azure", service: "constructor" }, "elastic")).toThrow(UnsupportedConstructError);
  });
});

describe("mappedFields", () => {
  const table = SENTINEL_LOG_SOURCES["azure/signinlogs"].fields;

  it("returns the backend field, or every field a composite Sigma field stands for", () => {
    const warnings = new Set<string>();
    expect(mappedFields(table, "IpAddress", "azure/signinlogs", "sentinel", warnings)).toEqual([{ kind: "column", expression: "IPAddress", type: "string" }]);
    expect(mappedFields(table, "Status", "azure/signinlogs", "sentinel", warnings).map((field) => field.kind === "column" && field.expression)).toEqual([
      "tostring(Status.errorCode)",
      "tostring(Status.failureReason)",
      "tostring(Status.additionalDetails)",
    ]);
    expect(warnings.size).toBe(0);
  });

  it("refuses an unmapped field, naming the field and the log source, and never reads inherited keys", () => {
    for (const name of ["ProcessName", "toString", "__proto__"]) {
      const attempt = () => mappedFields(table, name, "azure/signinlogs", "sentinel", new Set());
      expect(attempt).toThrow(UnsupportedConstructError);
      expect(attempt).toThrow(`The sentinel backend cannot express the field '${name}' of the azure/signinlogs log source: it has no mapping to a field of this SIEM`);
    }
  });

  it("collects the caveat of a mapping", () => {
    const warnings = new Set<string>();
    mappedFields(SPLUNK_LOG_SOURCES["azure/signinlogs"].fields, "AuthenticationProcessingDetails", "azure/signinlogs", "splunk", warnings);
    expect([...warnings]).toEqual(["AuthenticationProcessingDetails is matched against each key and each value of the list in Splunk, not against its text as a whole."]);
  });
});

describe("the field tables", () => {
  it.each(LOG_SOURCE_IDS)("know the same Sigma fields for %s on every backend", (logSource) => {
    const sentinel = Object.keys(SENTINEL_LOG_SOURCES[logSource].fields).sort();
    expect(Object.keys(ELASTIC_LOG_SOURCES[logSource].fields).sort()).toEqual(sentinel);
    expect(Object.keys(SPLUNK_LOG_SOURCES[logSource].fields).sort()).toEqual(sentinel);
  });
});
