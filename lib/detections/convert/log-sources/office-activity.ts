import { keyword, splunk, unmapped, type FieldRow, type LogSourceMapping } from "../field-types";

/**
 * Microsoft 365 audit records (the Office 365 Management Activity API).
 * - Sentinel: OfficeActivity, which renames a few of the API's fields (Workload → OfficeWorkload,
 *   ObjectId → OfficeObjectId).
 * - Elastic: the Microsoft 365 integration, logs-o365.audit-*, keeps the API's names under o365.audit.*.
 * - Splunk: the Splunk Add-on for Microsoft Office 365, sourcetype o365:management:activity, the API's names.
 */
function apiField(name: string): FieldRow {
  return { elastic: keyword(`o365.audit.${name}`), splunk: splunk(name) };
}

const OFFICE_ACTIVITY_ROWS: Record<string, FieldRow> = {
  ApplicationId: apiField("ApplicationId"),
  ClientIP: apiField("ClientIP"),
  MailboxOwnerUPN: apiField("MailboxOwnerUPN"),
  OfficeObjectId: { elastic: keyword("o365.audit.ObjectId"), splunk: splunk("ObjectId") },
  OfficeWorkload: {
    elastic: keyword("o365.audit.Workload"),
    elasticAlso: ["event.provider"],
    splunk: splunk("Workload"),
  },
  Operation: { ...apiField("Operation"), elasticAlso: ["event.action"] },
  OrganizationId: apiField("OrganizationId"),
  ResultStatus: apiField("ResultStatus"),
  UserId: apiField("UserId"),
  UserKey: apiField("UserKey"),
  // Fields of the Defender for Office 365 email records the Management Activity API carries
  // ("Microsoft Defender for Office 365 and Threat Investigation and Response schema",
  // https://learn.microsoft.com/en-us/office/office-365-management-api/office-365-management-activity-api-schema),
  // which the Splunk add-on keeps by name; OfficeActivity holds no such records.
  Directionality: {
    sentinel: unmapped("OfficeActivity holds no Defender for Office 365 email records"),
    elastic: unmapped("the Microsoft 365 integration is not known to keep the email records' fields by name"),
    splunk: splunk("Directionality"),
  },
  DeliveryAction: {
    sentinel: unmapped("OfficeActivity holds no Defender for Office 365 email records"),
    elastic: unmapped("the Microsoft 365 integration is not known to keep the email records' fields by name"),
    splunk: splunk("DeliveryAction"),
  },
  RecordType: {
    elastic: unmapped("the API gives the record type as a number, OfficeActivity as its name"),
    splunk: unmapped("the API gives the record type as a number, OfficeActivity as its name"),
  },
};

/** The API's own names for OfficeActivity's renamed columns. */
const API_NAMES = { Workload: "OfficeWorkload", ObjectId: "OfficeObjectId" };

/**
 * SigmaHQ's m365 exchange rule names the record as the Elastic rule it was written from did:
 * eventSource for Workload and eventName for Operation (the Microsoft 365 integration's pipeline
 * renames them to event.provider and event.action), status for event.outcome, which the pipeline
 * derives from ResultStatus. ResultStatus is never "success" (the API schema: Succeeded,
 * PartiallySucceeded or Failed; True or False for Exchange admin cmdlets), so Sentinel and Splunk
 * leave status out with a warning.
 */
const ELASTIC_RULE_NAMES = { eventSource: "OfficeWorkload", eventName: "Operation" };

const NO_SUCCESS_VALUE =
  "ResultStatus has no value success (Succeeded, PartiallySucceeded, Failed; True or False for Exchange admin cmdlets)";

const EXCHANGE_ROWS: Record<string, FieldRow> = {
  ...OFFICE_ACTIVITY_ROWS,
  status: {
    sentinel: unmapped(NO_SUCCESS_VALUE),
    elastic: keyword("event.outcome"),
    splunk: unmapped(NO_SUCCESS_VALUE),
  },
};

export const OFFICE_ACTIVITY_LOG_SOURCES = {
  "m365/audit": {
    sentinel: { tables: ["OfficeActivity"] },
    elastic: { index: "logs-o365.audit-*", filter: null },
    splunk: { baseSearch: 'sourcetype="o365:management:activity"' },
    elasticDataset: { dataset: "o365.audit", categoryField: null, categories: null },
    fields: OFFICE_ACTIVITY_ROWS,
    aliases: API_NAMES,
    elasticReadings: {
      "event.outcome": unmapped("Elastic derives it from ResultStatus, whose values vary by workload"),
    },
  },
  "m365/exchange": {
    sentinel: { tables: ["OfficeActivity"], filter: 'OfficeWorkload == "Exchange"' },
    elastic: { index: "logs-o365.audit-*", filter: 'o365.audit.Workload == "Exchange"' },
    splunk: { baseSearch: 'sourcetype="o365:management:activity" Workload=Exchange' },
    elasticDataset: null,
    fields: EXCHANGE_ROWS,
    aliases: { ...API_NAMES, ...ELASTIC_RULE_NAMES },
    leftOut: {
      status: {
        sentinel: `status is left out in Sentinel: ${NO_SUCCESS_VALUE}, so every record of the operation matches, whatever its result.`,
        splunk: `status is left out in Splunk: ${NO_SUCCESS_VALUE}, so every record of the operation matches, whatever its result.`,
      },
    },
  },
} satisfies Record<string, LogSourceMapping>;
