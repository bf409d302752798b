import { dynamicProperty, ip, keyword, splunk, unmapped, type FieldRow, type LogSourceMapping } from "../field-types";

/**
 * The Azure activity log (subscription-level operations).
 * - Sentinel: AzureActivity, whose *Value columns hold the record's own values
 *   (OperationNameValue: MICROSOFT.KEYVAULT/VAULTS/WRITE; OperationName is a display name).
 * - Elastic: logs-azure.activitylogs-*; the pipeline keeps operation_name, category and result_type
 *   under azure.activitylogs and moves the caller's address to source.ip.
 * - Splunk: the Azure Monitor activity-log source type, with the record's JSON names.
 */
const ACTIVITY_LOG_ROWS: Record<string, FieldRow> = {
  ActivityStatusValue: { elastic: keyword("azure.activitylogs.result_type"), splunk: splunk("resultType") },
  CallerIpAddress: { elastic: ip("source.ip"), splunk: splunk("callerIpAddress") },
  CategoryValue: { elastic: keyword("azure.activitylogs.category"), splunk: splunk("category") },
  CorrelationId: { elastic: keyword("azure.correlation_id"), splunk: splunk("correlationId") },
  OperationNameValue: {
    elastic: keyword("azure.activitylogs.operation_name"),
    elasticAlso: ["event.action"],
    splunk: splunk("operationName"),
  },
  ResourceId: { elastic: keyword("azure.resource_id"), splunk: splunk("resourceId") },
  ResourceProviderValue: {
    elastic: unmapped("the integration keeps the provider only inside the resource id"),
    splunk: unmapped("the record keeps the provider only inside the resource id"),
  },
};

/**
 * A property of the record's `properties` bag by its key (Sigma's `properties.message`): the
 * AzureActivity reference documents the bag as Properties_d (dynamic), the Azure Monitor
 * activity-log record keeps it as `properties`, which Splunk reads by name. Elastic's pipeline
 * is not known to keep the keys as they are, so Elastic reads none of them.
 */
const RECORD_PROPERTY = /^properties\.(\w+)$/;
const PROPERTIES = {
  row(sigmaField: string): FieldRow | undefined {
    const key = RECORD_PROPERTY.exec(sigmaField)?.[1];
    if (key === undefined) return undefined;
    return {
      sentinel: dynamicProperty("Properties_d", key),
      elastic: unmapped(
        "the integration's pipeline is not known to keep the activity record's properties by their keys",
      ),
      splunk: splunk(`properties.${key}`),
    };
  },
  sigmaField: () => undefined,
};

export const ACTIVITY_LOG_SOURCES = {
  "azure/activitylogs": {
    sentinel: { tables: ["AzureActivity"] },
    elastic: { index: "logs-azure.activitylogs-*", filter: null },
    splunk: { baseSearch: 'sourcetype="azure:monitor:activity"' },
    elasticDataset: { dataset: "azure.activitylogs", categoryField: null, categories: null },
    fields: ACTIVITY_LOG_ROWS,
    // SigmaHQ's activity-log rules use the record's names: operationName is OperationNameValue.
    aliases: { operationName: "OperationNameValue", category: "CategoryValue", resultType: "ActivityStatusValue" },
    positional: PROPERTIES,
  },
} satisfies Record<string, LogSourceMapping>;
