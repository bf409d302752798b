import {
  anyOf,
  boolean,
  column,
  elasticSnakeCase,
  elementProperty,
  ip,
  jsonText,
  keyword,
  keywordList,
  long,
  splunk,
  splunkList,
  unmapped,
  type ElasticReading,
  type FieldRow,
  type LogSourceMapping,
} from "../field-types";
import { objectReader, recordProperty, rowsFor, type ObjectReader } from "./build";

/**
 * Entra ID sign-ins, in four Sentinel tables (one per diagnostic-settings category), one Elastic
 * data stream (logs-azure.signinlogs-*, every category, told apart by azure.signinlogs.category)
 * and one Splunk source type (azure:monitor:aad, told apart by `category`).
 *
 * - Sentinel: the Azure Monitor table reference; object columns documented as string are read
 *   through parse_json().
 * - Elastic: the Azure Logs integration's sign-in pipeline snake-cases every JSON key under
 *   azure.signinlogs.properties.* and moves a few to ECS (source.ip, user_agent.original,
 *   geo.*, event.action; the failure reason and details into `message`).
 * - Splunk: the Splunk Add-on for Microsoft Cloud Services keeps the Azure Monitor record's JSON
 *   names (properties.userPrincipalName…, arrays as `{}`), and `category` at the top.
 */

const SIGN_IN_DATASET = "azure.signinlogs";
const SIGN_IN_INDEX = "logs-azure.signinlogs-*";
const AZURE_AD_SOURCETYPE = 'sourcetype="azure:monitor:aad"';
const LIST_IN_ESQL = unmapped(
  "the integration keeps it as a list of objects, and ES|QL cannot test a property of one element",
);

const property = recordProperty("azure.signinlogs.properties");

/**
 * The network names Elastic's rules test (the owner name its GeoIP database gives an address's
 * network, source.as.organization.name) whose networks are known by number: ARIN's registry
 * record for AS 8075 names the block AS 8068-8075 MICROSOFT-CORP-MSN-AS-BLOCK
 * (https://whois.arin.net/rest/asn/AS8075). Sign-ins record the network number themselves
 * (AutonomousSystemNumber, "Autonomous System Number for the network" in the SigninLogs reference).
 */
const KNOWN_NETWORKS: Readonly<Record<string, readonly string[]>> = {
  "MICROSOFT-CORP-MSN-AS-BLOCK": ["8068", "8069", "8070", "8071", "8072", "8073", "8074", "8075"],
};

const GEO_WARNING =
  "Elastic locates the address with its GeoIP database (source.geo.*); the query reads the location Entra ID recorded for the sign-in (LocationDetails).";

/**
 * Elastic's sign-in pipeline (the Azure Logs integration, data_stream/signinlogs ingest pipeline)
 * sets user.name with the grok patterns `%{USERNAME:user.name}@%{HOSTNAME:user.domain}`, else the
 * whole user principal name: the first run of USERNAME characters ([a-zA-Z0-9._-]) followed by
 * `@` and a host name's first character.
 */
const USER_NAME_PATTERN = "([a-zA-Z0-9._-]+)@[0-9A-Za-z]";
const USER_NAME_FIELD = "user_name_from_upn";

/** A property of each element of a list in `properties`. */
function elementOf(array: string, element: string, jsonArray: string, jsonProperty: string): FieldRow {
  return {
    sentinel: elementProperty(array, element, jsonProperty),
    elastic: LIST_IN_ESQL,
    elasticAlso: [`azure.signinlogs.properties.${elasticSnakeCase(jsonArray)}.${elasticSnakeCase(jsonProperty)}`],
    splunk: splunkList(`properties.${jsonArray}{}.${jsonProperty}`),
  };
}

function signInRows(read: ObjectReader): Record<string, FieldRow> {
  const objectProperty = (
    columnName: string,
    jsonObject: string,
    jsonProperty: string,
    type?: "string" | "bool",
  ): FieldRow => ({
    sentinel: read(columnName, jsonProperty, type),
    elastic:
      type === "bool"
        ? boolean(`azure.signinlogs.properties.${elasticSnakeCase(jsonObject)}.${elasticSnakeCase(jsonProperty)}`)
        : keyword(`azure.signinlogs.properties.${elasticSnakeCase(jsonObject)}.${elasticSnakeCase(jsonProperty)}`),
    splunk: splunk(`properties.${jsonObject}.${jsonProperty}`),
  });
  return {
    AppDisplayName: property("appDisplayName"),
    AppId: property("appId"),
    AppOwnerTenantId: property("appOwnerTenantId"),
    // The Entra tenant of the record (its tenantId; Sentinel's TenantId is the workspace).
    AADTenantId: { elastic: keyword("azure.tenant_id"), splunk: splunk("tenantId") },
    // A string column in every sign-in table (a serialised list of key/value pairs): matched as written.
    AuthenticationProcessingDetails: {
      sentinel: column("AuthenticationProcessingDetails"),
      elastic: unmapped("the integration maps it as a 'flattened' field, which ES|QL cannot read"),
      splunk: anyOf(
        [
          splunkList("properties.authenticationProcessingDetails{}.key"),
          splunkList("properties.authenticationProcessingDetails{}.value"),
        ],
        "AuthenticationProcessingDetails is matched against each key and each value of the list in Splunk, not against its text as a whole.",
      ),
    },
    AuthenticationProtocol: property("authenticationProtocol"),
    AuthenticationRequirement: property("authenticationRequirement"),
    AutonomousSystemNumber: property(
      "autonomousSystemNumber",
      long("azure.signinlogs.properties.autonomous_system_number"),
    ),
    Category: { elastic: keyword("azure.signinlogs.category"), splunk: splunk("category") },
    ClientAppUsed: property("clientAppUsed"),
    ClientCredentialType: property("clientCredentialType"),
    ConditionalAccessStatus: property("conditionalAccessStatus"),
    CorrelationId: {
      elastic: keyword("azure.correlation_id"),
      elasticAlso: ["azure.signinlogs.properties.correlation_id"],
      splunk: splunk("correlationId"),
    },
    CrossTenantAccessType: property("crossTenantAccessType"),
    FederatedCredentialId: property("federatedCredentialId"),
    FlaggedForReview: {
      sentinel: column("FlaggedForReview", "bool"),
      ...property("flaggedForReview", boolean("azure.signinlogs.properties.flagged_for_review")),
    },
    HomeTenantId: property("homeTenantId"),
    Id: property("id"),
    Identity: { elastic: keyword("azure.signinlogs.identity"), splunk: splunk("identity") },
    IncomingTokenType: property("incomingTokenType"),
    IPAddress: { elastic: ip("source.ip"), splunk: splunk("properties.ipAddress") },
    IPAddressFromResourceProvider: property("ipAddressFromResourceProvider"),
    IsInteractive: {
      sentinel: column("IsInteractive", "bool"),
      ...property("isInteractive", boolean("azure.signinlogs.properties.is_interactive")),
    },
    IsTenantRestricted: {
      sentinel: column("IsTenantRestricted", "bool"),
      ...property("isTenantRestricted", boolean("azure.signinlogs.properties.is_tenant_restricted")),
    },
    Location: { elastic: keyword("geo.country_iso_code"), splunk: splunk("location") },
    OperationName: {
      elastic: keyword("azure.signinlogs.operation_name"),
      elasticAlso: ["event.action"],
      splunk: splunk("operationName"),
    },
    OriginalRequestId: property("originalRequestId"),
    OriginalTransferMethod: property("originalTransferMethod"),
    ResourceDisplayName: property("resourceDisplayName"),
    ResourceIdentity: property("resourceId"),
    ResourceOwnerTenantId: property("resourceOwnerTenantId"),
    ResourceServicePrincipalId: property("resourceServicePrincipalId"),
    ResourceTenantId: property("resourceTenantId"),
    ResultDescription: { elastic: keyword("azure.signinlogs.result_description"), splunk: splunk("resultDescription") },
    ResultSignature: { elastic: keyword("azure.signinlogs.result_signature"), splunk: splunk("resultSignature") },
    ResultType: {
      elastic: long("azure.signinlogs.properties.status.error_code"),
      elasticAlso: ["azure.signinlogs.result_type"],
      splunk: splunk("properties.status.errorCode"),
    },
    RiskDetail: property("riskDetail"),
    // Lists in the record; Sentinel keeps their JSON text, so what all three can match is text they contain.
    RiskEventTypes: {
      sentinel: jsonText(
        "RiskEventTypes",
        "RiskEventTypes is matched as its JSON text in Sentinel, so only text it contains can be matched.",
      ),
      elastic: keywordList("azure.signinlogs.properties.risk_event_types"),
      splunk: splunkList("properties.riskEventTypes{}"),
    },
    RiskEventTypes_V2: {
      sentinel: jsonText(
        "RiskEventTypes_V2",
        "RiskEventTypes_V2 is matched as its JSON text in Sentinel, so only text it contains can be matched.",
      ),
      elastic: keywordList("azure.signinlogs.properties.risk_event_types_v2"),
      splunk: splunkList("properties.riskEventTypes_v2{}"),
    },
    RiskLevelAggregated: property("riskLevelAggregated"),
    RiskLevelDuringSignIn: property(
      "riskLevelDuringSignIn",
      keyword("azure.signinlogs.properties.risk_level_during_signin"),
    ),
    RiskState: property("riskState"),
    ServicePrincipalCredentialKeyId: property("servicePrincipalCredentialKeyId"),
    ServicePrincipalId: property("servicePrincipalId"),
    ServicePrincipalName: property("servicePrincipalName"),
    SessionId: property("sessionId"),
    TokenIssuerName: property("tokenIssuerName"),
    TokenIssuerType: property("tokenIssuerType"),
    UniqueTokenIdentifier: property("uniqueTokenIdentifier"),
    UserAgent: { elastic: keyword("user_agent.original"), splunk: splunk("properties.userAgent") },
    UserDisplayName: property("userDisplayName"),
    UserId: property("userId"),
    UserPrincipalName: property("userPrincipalName"),
    UserType: property("userType"),
    // Elastic's user.name, derived from the user principal name as its pipeline derives it.
    "user.name": {
      sentinel: {
        kind: "column",
        expression: `coalesce(extract(@"${USER_NAME_PATTERN}", 1, UserPrincipalName), UserPrincipalName)`,
        type: "string",
        reads: "UserPrincipalName",
      },
      elastic: keyword("user.name"),
      splunk: {
        name: USER_NAME_FIELD,
        extraction: `rex field=properties.userPrincipalName "(?<${USER_NAME_FIELD}>[a-zA-Z0-9._-]+)@[0-9A-Za-z]"\n| eval ${USER_NAME_FIELD}=coalesce(${USER_NAME_FIELD}, 'properties.userPrincipalName')`,
      },
    },

    // Key/value pairs; Elastic maps the list as a 'flattened' field, whose kuery tests read its values.
    "AuthenticationProcessingDetails.value": {
      sentinel: elementProperty("AuthenticationProcessingDetails", "AuthenticationProcessingDetail", "value"),
      elastic: unmapped(
        "the integration maps authentication_processing_details as a 'flattened' field, which ES|QL cannot read",
      ),
      elasticAlso: ["azure.signinlogs.properties.authentication_processing_details"],
      splunk: splunkList("properties.authenticationProcessingDetails{}.value"),
    },

    "AuthenticationDetails.authenticationMethod": elementOf(
      "AuthenticationDetails",
      "AuthenticationDetail",
      "authenticationDetails",
      "authenticationMethod",
    ),
    "AuthenticationDetails.authenticationStepResultDetail": elementOf(
      "AuthenticationDetails",
      "AuthenticationDetail",
      "authenticationDetails",
      "authenticationStepResultDetail",
    ),
    "ConditionalAccessAudiences.applicationId": elementOf(
      "ConditionalAccessAudiences",
      "ConditionalAccessAudience",
      "conditionalAccessAudiences",
      "applicationId",
    ),
    "ConditionalAccessPolicies.displayName": elementOf(
      "ConditionalAccessPolicies",
      "ConditionalAccessPolicy",
      "appliedConditionalAccessPolicies",
      "displayName",
    ),
    // Each applied policy's grant controls: a list of names ("Mfa", "Block"…) in each element of a list.
    "ConditionalAccessPolicies.enforcedGrantControls": {
      sentinel: {
        kind: "array-element",
        path: [
          { array: "ConditionalAccessPolicies", element: "ConditionalAccessPolicy" },
          { array: "enforcedGrantControls", element: "GrantControl" },
        ],
        property: "",
      },
      elastic: LIST_IN_ESQL,
      elasticAlso: ["azure.signinlogs.properties.applied_conditional_access_policies.enforced_grant_controls"],
      splunk: splunkList("properties.appliedConditionalAccessPolicies{}.enforcedGrantControls{}"),
    },
    "ConditionalAccessPolicies.result": elementOf(
      "ConditionalAccessPolicies",
      "ConditionalAccessPolicy",
      "appliedConditionalAccessPolicies",
      "result",
    ),
    "DeviceDetail.browser": objectProperty("DeviceDetail", "deviceDetail", "browser"),
    "DeviceDetail.deviceId": objectProperty("DeviceDetail", "deviceDetail", "deviceId"),
    "DeviceDetail.displayName": objectProperty("DeviceDetail", "deviceDetail", "displayName"),
    "DeviceDetail.isCompliant": objectProperty("DeviceDetail", "deviceDetail", "isCompliant", "bool"),
    "DeviceDetail.isManaged": objectProperty("DeviceDetail", "deviceDetail", "isManaged", "bool"),
    "DeviceDetail.operatingSystem": objectProperty("DeviceDetail", "deviceDetail", "operatingSystem"),
    "DeviceDetail.trustType": objectProperty("DeviceDetail", "deviceDetail", "trustType"),
    "MfaDetail.authMethod": objectProperty("MfaDetail", "mfaDetail", "authMethod"),
    "LocationDetails.city": {
      sentinel: read("LocationDetails", "city"),
      elastic: keyword("geo.city_name"),
      splunk: splunk("properties.location.city"),
    },
    "LocationDetails.countryOrRegion": {
      sentinel: read("LocationDetails", "countryOrRegion"),
      elastic: unmapped(
        "the integration drops the sign-in's own location object (only its city is kept, as geo.city_name)",
      ),
      splunk: splunk("properties.location.countryOrRegion"),
    },
    "LocationDetails.state": {
      sentinel: read("LocationDetails", "state"),
      elastic: unmapped(
        "the integration stores the state in geo.country_name, which cannot be told apart from a country",
      ),
      splunk: splunk("properties.location.state"),
    },
    // Status is an object (errorCode, failureReason, additionalDetails); Sigma rules match its text.
    Status: {
      sentinel: anyOf([
        read("Status", "errorCode"),
        read("Status", "failureReason"),
        read("Status", "additionalDetails"),
      ]),
      elastic: unmapped(
        "the integration keeps only status.error_code and merges the failure reason and details into 'message'",
      ),
      splunk: anyOf([
        splunk("properties.status.errorCode"),
        splunk("properties.status.failureReason"),
        splunk("properties.status.additionalDetails"),
      ]),
    },
    "TokenProtectionStatusDetails.signInSessionStatus": objectProperty(
      "TokenProtectionStatusDetails",
      "tokenProtectionStatusDetails",
      "signInSessionStatus",
    ),
  };
}

/** What the ECS fields of Elastic's sign-in pipeline stand for, in a source whose rows are `rows`. */
function signInReadings(rows: Readonly<Record<string, FieldRow>>): Readonly<Record<string, ElasticReading>> {
  const recordsNetwork = Object.hasOwn(rows, "AutonomousSystemNumber");
  const recordsLocation = Object.hasOwn(rows, "LocationDetails.city");
  const noNetworkName =
    "Elastic adds the name of the address's network owner from its GeoIP database; the sign-in record has no such field";
  return {
    ...SIGN_IN_READINGS,
    "source.as.organization.name": recordsNetwork
      ? {
          kind: "substitute",
          field: "AutonomousSystemNumber",
          values: KNOWN_NETWORKS,
          warning: (written, known) =>
            `Elastic matches the name its GeoIP database gives the address's network (source.as.organization.name "${written}"); the query matches the networks ARIN's registry names ${known} (AS ${KNOWN_NETWORKS[known][0]}-${KNOWN_NETWORKS[known].at(-1)}) by the network number Entra ID records for the sign-in (AutonomousSystemNumber).${written === known ? "" : ` Elastic compares the name exactly, and the database writes it "${known}".`}`,
          reason: `${noNetworkName}; only the names of known networks (${Object.keys(KNOWN_NETWORKS).join(", ")}) are expressed, through the network number Entra ID records`,
        }
      : unmapped(noNetworkName),
    ...(recordsLocation
      ? {
          "source.geo.city_name": { kind: "field", field: "LocationDetails.city", warning: GEO_WARNING },
          "source.geo.region_name": { kind: "field", field: "LocationDetails.state", warning: GEO_WARNING },
          "source.geo.country_iso_code": {
            kind: "field",
            field: "LocationDetails.countryOrRegion",
            warning: GEO_WARNING,
          },
        }
      : {}),
  };
}

/** What the ECS fields of Elastic's sign-in pipeline stand for in every sign-in source. */
const SIGN_IN_READINGS: Readonly<Record<string, ElasticReading>> = {
  // The pipeline sets success when status.error_code is missing or 0, failure when it is above 0.
  "event.outcome": {
    kind: "values",
    field: "ResultType",
    values: { success: { equals: "0" }, failure: { notEquals: "0" } },
  },
  "event.category": { kind: "constant", values: ["authentication"] },
  "event.kind": { kind: "constant", values: ["event"] },
  "event.type": { kind: "constant", values: ["info"] },
  "source.as.number": {
    kind: "field",
    field: "AutonomousSystemNumber",
    warning:
      "Elastic looks the address's network (source.as.number) up in its GeoIP database; the query reads the network Entra ID recorded for the sign-in.",
  },
  "user.id": { kind: "field", field: "UserId" },
  "user.full_name": { kind: "field", field: "UserDisplayName" },
  // ECS: source.address is the address as the record gives it; the sign-in gives the caller's IP address.
  "source.address": { kind: "field", field: "IPAddress" },
  message: unmapped("Elastic's message joins the failure reason and its details, which the other SIEMs keep apart"),
};

function signInSource(
  table: string,
  category: string,
  rows: Record<string, FieldRow>,
  recordedElsewhere: readonly string[] = [],
): LogSourceMapping {
  const fields = rowsFor([table], rows, recordedElsewhere);
  return {
    sentinel: { tables: [table] },
    elastic: { index: SIGN_IN_INDEX, filter: `azure.signinlogs.category == "${category}"` },
    splunk: { baseSearch: `${AZURE_AD_SOURCETYPE} category=${category}` },
    elasticDataset: { dataset: SIGN_IN_DATASET, categoryField: "azure.signinlogs.category", categories: [category] },
    fields,
    elasticReadings: signInReadings(fields),
  };
}

const SIGN_IN_TABLES = [
  "SigninLogs",
  "AADNonInteractiveUserSignInLogs",
  "AADServicePrincipalSignInLogs",
  "AADManagedIdentitySignInLogs",
] as const;
const SIGN_IN_CATEGORIES = [
  "SignInLogs",
  "NonInteractiveUserSignInLogs",
  "ServicePrincipalSignInLogs",
  "ManagedIdentitySignInLogs",
] as const;

export const SIGN_IN_LOG_SOURCES = {
  "azure/signinlogs": signInSource("SigninLogs", "SignInLogs", signInRows(objectReader("SigninLogs"))),
  "azure/noninteractiveusersigninlogs": signInSource(
    "AADNonInteractiveUserSignInLogs",
    "NonInteractiveUserSignInLogs",
    signInRows(objectReader("AADNonInteractiveUserSignInLogs")),
  ),
  // Microsoft Graph's signIn resource documents clientCredentialType and appOwnerTenantId for service principal
  // sign-ins (https://learn.microsoft.com/en-us/graph/api/resources/signin); the table has no column for it.
  "azure/serviceprincipalsigninlogs": signInSource(
    "AADServicePrincipalSignInLogs",
    "ServicePrincipalSignInLogs",
    signInRows(objectReader("AADServicePrincipalSignInLogs")),
    ["ClientCredentialType", "AppOwnerTenantId"],
  ),
  "azure/managedidentitysigninlogs": signInSource(
    "AADManagedIdentitySignInLogs",
    "ManagedIdentitySignInLogs",
    signInRows(objectReader("AADManagedIdentitySignInLogs")),
  ),
  /**
   * Every sign-in category at once, as Elastic's data stream holds them: a union of the four
   * tables in Sentinel, whose object columns are made dynamic where a table keeps them as text.
   */
  "azure/signins": {
    sentinel: { tables: SIGN_IN_TABLES },
    elastic: { index: SIGN_IN_INDEX, filter: null },
    splunk: { baseSearch: `${AZURE_AD_SOURCETYPE} category IN (${SIGN_IN_CATEGORIES.join(", ")})` },
    elasticDataset: { dataset: SIGN_IN_DATASET, categoryField: "azure.signinlogs.category", categories: null },
    fields: rowsFor(SIGN_IN_TABLES, signInRows(objectReader("SigninLogs"))),
    elasticReadings: signInReadings(rowsFor(SIGN_IN_TABLES, signInRows(objectReader("SigninLogs")))),
  },
} satisfies Record<string, LogSourceMapping>;
