/**
 * Microsoft Sentinel (Log Analytics workspace) table schemas used to semantically check KQL.
 *
 * Every column list below is transcribed from Microsoft's "Azure Monitor Logs table reference"
 * (https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/<table>), with the
 * column names and types exactly as documented there — including where the documented type
 * differs from what one might expect (e.g. SigninLogs.AuthenticationDetails is `string`, and in
 * AADNonInteractiveUserSignInLogs DeviceDetail, LocationDetails and Status are `string`, not
 * `dynamic`; queries must `parse_json()` / `todynamic()` them first).
 *
 * TenantId is added where a table page omits it: "Standard columns in Azure Monitor Logs"
 * (https://learn.microsoft.com/en-us/azure/azure-monitor/logs/log-standard-columns) documents
 * TenantId (string, the Log Analytics workspace ID) as a standard column of workspace tables.
 * No other hidden standard column (_ResourceId, _SubscriptionId, _ItemId, _TimeReceived) is
 * declared, since those pages do not list them for these tables.
 */

export type KqlColumnType = "string" | "datetime" | "bool" | "int" | "long" | "real" | "dynamic";

export interface SentinelColumn {
  readonly name: string;
  readonly type: KqlColumnType;
}

export interface SentinelTable {
  readonly name: string;
  /** Where the column list was transcribed from. */
  readonly source: string;
  readonly columns: readonly SentinelColumn[];
}

type ColumnRow = readonly [name: string, type: KqlColumnType];

function columns(rows: readonly ColumnRow[]): readonly SentinelColumn[] {
  return rows.map(([name, type]) => ({ name, type }));
}

/** Workspace standard column, documented on the log-standard-columns page (see file comment). */
const TENANT_ID: ColumnRow = ["TenantId", "string"];

/**
 * Source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/signinlogs
 * (generated reference, ms.date 2026-08-27: 97 documented columns) + TenantId (standard column).
 */
const SIGNIN_LOGS: readonly ColumnRow[] = [
  ["AADTenantId", "string"],
  ["Agent", "dynamic"],
  ["AlternateSignInName", "string"],
  ["AppDisplayName", "string"],
  ["AppId", "string"],
  ["AppliedConditionalAccessPolicies", "string"],
  ["AppliedEventListeners", "dynamic"],
  ["AppOwnerTenantId", "string"],
  ["AuthenticationAppDeviceDetails", "string"],
  ["AuthenticationAppPolicyEvaluationDetails", "string"],
  ["AuthenticationContextClassReferences", "string"],
  ["AuthenticationDetails", "string"],
  ["AuthenticationMethodsUsed", "string"],
  ["AuthenticationProcessingDetails", "string"],
  ["AuthenticationProtocol", "string"],
  ["AuthenticationRequirement", "string"],
  ["AuthenticationRequirementPolicies", "string"],
  ["AuthenticatorAppLocation", "string"],
  ["AutonomousSystemNumber", "string"],
  ["_BilledSize", "real"],
  ["Category", "string"],
  ["ClientAppUsed", "string"],
  ["ClientCredentialType", "string"],
  ["ClientSessionId", "string"],
  ["ConditionalAccessAudiences", "string"],
  ["ConditionalAccessPolicies", "dynamic"],
  ["ConditionalAccessStatus", "string"],
  ["CorrelationId", "string"],
  ["CreatedDateTime", "datetime"],
  ["CrossTenantAccessType", "string"],
  ["DeviceDetail", "dynamic"],
  ["DurationMs", "long"],
  ["FederatedCredentialId", "string"],
  ["FlaggedForReview", "bool"],
  ["GlobalSecureAccessIpAddress", "string"],
  ["HomeTenantId", "string"],
  ["HomeTenantName", "string"],
  ["Id", "string"],
  ["Identity", "string"],
  ["IncomingTokenType", "string"],
  ["IPAddress", "string"],
  ["IPAddressFromResourceProvider", "string"],
  ["_IsBillable", "string"],
  ["IsInteractive", "bool"],
  ["IsRisky", "bool"],
  ["IsTenantRestricted", "bool"],
  ["IsThroughGlobalSecureAccess", "bool"],
  ["Level", "string"],
  ["Location", "string"],
  ["LocationDetails", "dynamic"],
  ["MfaDetail", "dynamic"],
  ["NetworkLocationDetails", "string"],
  ["OperationName", "string"],
  ["OperationVersion", "string"],
  ["OriginalRequestId", "string"],
  ["OriginalTransferMethod", "string"],
  ["ProcessingTimeInMilliseconds", "string"],
  ["Resource", "string"],
  ["ResourceDisplayName", "string"],
  ["ResourceGroup", "string"],
  ["ResourceId", "string"],
  ["ResourceIdentity", "string"],
  ["ResourceOwnerTenantId", "string"],
  ["ResourceProvider", "string"],
  ["ResourceServicePrincipalId", "string"],
  ["ResourceTenantId", "string"],
  ["ResultDescription", "string"],
  ["ResultSignature", "string"],
  ["ResultType", "string"],
  ["RiskDetail", "string"],
  ["RiskEventTypes", "string"],
  ["RiskEventTypes_V2", "string"],
  ["RiskLevel", "string"],
  ["RiskLevelAggregated", "string"],
  ["RiskLevelDuringSignIn", "string"],
  ["RiskState", "string"],
  ["RootActorID", "string"],
  ["ServicePrincipalId", "string"],
  ["ServicePrincipalName", "string"],
  ["SessionId", "string"],
  ["SessionLifetimePolicies", "string"],
  ["SignInIdentifier", "string"],
  ["SignInIdentifierType", "string"],
  ["SourceAppClientId", "string"],
  ["SourceSystem", "string"],
  ["Status", "dynamic"],
  ["TimeGenerated", "datetime"],
  ["TokenIssuerName", "string"],
  ["TokenIssuerType", "string"],
  ["TokenProtectionStatusDetails", "dynamic"],
  ["Type", "string"],
  ["UniqueTokenIdentifier", "string"],
  ["UserAgent", "string"],
  ["UserDisplayName", "string"],
  ["UserId", "string"],
  ["UserPrincipalName", "string"],
  ["UserType", "string"],
  TENANT_ID,
];

/**
 * Source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/aadnoninteractiveusersigninlogs
 * (83 documented columns; the page itself lists TenantId). Transcribed from the full column table
 * of that page as mirrored verbatim by the Sentinel Ninja catalogue
 * (https://oshezaf.github.io/sentinelninja/ "Schema (83 columns)", source: Azure Monitor documentation),
 * cross-checked against the Learn page's visible rows.
 */
const AAD_NON_INTERACTIVE_USER_SIGNIN_LOGS: readonly ColumnRow[] = [
  ["_BilledSize", "real"],
  ["_IsBillable", "string"],
  ["AADTenantId", "string"],
  ["Agent", "string"],
  ["AlternateSignInName", "string"],
  ["AppDisplayName", "string"],
  ["AppId", "string"],
  ["AppliedEventListeners", "dynamic"],
  ["AppOwnerTenantId", "string"],
  ["AuthenticationContextClassReferences", "string"],
  ["AuthenticationDetails", "string"],
  ["AuthenticationMethodsUsed", "string"],
  ["AuthenticationProcessingDetails", "string"],
  ["AuthenticationProtocol", "string"],
  ["AuthenticationRequirement", "string"],
  ["AuthenticationRequirementPolicies", "string"],
  ["AutonomousSystemNumber", "string"],
  ["Category", "string"],
  ["ClientAppUsed", "string"],
  ["ClientCredentialType", "string"],
  ["ConditionalAccessPolicies", "string"],
  ["ConditionalAccessStatus", "string"],
  ["CorrelationId", "string"],
  ["CreatedDateTime", "datetime"],
  ["CrossTenantAccessType", "string"],
  ["DeviceDetail", "string"],
  ["DurationMs", "long"],
  ["FederatedCredentialId", "string"],
  ["GlobalSecureAccessIpAddress", "string"],
  ["HomeTenantId", "string"],
  ["HomeTenantName", "string"],
  ["Id", "string"],
  ["Identity", "string"],
  ["IncomingTokenType", "string"],
  ["IPAddress", "string"],
  ["IsInteractive", "bool"],
  ["IsRisky", "bool"],
  ["IsTenantRestricted", "bool"],
  ["IsThroughGlobalSecureAccess", "bool"],
  ["Level", "string"],
  ["Location", "string"],
  ["LocationDetails", "string"],
  ["MfaDetail", "string"],
  ["NetworkLocationDetails", "string"],
  ["OperationName", "string"],
  ["OperationVersion", "string"],
  ["OriginalRequestId", "string"],
  ["OriginalTransferMethod", "string"],
  ["ProcessingTimeInMs", "string"],
  ["ResourceDisplayName", "string"],
  ["ResourceGroup", "string"],
  ["ResourceIdentity", "string"],
  ["ResourceOwnerTenantId", "string"],
  ["ResourceServicePrincipalId", "string"],
  ["ResourceTenantId", "string"],
  ["ResultDescription", "string"],
  ["ResultSignature", "string"],
  ["ResultType", "string"],
  ["RiskDetail", "string"],
  ["RiskEventTypes", "string"],
  ["RiskEventTypes_V2", "string"],
  ["RiskLevelAggregated", "string"],
  ["RiskLevelDuringSignIn", "string"],
  ["RiskState", "string"],
  ["ServicePrincipalId", "string"],
  ["SessionId", "string"],
  ["SessionLifetimePolicies", "string"],
  ["SignInEventTypes", "string"],
  ["SignInIdentifierType", "string"],
  ["SourceSystem", "string"],
  ["Status", "string"],
  ["TenantId", "string"],
  ["TimeGenerated", "datetime"],
  ["TokenIssuerName", "string"],
  ["TokenIssuerType", "string"],
  ["TokenProtectionStatusDetails", "string"],
  ["Type", "string"],
  ["UniqueTokenIdentifier", "string"],
  ["UserAgent", "string"],
  ["UserDisplayName", "string"],
  ["UserId", "string"],
  ["UserPrincipalName", "string"],
  ["UserType", "string"],
];

/**
 * Source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/auditlogs
 * (generated reference, ms.date 2026-08-27: 31 documented columns) + TenantId (standard column).
 */
const AUDIT_LOGS: readonly ColumnRow[] = [
  ["AADOperationType", "string"],
  ["AADTenantId", "string"],
  ["ActivityDateTime", "datetime"],
  ["ActivityDisplayName", "string"],
  ["AdditionalDetails", "dynamic"],
  ["_BilledSize", "real"],
  ["Category", "string"],
  ["CorrelationId", "string"],
  ["DurationMs", "long"],
  ["Id", "string"],
  ["Identity", "string"],
  ["InitiatedBy", "dynamic"],
  ["_IsBillable", "string"],
  ["Level", "string"],
  ["Location", "string"],
  ["LoggedByService", "string"],
  ["OperationName", "string"],
  ["OperationVersion", "string"],
  ["Resource", "string"],
  ["ResourceGroup", "string"],
  ["ResourceId", "string"],
  ["ResourceProvider", "string"],
  ["Result", "string"],
  ["ResultDescription", "string"],
  ["ResultReason", "string"],
  ["ResultSignature", "string"],
  ["ResultType", "string"],
  ["SourceSystem", "string"],
  ["TargetResources", "dynamic"],
  ["TimeGenerated", "datetime"],
  ["Type", "string"],
  TENANT_ID,
];

export const SENTINEL_TABLES: readonly SentinelTable[] = [
  {
    name: "SigninLogs",
    source: "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/signinlogs",
    columns: columns(SIGNIN_LOGS),
  },
  {
    name: "AADNonInteractiveUserSignInLogs",
    source: "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/aadnoninteractiveusersigninlogs",
    columns: columns(AAD_NON_INTERACTIVE_USER_SIGNIN_LOGS),
  },
  {
    name: "AuditLogs",
    source: "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/auditlogs",
    columns: columns(AUDIT_LOGS),
  },
];
