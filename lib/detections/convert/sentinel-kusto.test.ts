import { describe, expect, it } from "vitest";
import { CONSTRUCT_RULES } from "@/lib/detections/convert/construct-rules.fixture";
import { convertSigma } from "@/lib/detections/convert";
import { kustoDiagnostics } from "@/lib/detections/convert/kusto-check";

const AUDIT_ARRAY_RULE = `title: Role member added
logsource: {product: azure, service: auditlogs}
detection:
  sel:
    OperationName: Add member to role
    TargetResources.modifiedProperties.newValue|contains: Company Administrator
    TargetResources.type: User
    InitiatedBy.user.userPrincipalName|endswith: '@contoso.com'
  condition: sel
`;

const NON_INTERACTIVE_RULE = `title: Non-compliant device
logsource: {product: azure, service: noninteractiveusersigninlogs}
detection:
  sel:
    DeviceDetail.isCompliant: false
    Status|contains: MFA denied
    LocationDetails.city: Paris
  condition: sel
`;

/**
 * Every KQL query the golden tests expect must also parse and type-check against the Sentinel
 * table schemas in Microsoft's own Kusto language service.
 */
describe("Sentinel queries in the Kusto language service", () => {
  it.each([
    ...Object.entries(CONSTRUCT_RULES),
    ["auditLogsArrays", AUDIT_ARRAY_RULE],
    ["nonInteractive", NON_INTERACTIVE_RULE],
  ])("%s", (_name, ruleText) => {
    expect(kustoDiagnostics(convertSigma(ruleText, "sentinel").query)).toEqual([]);
  });
});
