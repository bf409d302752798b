import type { SigmaLogSource } from "@/lib/detections/sigma/types";
import { cannotExpress, type ConversionBackend } from "./errors";
import type { FieldTest } from "./filter-expression";

/**
 * Where each Sigma log source lives in each SIEM, and one table per log source and backend from
 * the Sigma field names Azure rules use (the Sentinel column names, as SigmaHQ writes them) to the
 * backend's own field. A Sigma field missing from a table is an UnsupportedConstructError: the
 * converter never guesses a field.
 *
 * Sources for the field names:
 * - Sentinel: the Azure Monitor table reference (SigninLogs, AADNonInteractiveUserSignInLogs,
 *   AuditLogs). In AADNonInteractiveUserSignInLogs, DeviceDetail, LocationDetails and Status are
 *   JSON text (type string), not dynamic, so their properties go through parse_json().
 * - Elastic: the Azure Logs integration (data streams azure.signinlogs and azure.auditlogs), whose
 *   pipeline snake-cases the Graph property names under azure.signinlogs.properties.* and moves a
 *   few to ECS (source.ip, user_agent.original, geo.*).
 * - Splunk: the Splunk Add-on for Microsoft Cloud Services, sourcetype azure:monitor:aad, which
 *   keeps the Azure Monitor export's JSON names (properties.userPrincipalName…) and `category`.
 */

/** The log sources this converter maps. */
export const LOG_SOURCE_IDS = ["azure/signinlogs", "azure/noninteractiveusersigninlogs", "azure/auditlogs"] as const;
export type LogSourceId = (typeof LOG_SOURCE_IDS)[number];

/**
 * Sigma has no service name for non-interactive sign-ins, which Sentinel keeps in their own
 * table. Like `signinlogs` (category SignInLogs) and `auditlogs` (AuditLogs), the service is the
 * Entra ID diagnostic-settings category lower-cased: NonInteractiveUserSignInLogs.
 */
const SERVICES: Readonly<Record<string, LogSourceId>> = {
  signinlogs: "azure/signinlogs",
  noninteractiveusersigninlogs: "azure/noninteractiveusersigninlogs",
  auditlogs: "azure/auditlogs",
};

export function resolveLogSource(logsource: SigmaLogSource, backend: ConversionBackend): LogSourceId {
  const service = logsource.service?.toLowerCase() ?? "";
  if (logsource.product?.toLowerCase() === "azure" && logsource.category === undefined && Object.hasOwn(SERVICES, service)) return SERVICES[service];
  const described = (["product", "category", "service"] as const).flatMap((key) => (logsource[key] ? [`${key}: ${logsource[key]}`] : [])).join(", ") || "none";
  throw cannotExpress(backend, "logsource", `the log source (${described})`, `only product azure with service ${Object.keys(SERVICES).join(", ")} is mapped`);
}

/** Sigma field name to backend field, for one log source and one backend. */
export type FieldTable<Field> = Readonly<Record<string, Field | AnyOf<Field> | Unmapped>>;

/** A Sigma field that stands for several backend fields; a test on it holds if it holds for any. */
export type AnyOf<Field> = { kind: "any-of"; fields: readonly Field[]; warning?: string };

/** A Sigma field known not to be expressible on this backend, with the reason. */
export type Unmapped = { kind: "unmapped"; reason: string };

/**
 * The backend fields a Sigma field stands for. Throws UnsupportedConstructError naming the field
 * and the log source when the table has no entry or an `unmapped` one; adds the entry's caveat,
 * if it has one, to `warnings`.
 */
export function mappedFields<Field extends { warning?: string }>(
  table: FieldTable<Field>,
  sigmaField: string,
  logSource: LogSourceId,
  backend: ConversionBackend,
  warnings: Set<string>,
): readonly Field[] {
  const entry = Object.hasOwn(table, sigmaField) ? table[sigmaField] : undefined;
  if (entry === undefined) {
    throw cannotExpress(backend, sigmaField, `the field '${sigmaField}' of the ${logSource} log source`, "it has no mapping to a field of this SIEM");
  }
  if (isUnmapped(entry)) throw cannotExpress(backend, sigmaField, `the field '${sigmaField}' of the ${logSource} log source`, entry.reason);
  const fields = isAnyOf(entry) ? entry.fields : [entry];
  for (const caveat of [isAnyOf(entry) ? entry.warning : undefined, ...fields.map((field) => field.warning)]) {
    if (caveat) warnings.add(caveat);
  }
  return fields;
}

function isUnmapped(entry: object): entry is Unmapped {
  return "kind" in entry && entry.kind === "unmapped";
}

function isAnyOf<Field>(entry: Field | AnyOf<Field> | Unmapped): entry is AnyOf<Field> {
  return typeof entry === "object" && entry !== null && "kind" in entry && entry.kind === "any-of";
}

const anyOf = <Field>(fields: Field[], warning?: string): AnyOf<Field> => ({ kind: "any-of", fields, warning });
const unmapped = (reason: string): Unmapped => ({ kind: "unmapped", reason });

// =============================================================================================
// Microsoft Sentinel (KQL)

export type SentinelField =
  /** A column, or a property of a dynamic column read with tostring()/tobool(). */
  | { kind: "column"; expression: string; type: "string" | "bool"; warning?: string }
  /** A dynamic column read as its JSON text: only text it contains can be matched. */
  | { kind: "json-text"; expression: string; warning: string }
  /**
   * A property of the elements of an array column (`path[0]`), or of an array inside those
   * elements (`path[1]`): a test holds if it holds for some element. `element` names the column
   * each element is expanded into.
   */
  | { kind: "array-element"; path: readonly { array: string; element: string }[]; property: string; warning?: string };

const column = (name: string, type: "string" | "bool" = "string"): SentinelField => ({ kind: "column", expression: name, type });
const dynamicProperty = (path: string, type: "string" | "bool" = "string"): SentinelField => ({
  kind: "column",
  expression: `${type === "bool" ? "tobool" : "tostring"}(${path})`,
  type,
});
/** A property of a JSON-text (string) column, as in AADNonInteractiveUserSignInLogs. */
const jsonTextProperty = (columnName: string, property: string, type: "string" | "bool" = "string"): SentinelField => ({
  kind: "column",
  expression: `${type === "bool" ? "tobool" : "tostring"}(parse_json(${columnName}).${property})`,
  type,
});

/** Columns SigninLogs and AADNonInteractiveUserSignInLogs share, with the same type. */
const SENTINEL_SIGN_IN_COLUMNS: FieldTable<SentinelField> = {
  AppDisplayName: column("AppDisplayName"),
  AppId: column("AppId"),
  // A string column in both tables (a serialised list of key/value pairs): matched as written.
  AuthenticationProcessingDetails: column("AuthenticationProcessingDetails"),
  AuthenticationProtocol: column("AuthenticationProtocol"),
  AuthenticationRequirement: column("AuthenticationRequirement"),
  ClientAppUsed: column("ClientAppUsed"),
  ConditionalAccessStatus: column("ConditionalAccessStatus"),
  CorrelationId: column("CorrelationId"),
  CrossTenantAccessType: column("CrossTenantAccessType"),
  HomeTenantId: column("HomeTenantId"),
  IncomingTokenType: column("IncomingTokenType"),
  IPAddress: column("IPAddress"),
  IpAddress: column("IPAddress"),
  IsInteractive: column("IsInteractive", "bool"),
  Location: column("Location"),
  ResourceDisplayName: column("ResourceDisplayName"),
  ResourceIdentity: column("ResourceIdentity"),
  ResourceTenantId: column("ResourceTenantId"),
  ResultDescription: column("ResultDescription"),
  ResultType: column("ResultType"),
  RiskDetail: column("RiskDetail"),
  RiskLevelAggregated: column("RiskLevelAggregated"),
  RiskLevelDuringSignIn: column("RiskLevelDuringSignIn"),
  RiskState: column("RiskState"),
  ServicePrincipalId: column("ServicePrincipalId"),
  TokenIssuerType: column("TokenIssuerType"),
  UserAgent: column("UserAgent"),
  UserDisplayName: column("UserDisplayName"),
  UserId: column("UserId"),
  UserPrincipalName: column("UserPrincipalName"),
  UserType: column("UserType"),
};

/** DeviceDetail, LocationDetails and Status properties, read with `read` from their column. */
function sentinelSignInObjects(read: (columnName: string, property: string, type?: "string" | "bool") => SentinelField): FieldTable<SentinelField> {
  return {
    "DeviceDetail.browser": read("DeviceDetail", "browser"),
    "DeviceDetail.deviceId": read("DeviceDetail", "deviceId"),
    "DeviceDetail.displayName": read("DeviceDetail", "displayName"),
    "DeviceDetail.isCompliant": read("DeviceDetail", "isCompliant", "bool"),
    "DeviceDetail.isManaged": read("DeviceDetail", "isManaged", "bool"),
    "DeviceDetail.operatingSystem": read("DeviceDetail", "operatingSystem"),
    "DeviceDetail.trustType": read("DeviceDetail", "trustType"),
    "LocationDetails.city": read("LocationDetails", "city"),
    "LocationDetails.countryOrRegion": read("LocationDetails", "countryOrRegion"),
    "LocationDetails.state": read("LocationDetails", "state"),
    // Status is an object (errorCode, failureReason, additionalDetails); Sigma rules match its text.
    Status: anyOf([read("Status", "errorCode"), read("Status", "failureReason"), read("Status", "additionalDetails")]),
  };
}

const SENTINEL_SIGNIN_LOGS_FIELDS: FieldTable<SentinelField> = {
  ...SENTINEL_SIGN_IN_COLUMNS,
  ...sentinelSignInObjects((columnName, property, type) => dynamicProperty(`${columnName}.${property}`, type)),
};

const SENTINEL_NON_INTERACTIVE_SIGNIN_LOGS_FIELDS: FieldTable<SentinelField> = {
  ...SENTINEL_SIGN_IN_COLUMNS,
  ...sentinelSignInObjects(jsonTextProperty),
};

const TARGET_RESOURCES = { array: "TargetResources", element: "TargetResource" };
const MODIFIED_PROPERTIES = { array: "modifiedProperties", element: "ModifiedProperty" };
const targetResource = (property: string): SentinelField => ({ kind: "array-element", path: [TARGET_RESOURCES], property });
const modifiedProperty = (property: string): SentinelField => ({ kind: "array-element", path: [TARGET_RESOURCES, MODIFIED_PROPERTIES], property });

const SENTINEL_AUDIT_LOGS_FIELDS: FieldTable<SentinelField> = {
  AADOperationType: column("AADOperationType"),
  ActivityDisplayName: column("ActivityDisplayName"),
  Category: column("Category"),
  CorrelationId: column("CorrelationId"),
  Identity: column("Identity"),
  "InitiatedBy.app.appId": dynamicProperty("InitiatedBy.app.appId"),
  "InitiatedBy.app.displayName": dynamicProperty("InitiatedBy.app.displayName"),
  "InitiatedBy.app.servicePrincipalId": dynamicProperty("InitiatedBy.app.servicePrincipalId"),
  "InitiatedBy.app.servicePrincipalName": dynamicProperty("InitiatedBy.app.servicePrincipalName"),
  "InitiatedBy.user.displayName": dynamicProperty("InitiatedBy.user.displayName"),
  "InitiatedBy.user.id": dynamicProperty("InitiatedBy.user.id"),
  "InitiatedBy.user.ipAddress": dynamicProperty("InitiatedBy.user.ipAddress"),
  "InitiatedBy.user.userPrincipalName": dynamicProperty("InitiatedBy.user.userPrincipalName"),
  LoggedByService: column("LoggedByService"),
  OperationName: column("OperationName"),
  // SigmaHQ's audit-log rules write the activity name as properties.message.
  "properties.message": column("OperationName"),
  Result: column("Result"),
  ResultDescription: column("ResultDescription"),
  ResultReason: column("ResultReason"),
  TargetResources: {
    kind: "json-text",
    expression: "tostring(TargetResources)",
    warning: "TargetResources is matched as its JSON text in Sentinel, so a value can also match a property name.",
  },
  "TargetResources.displayName": targetResource("displayName"),
  "TargetResources.id": targetResource("id"),
  "TargetResources.type": targetResource("type"),
  "TargetResources.userPrincipalName": targetResource("userPrincipalName"),
  "TargetResources.modifiedProperties.displayName": modifiedProperty("displayName"),
  "TargetResources.modifiedProperties.newValue": modifiedProperty("newValue"),
  "TargetResources.modifiedProperties.oldValue": modifiedProperty("oldValue"),
};

export const SENTINEL_LOG_SOURCES: Readonly<Record<LogSourceId, { table: string; fields: FieldTable<SentinelField> }>> = {
  "azure/signinlogs": { table: "SigninLogs", fields: SENTINEL_SIGNIN_LOGS_FIELDS },
  "azure/noninteractiveusersigninlogs": { table: "AADNonInteractiveUserSignInLogs", fields: SENTINEL_NON_INTERACTIVE_SIGNIN_LOGS_FIELDS },
  "azure/auditlogs": { table: "AuditLogs", fields: SENTINEL_AUDIT_LOGS_FIELDS },
};

// =============================================================================================
// Elastic (ES|QL)

export type ElasticField = { name: string; type: "keyword" | "long" | "boolean" | "ip"; warning?: string };

const keyword = (name: string): ElasticField => ({ name, type: "keyword" });
const signIn = (property: string): ElasticField => keyword(`azure.signinlogs.properties.${property}`);
const audit = (property: string): ElasticField => keyword(`azure.auditlogs.properties.${property}`);

const ELASTIC_SIGNIN_LOGS_FIELDS: FieldTable<ElasticField> = {
  AppDisplayName: signIn("app_display_name"),
  AppId: signIn("app_id"),
  AuthenticationProcessingDetails: unmapped("the integration maps it as a 'flattened' field, which ES|QL cannot read"),
  AuthenticationProtocol: signIn("authentication_protocol"),
  AuthenticationRequirement: signIn("authentication_requirement"),
  ClientAppUsed: signIn("client_app_used"),
  ConditionalAccessStatus: signIn("conditional_access_status"),
  CorrelationId: keyword("azure.correlation_id"),
  CrossTenantAccessType: signIn("cross_tenant_access_type"),
  "DeviceDetail.browser": signIn("device_detail.browser"),
  "DeviceDetail.deviceId": signIn("device_detail.device_id"),
  "DeviceDetail.displayName": signIn("device_detail.display_name"),
  "DeviceDetail.isCompliant": { name: "azure.signinlogs.properties.device_detail.is_compliant", type: "boolean" },
  "DeviceDetail.isManaged": { name: "azure.signinlogs.properties.device_detail.is_managed", type: "boolean" },
  "DeviceDetail.operatingSystem": signIn("device_detail.operating_system"),
  "DeviceDetail.trustType": signIn("device_detail.trust_type"),
  HomeTenantId: signIn("home_tenant_id"),
  IncomingTokenType: signIn("incoming_token_type"),
  IPAddress: { name: "source.ip", type: "ip" },
  IpAddress: { name: "source.ip", type: "ip" },
  IsInteractive: { name: "azure.signinlogs.properties.is_interactive", type: "boolean" },
  Location: keyword("geo.country_iso_code"),
  "LocationDetails.city": keyword("geo.city_name"),
  "LocationDetails.countryOrRegion": unmapped("the integration drops the sign-in's own location object (only its city is kept, as geo.city_name)"),
  "LocationDetails.state": unmapped("the integration stores the state in geo.country_name, which cannot be told apart from a country"),
  ResourceDisplayName: signIn("resource_display_name"),
  ResourceIdentity: signIn("resource_id"),
  ResourceTenantId: signIn("resource_tenant_id"),
  ResultDescription: keyword("azure.signinlogs.result_description"),
  ResultType: { name: "azure.signinlogs.properties.status.error_code", type: "long" },
  RiskDetail: signIn("risk_detail"),
  RiskLevelAggregated: signIn("risk_level_aggregated"),
  RiskLevelDuringSignIn: signIn("risk_level_during_signin"),
  RiskState: signIn("risk_state"),
  ServicePrincipalId: signIn("service_principal_id"),
  Status: unmapped("the integration keeps only status.error_code and merges the failure reason and details into 'message'"),
  TokenIssuerType: signIn("token_issuer_type"),
  UserAgent: keyword("user_agent.original"),
  UserDisplayName: signIn("user_display_name"),
  UserId: signIn("user_id"),
  UserPrincipalName: signIn("user_principal_name"),
  UserType: signIn("user_type"),
};

const TARGET_RESOURCES_BY_POSITION = unmapped(
  "the integration stores target resources as objects keyed by position (target_resources.0, target_resources.1, …), and ES|QL cannot test every position",
);

const ELASTIC_AUDIT_LOGS_FIELDS: FieldTable<ElasticField> = {
  AADOperationType: audit("operation_type"),
  ActivityDisplayName: audit("activity_display_name"),
  Category: audit("category"),
  CorrelationId: audit("correlation_id"),
  Identity: keyword("azure.auditlogs.identity"),
  "InitiatedBy.app.appId": audit("initiated_by.app.appId"),
  "InitiatedBy.app.displayName": audit("initiated_by.app.displayName"),
  "InitiatedBy.app.servicePrincipalId": audit("initiated_by.app.servicePrincipalId"),
  "InitiatedBy.app.servicePrincipalName": audit("initiated_by.app.servicePrincipalName"),
  "InitiatedBy.user.displayName": audit("initiated_by.user.displayName"),
  "InitiatedBy.user.id": audit("initiated_by.user.id"),
  "InitiatedBy.user.ipAddress": audit("initiated_by.user.ipAddress"),
  "InitiatedBy.user.userPrincipalName": audit("initiated_by.user.userPrincipalName"),
  LoggedByService: audit("logged_by_service"),
  OperationName: keyword("azure.auditlogs.operation_name"),
  "properties.message": keyword("azure.auditlogs.operation_name"),
  Result: audit("result"),
  ResultDescription: keyword("azure.auditlogs.result_description"),
  ResultReason: audit("result_reason"),
  TargetResources: TARGET_RESOURCES_BY_POSITION,
  "TargetResources.displayName": TARGET_RESOURCES_BY_POSITION,
  "TargetResources.id": TARGET_RESOURCES_BY_POSITION,
  "TargetResources.type": TARGET_RESOURCES_BY_POSITION,
  "TargetResources.userPrincipalName": TARGET_RESOURCES_BY_POSITION,
  // Lossy on purpose, and said so: Entra ID records an application's own change (such as its
  // federated credentials) on the first target resource, usually as its first modified property.
  "TargetResources.modifiedProperties.displayName": {
    ...audit("target_resources.0.modified_properties.0.display_name"),
    warning:
      "Elastic's integration keys target resources and their modified properties by position, so this checks only the first target resource's first modified property.",
  },
  "TargetResources.modifiedProperties.newValue": TARGET_RESOURCES_BY_POSITION,
  "TargetResources.modifiedProperties.oldValue": TARGET_RESOURCES_BY_POSITION,
};

/**
 * The sign-in data stream holds every sign-in category (interactive, non-interactive, service
 * principal, managed identity), so each sign-in log source also filters on its category.
 */
export const ELASTIC_LOG_SOURCES: Readonly<Record<LogSourceId, { index: string; categoryFilter: string | null; fields: FieldTable<ElasticField> }>> = {
  "azure/signinlogs": { index: "logs-azure.signinlogs-*", categoryFilter: 'azure.signinlogs.category == "SignInLogs"', fields: ELASTIC_SIGNIN_LOGS_FIELDS },
  "azure/noninteractiveusersigninlogs": {
    index: "logs-azure.signinlogs-*",
    categoryFilter: 'azure.signinlogs.category == "NonInteractiveUserSignInLogs"',
    fields: ELASTIC_SIGNIN_LOGS_FIELDS,
  },
  "azure/auditlogs": { index: "logs-azure.auditlogs-*", categoryFilter: null, fields: ELASTIC_AUDIT_LOGS_FIELDS },
};

// =============================================================================================
// Splunk (SPL)

export type SplunkField = {
  name: string;
  /** A JSON array's values (`{}` in the name): a test holds if it holds for any value. */
  multivalue?: boolean;
  /** A command that must run before the field exists (it is not extracted at search time). */
  extraction?: string;
  /** Only text contained in it can be matched (it is JSON text). */
  jsonText?: boolean;
  warning?: string;
};

const splunk = (name: string): SplunkField => ({ name });
const splunkList = (name: string): SplunkField => ({ name, multivalue: true });

const SPLUNK_SIGNIN_LOGS_FIELDS: FieldTable<SplunkField> = {
  AppDisplayName: splunk("properties.appDisplayName"),
  AppId: splunk("properties.appId"),
  AuthenticationProcessingDetails: anyOf(
    [splunkList("properties.authenticationProcessingDetails{}.key"), splunkList("properties.authenticationProcessingDetails{}.value")],
    "AuthenticationProcessingDetails is matched against each key and each value of the list in Splunk, not against its text as a whole.",
  ),
  AuthenticationProtocol: splunk("properties.authenticationProtocol"),
  AuthenticationRequirement: splunk("properties.authenticationRequirement"),
  ClientAppUsed: splunk("properties.clientAppUsed"),
  ConditionalAccessStatus: splunk("properties.conditionalAccessStatus"),
  CorrelationId: splunk("correlationId"),
  CrossTenantAccessType: splunk("properties.crossTenantAccessType"),
  "DeviceDetail.browser": splunk("properties.deviceDetail.browser"),
  "DeviceDetail.deviceId": splunk("properties.deviceDetail.deviceId"),
  "DeviceDetail.displayName": splunk("properties.deviceDetail.displayName"),
  "DeviceDetail.isCompliant": splunk("properties.deviceDetail.isCompliant"),
  "DeviceDetail.isManaged": splunk("properties.deviceDetail.isManaged"),
  "DeviceDetail.operatingSystem": splunk("properties.deviceDetail.operatingSystem"),
  "DeviceDetail.trustType": splunk("properties.deviceDetail.trustType"),
  HomeTenantId: splunk("properties.homeTenantId"),
  IncomingTokenType: splunk("properties.incomingTokenType"),
  IPAddress: splunk("properties.ipAddress"),
  IpAddress: splunk("properties.ipAddress"),
  IsInteractive: splunk("properties.isInteractive"),
  Location: splunk("location"),
  "LocationDetails.city": splunk("properties.location.city"),
  "LocationDetails.countryOrRegion": splunk("properties.location.countryOrRegion"),
  "LocationDetails.state": splunk("properties.location.state"),
  ResourceDisplayName: splunk("properties.resourceDisplayName"),
  ResourceIdentity: splunk("properties.resourceId"),
  ResourceTenantId: splunk("properties.resourceTenantId"),
  ResultDescription: splunk("resultDescription"),
  ResultType: splunk("properties.status.errorCode"),
  RiskDetail: splunk("properties.riskDetail"),
  RiskLevelAggregated: splunk("properties.riskLevelAggregated"),
  RiskLevelDuringSignIn: splunk("properties.riskLevelDuringSignIn"),
  RiskState: splunk("properties.riskState"),
  ServicePrincipalId: splunk("properties.servicePrincipalId"),
  Status: anyOf([splunk("properties.status.errorCode"), splunk("properties.status.failureReason"), splunk("properties.status.additionalDetails")]),
  TokenIssuerType: splunk("properties.tokenIssuerType"),
  UserAgent: splunk("properties.userAgent"),
  UserDisplayName: splunk("properties.userDisplayName"),
  UserId: splunk("properties.userId"),
  UserPrincipalName: splunk("properties.userPrincipalName"),
  UserType: splunk("properties.userType"),
};

const SPLUNK_AUDIT_LOGS_FIELDS: FieldTable<SplunkField> = {
  AADOperationType: splunk("properties.operationType"),
  ActivityDisplayName: splunk("properties.activityDisplayName"),
  Category: splunk("properties.category"),
  CorrelationId: splunk("correlationId"),
  Identity: splunk("identity"),
  "InitiatedBy.app.appId": splunk("properties.initiatedBy.app.appId"),
  "InitiatedBy.app.displayName": splunk("properties.initiatedBy.app.displayName"),
  "InitiatedBy.app.servicePrincipalId": splunk("properties.initiatedBy.app.servicePrincipalId"),
  "InitiatedBy.app.servicePrincipalName": splunk("properties.initiatedBy.app.servicePrincipalName"),
  "InitiatedBy.user.displayName": splunk("properties.initiatedBy.user.displayName"),
  "InitiatedBy.user.id": splunk("properties.initiatedBy.user.id"),
  "InitiatedBy.user.ipAddress": splunk("properties.initiatedBy.user.ipAddress"),
  "InitiatedBy.user.userPrincipalName": splunk("properties.initiatedBy.user.userPrincipalName"),
  LoggedByService: splunk("properties.loggedByService"),
  OperationName: splunk("operationName"),
  "properties.message": splunk("operationName"),
  Result: splunk("properties.result"),
  ResultDescription: splunk("resultDescription"),
  ResultReason: splunk("properties.resultReason"),
  TargetResources: {
    name: "targetResourcesJson",
    multivalue: true,
    jsonText: true,
    extraction: "spath output=targetResourcesJson path=properties.targetResources{}",
    warning: "TargetResources is matched as the JSON text of each target resource in Splunk, so a value can also match a property name.",
  },
  "TargetResources.displayName": splunkList("properties.targetResources{}.displayName"),
  "TargetResources.id": splunkList("properties.targetResources{}.id"),
  "TargetResources.type": splunkList("properties.targetResources{}.type"),
  "TargetResources.userPrincipalName": splunkList("properties.targetResources{}.userPrincipalName"),
  "TargetResources.modifiedProperties.displayName": splunkList("properties.targetResources{}.modifiedProperties{}.displayName"),
  "TargetResources.modifiedProperties.newValue": splunkList("properties.targetResources{}.modifiedProperties{}.newValue"),
  "TargetResources.modifiedProperties.oldValue": splunkList("properties.targetResources{}.modifiedProperties{}.oldValue"),
};

const AZURE_AD_SOURCETYPE = 'sourcetype="azure:monitor:aad"';

export const SPLUNK_LOG_SOURCES: Readonly<Record<LogSourceId, { baseSearch: string; fields: FieldTable<SplunkField> }>> = {
  "azure/signinlogs": { baseSearch: `${AZURE_AD_SOURCETYPE} category=SignInLogs`, fields: SPLUNK_SIGNIN_LOGS_FIELDS },
  "azure/noninteractiveusersigninlogs": { baseSearch: `${AZURE_AD_SOURCETYPE} category=NonInteractiveUserSignInLogs`, fields: SPLUNK_SIGNIN_LOGS_FIELDS },
  "azure/auditlogs": { baseSearch: `${AZURE_AD_SOURCETYPE} category=AuditLogs`, fields: SPLUNK_AUDIT_LOGS_FIELDS },
};

/**
 * JSON text can only be searched for text it contains, and only text JSON writes unchanged:
 * a quote or backslash in the value is escaped in the JSON and would not be found.
 */
export function assertJsonTextContains(test: FieldTest, sigmaField: string, backend: ConversionBackend): string {
  if (test.kind !== "text" || test.position !== "contains") {
    throw cannotExpress(backend, sigmaField, `a test other than 'contains' on the field '${sigmaField}'`, "it is matched as JSON text");
  }
  const text = test.text;
  if (/["\\\u0000-\u001f]/.test(text)) {
    throw cannotExpress(backend, sigmaField, `a quote, backslash or control character in a value of '${sigmaField}'`, "they are escaped in its JSON text");
  }
  return text;
}
