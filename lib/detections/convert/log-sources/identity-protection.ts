import { boolean, keyword, splunk, type ElasticReading, type FieldRow, type LogSourceMapping } from "../field-types";
import { recordProperty, rowsFor } from "./build";

/**
 * Entra ID Protection: risk detections (UserRiskEvents) and risky users (RiskyUsers).
 * - Sentinel: AADUserRiskEvents and AADRiskyUsers.
 * - Elastic: one data stream, logs-azure.identity_protection-*, under azure.identityprotection
 *   (no underscore), its properties snake-cased; the category tells the two apart.
 * - Splunk: azure:monitor:aad with category=UserRiskEvents or RiskyUsers.
 */

const DATASET = "azure.identity_protection";
const INDEX = "logs-azure.identity_protection-*";

const property = recordProperty("azure.identityprotection.properties");

const IDENTITY_PROTECTION_ROWS: Record<string, FieldRow> = {
  Activity: property("activity"),
  CorrelationId: property("correlationId"),
  DetectionTimingType: property("detectionTimingType"),
  Id: property("id"),
  IpAddress: property("ipAddress"),
  IsDeleted: {
    elastic: boolean("azure.identityprotection.properties.is_deleted"),
    splunk: splunk("properties.isDeleted"),
  },
  IsProcessing: {
    elastic: boolean("azure.identityprotection.properties.is_processing"),
    splunk: splunk("properties.isProcessing"),
  },
  OperationName: {
    elastic: keyword("azure.identityprotection.operation_name"),
    elasticAlso: ["event.action"],
    splunk: splunk("operationName"),
  },
  RequestId: property("requestId"),
  RiskDetail: property("riskDetail"),
  RiskEventType: property("riskEventType"),
  RiskLevel: property("riskLevel"),
  RiskState: property("riskState"),
  Source: property("source"),
  TokenIssuerType: property("tokenIssuerType"),
  UserDisplayName: property("userDisplayName"),
  UserId: property("userId"),
  UserPrincipalName: property("userPrincipalName"),
};

const READINGS: Readonly<Record<string, ElasticReading>> = {
  "event.kind": { kind: "constant", values: ["event"] },
};

function source(table: string, category: string): LogSourceMapping {
  return {
    sentinel: { tables: [table] },
    elastic: { index: INDEX, filter: `azure.identityprotection.category == "${category}"` },
    splunk: { baseSearch: `sourcetype="azure:monitor:aad" category=${category}` },
    elasticDataset: { dataset: DATASET, categoryField: "azure.identityprotection.category", categories: [category] },
    fields: rowsFor([table], IDENTITY_PROTECTION_ROWS),
    elasticReadings: READINGS,
  };
}

const TABLES = ["AADUserRiskEvents", "AADRiskyUsers"];

export const IDENTITY_PROTECTION_LOG_SOURCES = {
  "azure/riskdetection": source("AADUserRiskEvents", "UserRiskEvents"),
  "azure/riskyusers": source("AADRiskyUsers", "RiskyUsers"),
  /** Both categories, as Elastic's data stream holds them. */
  "azure/identityprotection": {
    sentinel: { tables: TABLES },
    elastic: { index: INDEX, filter: null },
    splunk: { baseSearch: 'sourcetype="azure:monitor:aad" category IN (UserRiskEvents, RiskyUsers)' },
    elasticDataset: { dataset: DATASET, categoryField: "azure.identityprotection.category", categories: null },
    fields: rowsFor(TABLES, IDENTITY_PROTECTION_ROWS),
    elasticReadings: READINGS,
  },
} satisfies Record<string, LogSourceMapping>;
