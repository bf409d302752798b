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

/** Source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs (35 documented columns,
 * the reference's column list as of 2024-08-08). */
const AAD_SERVICE_PRINCIPAL_SIGN_IN_LOGS: readonly ColumnRow[] = [
  ["AppId", "string"], ["AuthenticationContextClassReferences", "string"], ["AuthenticationProcessingDetails", "string"], ["_BilledSize", "real"],
  ["Category", "string"], ["ConditionalAccessPolicies", "string"], ["ConditionalAccessStatus", "string"], ["CorrelationId", "string"],
  ["DurationMs", "long"], ["FederatedCredentialId", "string"], ["Id", "string"], ["Identity", "string"], ["IPAddress", "string"],
  ["_IsBillable", "string"], ["Level", "string"], ["Location", "string"], ["LocationDetails", "string"], ["OperationName", "string"],
  ["OperationVersion", "string"], ["ResourceDisplayName", "string"], ["ResourceGroup", "string"], ["ResourceIdentity", "string"],
  ["ResourceServicePrincipalId", "string"], ["ResultDescription", "string"], ["ResultSignature", "string"], ["ResultType", "string"],
  ["ServicePrincipalCredentialKeyId", "string"], ["ServicePrincipalCredentialThumbprint", "string"], ["ServicePrincipalId", "string"],
  ["ServicePrincipalName", "string"], ["SourceSystem", "string"], ["TenantId", "string"], ["TimeGenerated", "datetime"], ["Type", "string"],
  ["UniqueTokenIdentifier", "string"],
];

/**
 * Source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/aadmanagedidentitysigninlogs
 * (35 documented columns, the reference's column list as of 2024-08-08): the same columns, with the
 * same types, as AADServicePrincipalSignInLogs.
 */
const AAD_MANAGED_IDENTITY_SIGN_IN_LOGS: readonly ColumnRow[] = AAD_SERVICE_PRINCIPAL_SIGN_IN_LOGS;

/** Source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/azureactivity (37 documented columns,
 * the reference's column list as of 2024-08-08). */
const AZURE_ACTIVITY: readonly ColumnRow[] = [
  ["ActivityStatus", "string"], ["ActivityStatusValue", "string"], ["ActivitySubstatus", "string"], ["ActivitySubstatusValue", "string"],
  ["Authorization", "string"], ["Authorization_d", "dynamic"], ["_BilledSize", "real"], ["Caller", "string"], ["CallerIpAddress", "string"],
  ["Category", "string"], ["CategoryValue", "string"], ["Claims", "string"], ["Claims_d", "dynamic"], ["CorrelationId", "string"],
  ["EventDataId", "string"], ["EventSubmissionTimestamp", "datetime"], ["Hierarchy", "string"], ["HTTPRequest", "string"], ["_IsBillable", "string"],
  ["Level", "string"], ["OperationId", "string"], ["OperationName", "string"], ["OperationNameValue", "string"], ["Properties", "string"],
  ["Properties_d", "dynamic"], ["Resource", "string"], ["ResourceGroup", "string"], ["ResourceId", "string"], ["_ResourceId", "string"],
  ["ResourceProvider", "string"], ["ResourceProviderValue", "string"], ["SourceSystem", "string"], ["SubscriptionId", "string"],
  ["_SubscriptionId", "string"], ["TenantId", "string"], ["TimeGenerated", "datetime"], ["Type", "string"],
];

/** Source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/aaduserriskevents (27 documented columns,
 * the reference's column list as of 2024-08-08). */
const AAD_USER_RISK_EVENTS: readonly ColumnRow[] = [
  ["Activity", "string"], ["ActivityDateTime", "datetime"], ["AdditionalInfo", "dynamic"], ["_BilledSize", "real"], ["CorrelationId", "string"],
  ["DetectedDateTime", "datetime"], ["DetectionTimingType", "string"], ["Id", "string"], ["IpAddress", "string"], ["_IsBillable", "string"],
  ["LastUpdatedDateTime", "datetime"], ["Location", "dynamic"], ["OperationName", "string"], ["RequestId", "string"], ["RiskDetail", "string"],
  ["RiskEventType", "string"], ["RiskLevel", "string"], ["RiskState", "string"], ["Source", "string"], ["SourceSystem", "string"],
  ["TenantId", "string"], ["TimeGenerated", "datetime"], ["TokenIssuerType", "string"], ["Type", "string"], ["UserDisplayName", "string"],
  ["UserId", "string"], ["UserPrincipalName", "string"],
];

/** Source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/aadriskyusers (17 documented columns,
 * the reference's column list as of 2024-08-08). */
const AAD_RISKY_USERS: readonly ColumnRow[] = [
  ["_BilledSize", "real"], ["CorrelationId", "string"], ["Id", "string"], ["_IsBillable", "string"], ["IsDeleted", "bool"], ["IsProcessing", "bool"],
  ["OperationName", "string"], ["RiskDetail", "string"], ["RiskLastUpdatedDateTime", "datetime"], ["RiskLevel", "string"], ["RiskState", "string"],
  ["SourceSystem", "string"], ["TenantId", "string"], ["TimeGenerated", "datetime"], ["Type", "string"], ["UserDisplayName", "string"],
  ["UserPrincipalName", "string"],
];

/** Source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/microsoftgraphactivitylogs (32 documented columns,
 * the reference's column list as of 2024-08-08). */
const MICROSOFT_GRAPH_ACTIVITY_LOGS: readonly ColumnRow[] = [
  ["AadTenantId", "string"], ["ApiVersion", "string"], ["AppId", "string"], ["ATContent", "string"], ["ATContentH", "string"],
  ["ATContentP", "string"], ["_BilledSize", "real"], ["ClientAuthMethod", "int"], ["ClientRequestId", "string"], ["DurationMs", "int"],
  ["IdentityProvider", "string"], ["IPAddress", "string"], ["_IsBillable", "string"], ["Location", "string"], ["OperationId", "string"],
  ["RequestId", "string"], ["RequestMethod", "string"], ["RequestUri", "string"], ["ResponseSizeBytes", "int"], ["ResponseStatusCode", "int"],
  ["Roles", "string"], ["Scopes", "string"], ["ServicePrincipalId", "string"], ["SignInActivityId", "string"], ["SourceSystem", "string"],
  ["TenantId", "string"], ["TimeGenerated", "datetime"], ["TokenIssuedAt", "datetime"], ["Type", "string"], ["UserAgent", "string"],
  ["UserId", "string"], ["Wids", "string"],
];

/** Source: https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/officeactivity (133 documented columns,
 * the reference's column list as of 2024-08-08). */
const OFFICE_ACTIVITY: readonly ColumnRow[] = [
  ["AADGroupId", "string"], ["AADTarget", "string"], ["Activity", "string"], ["Actor", "string"], ["ActorContextId", "string"],
  ["ActorIpAddress", "string"], ["AddOnGuid", "string"], ["AddonName", "string"], ["AddOnType", "string"], ["AffectedItems", "string"],
  ["AppDistributionMode", "string"], ["AppId", "string"], ["Application", "string"], ["ApplicationId", "string"], ["AppPoolName", "string"],
  ["AzureActiveDirectory_EventType", "string"], ["AzureADAppId", "string"], ["_BilledSize", "real"], ["ChannelGuid", "string"],
  ["ChannelName", "string"], ["ChannelType", "string"], ["ChatName", "string"], ["ChatThreadId", "string"], ["Client", "string"],
  ["Client_IPAddress", "string"], ["ClientAppId", "string"], ["ClientInfoString", "string"], ["ClientIP", "string"], ["ClientMachineName", "string"],
  ["ClientProcessName", "string"], ["ClientVersion", "string"], ["CommunicationType", "string"], ["CrossMailboxOperations", "bool"],
  ["CustomEvent", "string"], ["DataCenterSecurityEventType", "int"], ["DestFolder", "string"], ["DestinationFileExtension", "string"],
  ["DestinationFileName", "string"], ["DestinationRelativeUrl", "string"], ["DestMailboxId", "string"],
  ["DestMailboxOwnerMasterAccountSid", "string"], ["DestMailboxOwnerSid", "string"], ["DestMailboxOwnerUPN", "string"],
  ["EffectiveOrganization", "string"], ["ElevationApprovedTime", "datetime"], ["ElevationApprover", "string"], ["ElevationDuration", "int"],
  ["ElevationRequestId", "string"], ["ElevationRole", "string"], ["ElevationTime", "datetime"], ["Event_Data", "string"], ["EventSource", "string"],
  ["ExtendedProperties", "string"], ["ExternalAccess", "string"], ["ExtraProperties", "dynamic"], ["Folder", "string"], ["Folders", "string"],
  ["GenericInfo", "string"], ["InternalLogonType", "int"], ["InterSystemsId", "string"], ["IntraSystemId", "string"], ["_IsBillable", "string"],
  ["IsManagedDevice", "bool"], ["Item", "string"], ["ItemName", "string"], ["ItemType", "string"], ["LoginStatus", "int"], ["Logon_Type", "string"],
  ["LogonUserDisplayName", "string"], ["LogonUserSid", "string"], ["MachineDomainInfo", "string"], ["MachineId", "string"],
  ["MailboxGuid", "string"], ["MailboxOwnerMasterAccountSid", "string"], ["MailboxOwnerSid", "string"], ["MailboxOwnerUPN", "string"],
  ["Members", "dynamic"], ["MessageId", "string"], ["ModifiedObjectResolvedName", "string"], ["ModifiedProperties", "string"], ["Name", "string"],
  ["NewValue", "string"], ["OfficeId", "string"], ["OfficeObjectId", "string"], ["OfficeTenantId", "string"], ["OfficeWorkload", "string"],
  ["OldValue", "string"], ["Operation", "string"], ["OperationProperties", "dynamic"], ["OperationScope", "string"], ["OrganizationId", "string"],
  ["OrganizationName", "string"], ["OriginatingServer", "string"], ["Parameters", "string"], ["RecordType", "string"], ["_ResourceId", "string"],
  ["ResultReasonType", "string"], ["ResultStatus", "string"], ["SendAsUserMailboxGuid", "string"], ["SendAsUserSmtp", "string"],
  ["SendonBehalfOfUserMailboxGuid", "string"], ["SendOnBehalfOfUserSmtp", "string"], ["SharingType", "string"], ["Site_", "string"],
  ["Site_Url", "string"], ["Source_Name", "string"], ["SourceFileExtension", "string"], ["SourceFileName", "string"], ["SourceRecordId", "string"],
  ["SourceRelativeUrl", "string"], ["SourceSystem", "string"], ["SRPolicyId", "string"], ["SRPolicyName", "string"],
  ["SRRuleMatchDetails", "dynamic"], ["Start_Time", "datetime"], ["_SubscriptionId", "string"], ["SupportTicketId", "string"], ["TabType", "string"],
  ["TargetContextId", "string"], ["TargetUserId", "string"], ["TargetUserOrGroupName", "string"], ["TargetUserOrGroupType", "string"],
  ["TeamGuid", "string"], ["TeamName", "string"], ["TenantId", "string"], ["TimeGenerated", "datetime"], ["Type", "string"], ["UserAgent", "string"],
  ["UserDomain", "string"], ["UserId", "string"], ["UserKey", "string"], ["UserSharedWith", "string"], ["UserType", "string"],
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
  {
    name: "AADServicePrincipalSignInLogs",
    source: "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs",
    columns: columns(AAD_SERVICE_PRINCIPAL_SIGN_IN_LOGS),
  },
  {
    name: "AADManagedIdentitySignInLogs",
    source: "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/aadmanagedidentitysigninlogs",
    columns: columns(AAD_MANAGED_IDENTITY_SIGN_IN_LOGS),
  },
  {
    name: "AzureActivity",
    source: "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/azureactivity",
    columns: columns(AZURE_ACTIVITY),
  },
  {
    name: "AADUserRiskEvents",
    source: "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/aaduserriskevents",
    columns: columns(AAD_USER_RISK_EVENTS),
  },
  {
    name: "AADRiskyUsers",
    source: "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/aadriskyusers",
    columns: columns(AAD_RISKY_USERS),
  },
  {
    name: "MicrosoftGraphActivityLogs",
    source: "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/microsoftgraphactivitylogs",
    columns: columns(MICROSOFT_GRAPH_ACTIVITY_LOGS),
  },
  {
    name: "OfficeActivity",
    source: "https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/officeactivity",
    columns: columns(OFFICE_ACTIVITY),
  },
];

/** The documented type of each column of `table`, by column name; throws for an undeclared table. */
export function documentedColumns(table: string): ReadonlyMap<string, KqlColumnType> {
  const declared = SENTINEL_TABLES.find((candidate) => candidate.name === table);
  if (declared === undefined) throw new Error(`The Sentinel table ${table} is not declared in sentinel-schema.ts`);
  return new Map(declared.columns.map((column) => [column.name, column.type]));
}
