import { keyword, splunk, unmapped, type FieldRow, type LogSourceMapping } from "../field-types";

/**
 * Microsoft 365 alerts as the Office 365 Management Activity API records them: RecordType 40,
 * "Security and Compliance Alerts schema"
 * (https://learn.microsoft.com/en-us/office/office-365-management-api/office-365-management-activity-api-schema#security-and-compliance-alerts-schema):
 * alerts of the Defender portal's alert policies and the Microsoft 365 alerts of Defender for
 * Cloud Apps, each named in `Name`, with Operation AlertTriggered, AlertEntityGenerated or
 * AlertUpdated. The records' Workload is SecurityComplianceCenter (the Microsoft 365
 * integration's recorded samples, elastic/integrations
 * packages/o365/data_stream/audit/_dev/test/pipeline/test-sec-comp-alerts-events.json).
 *
 * SigmaHQ's `m365` `threat_management` and `threat_detection` rules name them as Elastic's
 * Microsoft 365 rules did (which they were written from): eventSource for the workload
 * (event.provider), eventName for the alert's name, status for the outcome (event.outcome).
 * - Elastic: the Microsoft 365 integration's pipeline
 *   (packages/o365/data_stream/audit/elasticsearch/ingest_pipeline/default.yml) renames Workload
 *   to event.provider, sets event.code SecurityComplianceAlerts for RecordType 40 and renames the
 *   alert's Name to rule.name; event.outcome is success unless ResultStatus is Failed or False.
 * - Splunk: sourcetype o365:management:activity keeps the API's records and names.
 * - Sentinel: no table is documented to hold these records. OfficeActivity documents none of
 *   their columns (Name, AlertId, Severity); SecurityAlert, where Defender alerts arrive, documents
 *   no column for the API's Workload nor that its AlertName is the alert policy's name.
 */

const NO_SENTINEL_TABLE =
  "no Sentinel table is documented to hold the Management Activity API's alert records: OfficeActivity has no alert columns, and SecurityAlert documents no column for their workload nor that AlertName holds these alert names";

const ALERT_ROWS: Record<string, FieldRow> = {
  eventSource: { elastic: keyword("event.provider"), splunk: splunk("Workload") },
  eventName: { elastic: keyword("rule.name"), splunk: splunk("Name") },
  status: {
    elastic: keyword("event.outcome"),
    splunk: unmapped("the alert records have no outcome field: their Status is the alert's state"),
  },
  Payload: {
    elastic: unmapped("the alert records have no Payload field (Security and Compliance Alerts schema)"),
    splunk: unmapped("the alert records have no Payload field (Security and Compliance Alerts schema)"),
  },
};

/** Sentinel has no table for these records, so every row is refused there with the reason. */
const ROWS: Record<string, FieldRow> = Object.fromEntries(
  Object.entries(ALERT_ROWS).map(([name, row]) => [name, { ...row, sentinel: unmapped(NO_SENTINEL_TABLE) }]),
);

const ALERTS: LogSourceMapping = {
  sentinel: unmapped(NO_SENTINEL_TABLE),
  elastic: { index: "logs-o365.audit-*", filter: 'event.code == "SecurityComplianceAlerts"' },
  splunk: { baseSearch: 'sourcetype="o365:management:activity" RecordType=40' },
  elasticDataset: null,
  fields: ROWS,
  leftOut: {
    status: {
      splunk:
        "status is left out in Splunk: the Management Activity API's alert records have no outcome field (their Status is the alert's state: Active, Investigating, Resolved or Dismissed), so every alert of the name matches.",
    },
  },
};

export const SECURITY_COMPLIANCE_ALERT_LOG_SOURCES = {
  "m365/threat_management": ALERTS,
  "m365/threat_detection": ALERTS,
} satisfies Record<string, LogSourceMapping>;
