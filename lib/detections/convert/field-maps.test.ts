import { describe, expect, it } from "vitest";
import { UnsupportedConstructError } from "@/lib/detections/convert/errors";
import {
  elasticReading,
  LOG_SOURCE_IDS,
  logSourceForDataset,
  logSourceMapping,
  mappedFields,
  resolveLogSource,
} from "@/lib/detections/convert/field-maps";
import { isAnyOf, isUnmapped } from "@/lib/detections/convert/field-types";
import { sentinelColumnsOf } from "@/lib/detections/convert/log-sources/build";
import { documentedColumns } from "@/lib/detections/convert/sentinel-schema";

describe("resolveLogSource", () => {
  it("maps product/service, in any case", () => {
    expect(resolveLogSource({ product: "azure", service: "signinlogs" }, "sentinel")).toBe("azure/signinlogs");
    expect(resolveLogSource({ product: "Azure", service: "NonInteractiveUserSignInLogs" }, "sentinel")).toBe(
      "azure/noninteractiveusersigninlogs",
    );
    expect(resolveLogSource({ product: "azure", service: "auditlogs" }, "sentinel")).toBe("azure/auditlogs");
    expect(resolveLogSource({ product: "azure", service: "activitylogs" }, "splunk")).toBe("azure/activitylogs");
    expect(resolveLogSource({ product: "azure", service: "riskdetection" }, "elastic")).toBe("azure/riskdetection");
    expect(resolveLogSource({ product: "m365", service: "audit" }, "sentinel")).toBe("m365/audit");
  });

  it("refuses any other log source, naming it", () => {
    expect(() => resolveLogSource({ product: "windows", category: "process_creation" }, "splunk")).toThrow(
      `The splunk backend cannot express the log source (product: windows, category: process_creation): the mapped log sources are ${LOG_SOURCE_IDS.join(", ")}`,
    );
    expect(() => resolveLogSource({ product: "azure", service: "constructor" }, "elastic")).toThrow(
      UnsupportedConstructError,
    );
    expect(() => resolveLogSource({ product: "azure", service: "signinlogs", category: "x" }, "elastic")).toThrow(
      UnsupportedConstructError,
    );
  });

  it("says why PIM alerts are not mapped, and maps Microsoft 365 alerts", () => {
    expect(() => resolveLogSource({ product: "azure", service: "pim" }, "sentinel")).toThrow(
      /Microsoft Graph resources \(unifiedRoleManagementAlertIncident\)/,
    );
    expect(resolveLogSource({ product: "m365", service: "threat_management" }, "splunk")).toBe(
      "m365/threat_management",
    );
    expect(resolveLogSource({ product: "m365", service: "threat_detection" }, "elastic")).toBe("m365/threat_detection");
  });
});

describe("mappedFields", () => {
  it("returns the backend field, or every field a composite Sigma field stands for", () => {
    const warnings = new Set<string>();
    expect(mappedFields("azure/signinlogs", "sentinel", "IPAddress", warnings)).toEqual([
      { kind: "column", expression: "IPAddress", type: "string", reads: "IPAddress" },
    ]);
    expect(
      mappedFields("azure/signinlogs", "sentinel", "Status", warnings).map(
        (field) => field.kind === "column" && field.expression,
      ),
    ).toEqual(["tostring(Status.errorCode)", "tostring(Status.failureReason)", "tostring(Status.additionalDetails)"]);
    expect(warnings.size).toBe(0);
  });

  it("matches a field name without regard to case, and an alias", () => {
    expect(mappedFields("azure/signinlogs", "elastic", "IpAddress", new Set())).toEqual([
      { name: "source.ip", type: "ip" },
    ]);
    expect(mappedFields("azure/signinlogs", "splunk", "DeviceDetail.trusttype", new Set())).toEqual([
      { name: "properties.deviceDetail.trustType" },
    ]);
    expect(mappedFields("azure/auditlogs", "splunk", "properties.message", new Set())).toEqual([
      { name: "operationName" },
    ]);
    // The alias wins over a column that differs only in case: operationName is the record's, OperationName a display name.
    expect(mappedFields("azure/activitylogs", "sentinel", "operationName", new Set())).toEqual([
      { kind: "column", expression: "OperationNameValue", type: "string", reads: "OperationNameValue" },
    ]);
  });

  it("uses every documented Sentinel column as it is, with its documented type", () => {
    expect(mappedFields("azure/signinlogs", "sentinel", "NetworkLocationDetails", new Set())).toEqual([
      { kind: "column", expression: "NetworkLocationDetails", type: "string", reads: "NetworkLocationDetails" },
    ]);
    expect(mappedFields("azure/auditlogs", "sentinel", "DurationMs", new Set())).toEqual([
      { kind: "column", expression: "DurationMs", type: "number", reads: "DurationMs" },
    ]);
    expect(mappedFields("azure/signinlogs", "sentinel", "IsRisky", new Set())).toEqual([
      { kind: "column", expression: "IsRisky", type: "bool", reads: "IsRisky" },
    ]);
    const warnings = new Set<string>();
    expect(mappedFields("azure/signinlogs", "sentinel", "MfaDetail", warnings)).toMatchObject([
      { kind: "json-text", expression: "tostring(MfaDetail)" },
    ]);
    expect([...warnings]).toEqual([
      "MfaDetail is matched as its JSON text in Sentinel, so only text it contains can be matched.",
    ]);
    expect(() => mappedFields("azure/signinlogs", "sentinel", "CreatedDateTime", new Set())).toThrow(
      "CreatedDateTime is a datetime column",
    );
    expect(() => mappedFields("azure/signinlogs", "elastic", "NetworkLocationDetails", new Set())).toThrow(
      "it has no mapping to a field of this SIEM",
    );
  });

  it("maps RiskEventTypes_V2 and IPAddressFromResourceProvider on every backend", () => {
    expect(mappedFields("azure/signinlogs", "elastic", "RiskEventTypes_V2", new Set())).toEqual([
      { name: "azure.signinlogs.properties.risk_event_types_v2", type: "keyword", list: true },
    ]);
    expect(mappedFields("azure/signinlogs", "splunk", "RiskEventTypes_V2", new Set())).toEqual([
      { name: "properties.riskEventTypes_v2{}", multivalue: true },
    ]);
    expect(mappedFields("azure/signinlogs", "elastic", "IPAddressFromResourceProvider", new Set())).toEqual([
      { name: "azure.signinlogs.properties.ip_address_from_resource_provider", type: "keyword" },
    ]);
    expect(mappedFields("azure/signinlogs", "splunk", "IPAddressFromResourceProvider", new Set())).toEqual([
      { name: "properties.ipAddressFromResourceProvider" },
    ]);
  });

  it("refuses an unmapped field, naming the field and the log source, and never reads inherited keys", () => {
    for (const name of ["ProcessName", "toString", "__proto__"]) {
      const attempt = () => mappedFields("azure/signinlogs", "sentinel", name, new Set());
      expect(attempt).toThrow(UnsupportedConstructError);
      expect(attempt).toThrow(
        `The sentinel backend cannot express the field '${name}' of the azure/signinlogs log source: it has no mapping to a field of this SIEM`,
      );
    }
  });

  it("collects the caveat of a mapping", () => {
    const warnings = new Set<string>();
    mappedFields("azure/signinlogs", "splunk", "AuthenticationProcessingDetails", warnings);
    expect([...warnings]).toEqual([
      "AuthenticationProcessingDetails is matched against each key and each value of the list in Splunk, not against its text as a whole.",
    ]);
  });
});

describe("elasticReading", () => {
  it("reads an integration field back as the Sigma field whose Elastic field it exactly is", () => {
    expect(elasticReading("azure/signinlogs", "azure.signinlogs.properties.app_id")).toEqual({
      kind: "field",
      field: "AppId",
      elasticType: "keyword",
    });
    expect(elasticReading("azure/signinlogs", "source.ip")).toEqual({
      kind: "field",
      field: "IPAddress",
      elasticType: "ip",
    });
    expect(elasticReading("azure/signinlogs", "event.action")).toEqual({ kind: "field", field: "OperationName" });
    expect(elasticReading("azure/auditlogs", "azure.auditlogs.properties.target_resources.*.display_name")).toEqual({
      kind: "field",
      field: "TargetResources.displayName",
    });
  });

  it("reads a field named by position as that position, not through a lossy mapping", () => {
    expect(
      elasticReading(
        "azure/auditlogs",
        "azure.auditlogs.properties.target_resources.0.modified_properties.0.display_name",
      ),
    ).toEqual({
      kind: "field",
      field: "TargetResources[0].modifiedProperties[0].displayName",
      elasticType: "keyword",
    });
    expect(elasticReading("azure/auditlogs", "azure.auditlogs.properties.target_resources.2.type")).toMatchObject({
      field: "TargetResources[2].type",
    });
    expect(
      elasticReading("azure/auditlogs", "azure.auditlogs.properties.target_resources.0.new_value"),
    ).toBeUndefined();
  });

  it("maps a field named by position on every SIEM; in Splunk, the list elements in order, counted from 0", () => {
    expect(
      mappedFields("azure/auditlogs", "sentinel", "TargetResources[0].modifiedProperties[3].newValue", new Set()),
    ).toEqual([
      {
        kind: "column",
        expression: "tostring(TargetResources[0].modifiedProperties[3].newValue)",
        type: "string",
        reads: "TargetResources",
      },
    ]);
    expect(
      mappedFields("azure/auditlogs", "elastic", "TargetResources[0].modifiedProperties[3].newValue", new Set()),
    ).toEqual([
      { name: "azure.auditlogs.properties.target_resources.0.modified_properties.3.new_value", type: "keyword" },
    ]);
    expect(mappedFields("azure/auditlogs", "splunk", "TargetResources[1].type", new Set())).toEqual([
      {
        name: "target_resources_1_type",
        extraction:
          'eval target_resources_1_type=spath(mvindex(spath(_raw, "properties.targetResources{}"), 1), "type")',
      },
    ]);
    expect(
      mappedFields("azure/auditlogs", "splunk", "TargetResources[0].modifiedProperties[3].newValue", new Set())[0]
        .extraction,
    ).toBe(
      'eval target_resources_0_modified_properties_3_new_value=spath(mvindex(spath(mvindex(spath(_raw, "properties.targetResources{}"), 0), "modifiedProperties{}"), 3), "newValue")',
    );
  });

  it("reads the ECS fields the integration derives", () => {
    expect(elasticReading("azure/signinlogs", "event.outcome")).toEqual({
      kind: "values",
      field: "ResultType",
      values: { success: { equals: "0" }, failure: { notEquals: "0" } },
    });
    expect(elasticReading("azure/signinlogs", "event.category")).toEqual({
      kind: "constant",
      values: ["authentication"],
    });
    expect(elasticReading("azure/serviceprincipalsigninlogs", "source.as.organization.name")).toMatchObject({
      kind: "unmapped",
    });
    expect(elasticReading("azure/signinlogs", "source.as.organization.name")).toMatchObject({
      kind: "substitute",
      field: "AutonomousSystemNumber",
      values: { "MICROSOFT-CORP-MSN-AS-BLOCK": ["8068", "8069", "8070", "8071", "8072", "8073", "8074", "8075"] },
    });
    expect(elasticReading("azure/signinlogs", "source.geo.city_name")).toEqual({
      kind: "field",
      field: "LocationDetails.city",
      warning:
        "Elastic locates the address with its GeoIP database (source.geo.*); the query reads the location Entra ID recorded for the sign-in (LocationDetails).",
    });
  });

  it("keeps a field the records hold though the Sentinel table has no column for it, refused on Sentinel only", () => {
    expect(mappedFields("azure/serviceprincipalsigninlogs", "splunk", "ClientCredentialType", new Set())).toEqual([
      { name: "properties.clientCredentialType" },
    ]);
    expect(() =>
      mappedFields("azure/serviceprincipalsigninlogs", "sentinel", "ClientCredentialType", new Set()),
    ).toThrow("AADServicePrincipalSignInLogs documents no column for it");
  });
});

describe("logSourceForDataset", () => {
  it("finds the source of a data set and category", () => {
    expect(logSourceForDataset("azure.signinlogs", null)).toBe("azure/signins");
    expect(logSourceForDataset("azure.signinlogs", "NonInteractiveUserSignInLogs")).toBe(
      "azure/noninteractiveusersigninlogs",
    );
    expect(logSourceForDataset("azure.auditlogs", null)).toBe("azure/auditlogs");
    expect(logSourceForDataset("azure.identity_protection", "userriskevents")).toBe("azure/riskdetection");
    expect(logSourceForDataset("o365.audit", null)).toBe("m365/audit");
    expect(logSourceForDataset("aws.cloudtrail", null)).toBeUndefined();
  });
});

describe("the field tables", () => {
  it.each(LOG_SOURCE_IDS)("%s reads only documented columns of its Sentinel tables", (id) => {
    const source = logSourceMapping(id);
    if (isUnmapped(source.sentinel)) return;
    const documented = source.sentinel.tables.map(documentedColumns);
    for (const [name, row] of Object.entries(source.fields)) {
      for (const columnName of sentinelColumnsOf(name, row))
        expect(
          documented.some((columns) => columns.has(columnName)),
          `${id} ${name} reads ${columnName}`,
        ).toBe(true);
    }
  });

  it.each(LOG_SOURCE_IDS)("%s: every alias names a row, and no Elastic field reads back as two fields", (id) => {
    const source = logSourceMapping(id);
    for (const target of Object.values(source.aliases ?? {})) expect(Object.hasOwn(source.fields, target)).toBe(true);
    const readBack = new Map<string, string>();
    for (const [name, row] of Object.entries(source.fields)) {
      const exact = isUnmapped(row.elastic) || isAnyOf(row.elastic) || row.elastic.warning ? [] : [row.elastic.name];
      for (const elasticName of [...exact, ...(row.elasticAlso ?? [])]) {
        expect(
          readBack.get(elasticName),
          `${elasticName} reads back as ${readBack.get(elasticName)} and ${name}`,
        ).toBeUndefined();
        readBack.set(elasticName, name);
      }
    }
  });
});
