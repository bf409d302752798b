import { ip, keyword, keywordList, long, splunk, unmapped, type FieldRow, type LogSourceMapping } from "../field-types";
import { recordProperty } from "./build";

/**
 * Microsoft Graph activity logs (every request made to Microsoft Graph).
 * - Sentinel: MicrosoftGraphActivityLogs.
 * - Elastic: logs-azure.graphactivitylogs-*; the pipeline snake-cases the properties and moves the
 *   request to ECS (url.original, http.request.method, http.response.status_code, user_agent.original,
 *   source.ip, user.id), splitting roles, scopes and wids into lists.
 * - Splunk: azure:monitor:aad with category=MicrosoftGraphActivityLogs, the record's JSON names.
 */
const recordField = recordProperty("azure.graphactivitylogs.properties");
const property = (jsonKey: string, elasticName?: string): FieldRow =>
  recordField(jsonKey, elasticName === undefined ? undefined : keyword(elasticName));

const GRAPH_ACTIVITY_ROWS: Record<string, FieldRow> = {
  ApiVersion: property("apiVersion"),
  AppId: property("appId"),
  ClientRequestId: property("clientRequestId"),
  IdentityProvider: property("identityProvider"),
  IPAddress: { elastic: ip("source.ip"), splunk: splunk("properties.ipAddress") },
  OperationId: property("operationId"),
  RequestId: property("requestId", "http.request.id"),
  RequestMethod: property("requestMethod", "http.request.method"),
  RequestUri: property("requestUri", "url.original"),
  ResponseStatusCode: { elastic: long("http.response.status_code"), splunk: splunk("properties.responseStatusCode") },
  // Space-separated lists in Sentinel and Splunk, lists in Elastic: what all three match is text they contain.
  Roles: { elastic: keywordList("azure.graphactivitylogs.properties.roles"), splunk: splunk("properties.roles") },
  Scopes: { elastic: keywordList("azure.graphactivitylogs.properties.scopes"), splunk: splunk("properties.scopes") },
  Wids: { elastic: keywordList("azure.graphactivitylogs.properties.wids"), splunk: splunk("properties.wids") },
  ServicePrincipalId: property("servicePrincipalId"),
  SignInActivityId: property("signInActivityId"),
  UserAgent: property("userAgent", "user_agent.original"),
  UserId: property("userId", "user.id"),
};

export const GRAPH_ACTIVITY_LOG_SOURCES = {
  "azure/microsoftgraphactivitylogs": {
    sentinel: { tables: ["MicrosoftGraphActivityLogs"] },
    elastic: { index: "logs-azure.graphactivitylogs-*", filter: null },
    splunk: { baseSearch: 'sourcetype="azure:monitor:aad" category=MicrosoftGraphActivityLogs' },
    elasticDataset: { dataset: "azure.graphactivitylogs", categoryField: null, categories: null },
    fields: GRAPH_ACTIVITY_ROWS,
    elasticReadings: {
      "event.kind": { kind: "constant", values: ["event"] },
      "url.path": unmapped(
        "Elastic splits the request URI into parts; the other SIEMs keep it whole (RequestUri), so a test on its path alone has no equal",
      ),
      "azure.graphactivitylogs.properties.user_principal_object_id": unmapped(
        "MicrosoftGraphActivityLogs documents no column for it",
      ),
    },
  },
} satisfies Record<string, LogSourceMapping>;
