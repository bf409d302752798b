import {
  anyOf,
  dynamicProperty,
  elasticSnakeCase,
  elementProperty,
  ip,
  jsonText,
  keyword,
  splunk,
  splunkList,
  unmapped,
  type ElasticField,
  type FieldRow,
  type LogSourceMapping,
  type SentinelField,
  type SplunkField,
} from "../field-types";

/**
 * Entra ID audit logs.
 * - Sentinel: AuditLogs; TargetResources and AdditionalDetails are arrays, tested element by element.
 * - Elastic: the integration's audit pipeline keeps initiated_by.* in camel case, stores target
 *   resources and their modified properties as objects keyed by position (target_resources.0…),
 *   and moves a success or failure result to event.outcome.
 * - Splunk: azure:monitor:aad with category=AuditLogs, the record's JSON names.
 */

const audit = (property: string): ElasticField => keyword(`azure.auditlogs.properties.${property}`);

const TARGET_RESOURCES = { array: "TargetResources", element: "TargetResource" };
const MODIFIED_PROPERTIES = { array: "modifiedProperties", element: "ModifiedProperty" };
const modifiedProperty = (property: string): SentinelField => ({
  kind: "array-element",
  path: [TARGET_RESOURCES, MODIFIED_PROPERTIES],
  property,
});

const BY_POSITION = unmapped(
  "the integration stores target resources as objects keyed by position (target_resources.0, target_resources.1, …), and ES|QL cannot test every position",
);
const LIST_IN_ESQL = unmapped(
  "the integration keeps it as a list of objects, and ES|QL cannot test a property of one element",
);

/** A property of each target resource; kuery reads every position with `*`. */
function targetResource(property: string, elasticProperty: string): FieldRow {
  return {
    sentinel: elementProperty(TARGET_RESOURCES.array, TARGET_RESOURCES.element, property),
    elastic: BY_POSITION,
    elasticAlso: [`azure.auditlogs.properties.target_resources.*.${elasticProperty}`],
    splunk: splunkList(`properties.targetResources{}.${property}`),
  };
}

function modifiedPropertyRow(
  property: string,
  elasticProperty: string,
  elastic: FieldRow["elastic"] = BY_POSITION,
): FieldRow {
  return {
    sentinel: modifiedProperty(property),
    elastic,
    elasticAlso: [`azure.auditlogs.properties.target_resources.*.modified_properties.*.${elasticProperty}`],
    splunk: splunkList(`properties.targetResources{}.modifiedProperties{}.${property}`),
  };
}

function initiatedBy(path: string): FieldRow {
  return {
    sentinel: dynamicProperty("InitiatedBy", path),
    elastic: audit(`initiated_by.${path}`),
    splunk: splunk(`properties.initiatedBy.${path}`),
  };
}

const AUDIT_LOG_ROWS: Record<string, FieldRow> = {
  AADOperationType: { elastic: audit("operation_type"), splunk: splunk("properties.operationType") },
  // In the record the other SIEMs keep, but not in any AuditLogs column.
  CallerIpAddress: {
    sentinel: unmapped("AuditLogs has no column for the caller's address"),
    elastic: ip("source.ip"),
    splunk: splunk("callerIpAddress"),
  },
  UserAgent: {
    sentinel: unmapped("AuditLogs has no column for the caller's user agent"),
    elastic: audit("userAgent"),
    splunk: splunk("properties.userAgent"),
  },
  // The Entra tenant of the record (its tenantId; Sentinel's TenantId is the workspace).
  AADTenantId: { elastic: keyword("azure.tenant_id"), splunk: splunk("tenantId") },
  ActivityDisplayName: { elastic: audit("activity_display_name"), splunk: splunk("properties.activityDisplayName") },
  Category: { elastic: audit("category"), splunk: splunk("properties.category") },
  // The record's correlationId, which the pipeline keeps in properties and copies to azure.correlation_id.
  CorrelationId: {
    elastic: audit("correlation_id"),
    elasticAlso: ["azure.correlation_id"],
    splunk: splunk("correlationId"),
  },
  Identity: { elastic: keyword("azure.auditlogs.identity"), splunk: splunk("identity") },
  "InitiatedBy.app.appId": initiatedBy("app.appId"),
  "InitiatedBy.app.displayName": initiatedBy("app.displayName"),
  "InitiatedBy.app.servicePrincipalId": initiatedBy("app.servicePrincipalId"),
  "InitiatedBy.app.servicePrincipalName": initiatedBy("app.servicePrincipalName"),
  "InitiatedBy.user.displayName": initiatedBy("user.displayName"),
  "InitiatedBy.user.id": initiatedBy("user.id"),
  "InitiatedBy.user.ipAddress": initiatedBy("user.ipAddress"),
  "InitiatedBy.user.userPrincipalName": initiatedBy("user.userPrincipalName"),
  LoggedByService: { elastic: audit("logged_by_service"), splunk: splunk("properties.loggedByService") },
  OperationName: {
    elastic: keyword("azure.auditlogs.operation_name"),
    elasticAlso: ["event.action"],
    splunk: splunk("operationName"),
  },
  // The pipeline moves a success or failure result to event.outcome and keeps any other in properties.result.
  Result: {
    elastic: anyOf([keyword("event.outcome"), audit("result")]),
    elasticAlso: ["event.outcome", "azure.auditlogs.properties.result"],
    splunk: splunk("properties.result"),
  },
  ResultDescription: { elastic: keyword("azure.auditlogs.result_description"), splunk: splunk("resultDescription") },
  ResultReason: { elastic: audit("result_reason"), splunk: splunk("properties.resultReason") },
  ResultSignature: { elastic: keyword("azure.auditlogs.result_signature"), splunk: splunk("resultSignature") },
  TargetResources: {
    sentinel: jsonText(
      "TargetResources",
      "TargetResources is matched as its JSON text in Sentinel, so a value can also match a property name.",
    ),
    elastic: BY_POSITION,
    splunk: {
      name: "targetResourcesJson",
      multivalue: true,
      jsonText: true,
      extraction: "spath output=targetResourcesJson path=properties.targetResources{}",
      warning:
        "TargetResources is matched as the JSON text of each target resource in Splunk, so a value can also match a property name.",
    },
  },
  "TargetResources.displayName": targetResource("displayName", "display_name"),
  "TargetResources.id": targetResource("id", "id"),
  "TargetResources.type": targetResource("type", "type"),
  "TargetResources.userPrincipalName": targetResource("userPrincipalName", "user_principal_name"),
  // The list of a target resource's modified properties as a whole, matched as its JSON text.
  "TargetResources.modifiedProperties": {
    sentinel: {
      ...elementProperty(TARGET_RESOURCES.array, TARGET_RESOURCES.element, "modifiedProperties"),
      warning:
        "TargetResources.modifiedProperties is matched as the JSON text of each target resource's list in Sentinel, so a value can also match a property name.",
    },
    elastic: BY_POSITION,
    splunk: {
      name: "modifiedPropertiesJson",
      multivalue: true,
      jsonText: true,
      extraction: "spath output=modifiedPropertiesJson path=properties.targetResources{}.modifiedProperties{}",
      warning:
        "TargetResources.modifiedProperties is matched as the JSON text of each modified property in Splunk, so a value can also match a property name.",
    },
  },
  // Lossy on purpose, and said so: Entra ID records an application's own change (such as its
  // federated credentials) on the first target resource, usually as its first modified property.
  "TargetResources.modifiedProperties.displayName": modifiedPropertyRow("displayName", "display_name", {
    ...audit("target_resources.0.modified_properties.0.display_name"),
    warning:
      "Elastic's integration keys target resources and their modified properties by position, so this checks only the first target resource's first modified property.",
  }),
  "TargetResources.modifiedProperties.newValue": modifiedPropertyRow("newValue", "new_value"),
  "TargetResources.modifiedProperties.oldValue": modifiedPropertyRow("oldValue", "old_value"),
  "AdditionalDetails.key": {
    sentinel: elementProperty("AdditionalDetails", "AdditionalDetail", "key"),
    elastic: LIST_IN_ESQL,
    elasticAlso: ["azure.auditlogs.properties.additional_details.key"],
    splunk: splunkList("properties.additionalDetails{}.key"),
  },
  "AdditionalDetails.value": {
    sentinel: elementProperty("AdditionalDetails", "AdditionalDetail", "value"),
    elastic: LIST_IN_ESQL,
    elasticAlso: ["azure.auditlogs.properties.additional_details.value"],
    splunk: splunkList("properties.additionalDetails{}.value"),
  },
};

const RESOURCE_PROPERTIES = ["displayName", "id", "type", "userPrincipalName"];
const MODIFIED_PROPERTY_PROPERTIES = ["displayName", "newValue", "oldValue"];
const SIGMA_POSITION = /^TargetResources\[(\d+)\](?:\.modifiedProperties\[(\d+)\])?\.(\w+)$/;
const ELASTIC_POSITION =
  /^azure\.auditlogs\.properties\.target_resources\.(\d+)(?:\.modified_properties\.(\d+))?\.(\w+)$/;

/**
 * One element of the record's lists by position, in Splunk: eval's spath() gives the elements of a
 * JSON list (`{}`) as a multivalue field in their order, and mvindex() picks one, counting from 0
 * (Splunk's eval function reference for spath and mvindex).
 */
function positionalSplunkField(resource: number, modified: number | null, property: string): SplunkField {
  const name = `target_resources_${resource}${modified === null ? "" : `_modified_properties_${modified}`}_${elasticSnakeCase(property)}`;
  const target = `mvindex(spath(_raw, "properties.targetResources{}"), ${resource})`;
  const owner = modified === null ? target : `mvindex(spath(${target}, "modifiedProperties{}"), ${modified})`;
  return { name, extraction: `eval ${name}=spath(${owner}, "${property}")` };
}

/**
 * A property of the target resource at one position (or of one of its modified properties), as
 * Elastic keys them: TargetResources[0].modifiedProperties[3].newValue is
 * target_resources.0.modified_properties.3.new_value.
 */
const POSITIONAL_TARGETS = {
  row(sigmaField: string): FieldRow | undefined {
    const match = SIGMA_POSITION.exec(sigmaField);
    if (match === null) return undefined;
    const [, resource, modified, property] = match;
    if (!(modified === undefined ? RESOURCE_PROPERTIES : MODIFIED_PROPERTY_PROPERTIES).includes(property))
      return undefined;
    const modifiedPath = modified === undefined ? "" : `.modifiedProperties[${modified}]`;
    const elasticModified = modified === undefined ? "" : `.modified_properties.${modified}`;
    return {
      sentinel: {
        kind: "column",
        expression: `tostring(TargetResources[${resource}]${modifiedPath}.${property})`,
        type: "string",
        reads: "TargetResources",
      },
      elastic: audit(`target_resources.${resource}${elasticModified}.${elasticSnakeCase(property)}`),
      splunk: positionalSplunkField(Number(resource), modified === undefined ? null : Number(modified), property),
    };
  },
  sigmaField(elasticField: string): string | undefined {
    const match = ELASTIC_POSITION.exec(elasticField);
    if (match === null) return undefined;
    const [, resource, modified, property] = match;
    const camel = property.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    const name = `TargetResources[${resource}]${modified === undefined ? "" : `.modifiedProperties[${modified}]`}.${camel}`;
    return POSITIONAL_TARGETS.row(name) === undefined ? undefined : name;
  },
};

export const AUDIT_LOG_SOURCES = {
  "azure/auditlogs": {
    sentinel: { tables: ["AuditLogs"] },
    elastic: { index: "logs-azure.auditlogs-*", filter: null },
    splunk: { baseSearch: 'sourcetype="azure:monitor:aad" category=AuditLogs' },
    elasticDataset: { dataset: "azure.auditlogs", categoryField: null, categories: null },
    fields: AUDIT_LOG_ROWS,
    // SigmaHQ's audit-log rules write the activity name as properties.message, and use the
    // record's own names for its result and target resources.
    aliases: {
      "properties.message": "OperationName",
      "properties.result": "Result",
      "properties.targetResources": "TargetResources",
      // The portal's audit log shows the result as "Status" and its reason as "Status reason" or,
      // for a failure, "Failure status reason" (Microsoft Entra security operations guide for
      // applications: https://learn.microsoft.com/en-us/entra/architecture/security-operations-applications).
      Status: "Result",
      failure_status_reason: "ResultReason",
    },
    elasticReadings: {
      "azure.auditlogs.category": { kind: "constant", values: ["AuditLogs"] },
      "event.kind": { kind: "constant", values: ["event"] },
      "source.as.number": unmapped(
        "Elastic adds the caller's network from its GeoIP database; AuditLogs has no such column",
      ),
      "source.as.organization.name": unmapped(
        "Elastic adds the caller's network owner from its GeoIP database; AuditLogs has no such column",
      ),
    },
    positional: POSITIONAL_TARGETS,
  },
} satisfies Record<string, LogSourceMapping>;
