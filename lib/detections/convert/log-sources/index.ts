import type { LogSourceMapping } from "../field-types";
import { ACTIVITY_LOG_SOURCES } from "./activity-logs";
import { AUDIT_LOG_SOURCES } from "./audit-logs";
import { GRAPH_ACTIVITY_LOG_SOURCES } from "./graph-activity-logs";
import { IDENTITY_PROTECTION_LOG_SOURCES } from "./identity-protection";
import { OFFICE_ACTIVITY_LOG_SOURCES } from "./office-activity";
import { SECURITY_COMPLIANCE_ALERT_LOG_SOURCES } from "./security-compliance-alerts";
import { SIGN_IN_LOG_SOURCES } from "./sign-ins";

/** Every log source the converter maps, by `product/service`: one table of fields each, read both ways. */
const BY_ID = {
  ...SIGN_IN_LOG_SOURCES,
  ...AUDIT_LOG_SOURCES,
  ...ACTIVITY_LOG_SOURCES,
  ...IDENTITY_PROTECTION_LOG_SOURCES,
  ...GRAPH_ACTIVITY_LOG_SOURCES,
  ...OFFICE_ACTIVITY_LOG_SOURCES,
  ...SECURITY_COMPLIANCE_ALERT_LOG_SOURCES,
} satisfies Record<string, LogSourceMapping>;

export type LogSourceId = keyof typeof BY_ID;
export const LOG_SOURCES: Readonly<Record<LogSourceId, LogSourceMapping>> = BY_ID;
export const LOG_SOURCE_IDS = Object.keys(LOG_SOURCES) as LogSourceId[];
