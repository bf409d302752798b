import { beforeAll, describe, expect, it } from "vitest";
import { kustoDiagnostics } from "@/lib/detections/convert/kusto-check";
import { SENTINEL_TABLES } from "@/lib/detections/convert/sentinel-schema";

// The first call loads the language service and lets it build its function tables (~5 s).
beforeAll(() => {
  kustoDiagnostics("print 1");
}, 60_000);

describe("kustoDiagnostics", () => {
  it("accepts a correct query over each declared table", () => {
    expect(
      kustoDiagnostics(`SigninLogs
| where TimeGenerated > ago(1d)
| where ResultType != "0" and IsInteractive
| extend OS = tostring(DeviceDetail.operatingSystem), ErrorCode = toint(Status.errorCode), City = tostring(LocationDetails.city)
| summarize Failures = count(), Apps = make_set(AppDisplayName) by UserPrincipalName, IPAddress, OS, City`),
    ).toEqual([]);
    expect(
      kustoDiagnostics(`AADNonInteractiveUserSignInLogs
| where TimeGenerated > ago(1h) and ResultType == "50126"
| extend OS = tostring(parse_json(DeviceDetail).operatingSystem)
| project TimeGenerated, UserPrincipalName, AppDisplayName, IPAddress, OS, TenantId`),
    ).toEqual([]);
    expect(
      kustoDiagnostics(`AuditLogs
| where OperationName == "Add member to role" and Result == "success"
| extend Actor = tostring(InitiatedBy.user.userPrincipalName), Target = tostring(TargetResources[0].userPrincipalName)
| project ActivityDateTime, Actor, Target, LoggedByService, CorrelationId, DurationMs`),
    ).toEqual([]);
  });

  it("reports an unknown column", () => {
    expect(kustoDiagnostics('SigninLogs | where NoSuchColumn == "x"')).toEqual([
      "Error at 19: The name 'NoSuchColumn' does not refer to any known column, table, variable or function.",
    ]);
  });

  it("reports a syntax error", () => {
    expect(kustoDiagnostics("SigninLogs | where ResultType ==")).toEqual(["Error at 32: Missing expression"]);
  });

  it("reports unknown functions and tables", () => {
    expect(kustoDiagnostics("SigninLogs | extend x = nosuchfn(1)")).toEqual([
      "Error at 24: The name 'nosuchfn' does not refer to any known function.",
    ]);
    expect(kustoDiagnostics("SignInLogs | take 1")).toEqual([
      "Error at 0: The name 'SignInLogs' does not refer to any known table, tabular variable or function.",
    ]);
  });

  it("accepts summarize with dcount and bin", () => {
    expect(
      kustoDiagnostics("SigninLogs | summarize dcount(UserPrincipalName) by IPAddress, bin(TimeGenerated, 1h)"),
    ).toEqual([]);
  });

  it("accepts mv-expand over AuditLogs.TargetResources", () => {
    expect(
      kustoDiagnostics(
        'AuditLogs | mv-expand TargetResources | extend p = TargetResources.modifiedProperties | where tostring(p) has "Issuer"',
      ),
    ).toEqual([]);
  });

  it("reports string-vs-number ordering, but not equality, as the service does", () => {
    // ResultType is documented as string. The service accepts == / != / in between string and
    // long (the engine compares them), but rejects ordering operators.
    expect(kustoDiagnostics("SigninLogs | where ResultType == 50126")).toEqual([]);
    expect(kustoDiagnostics("SigninLogs | where ResultType > 50126")).toEqual([
      "Error at 30: The operator '>' is not defined for the operand types string and long.",
    ]);
    expect(kustoDiagnostics('SigninLogs | where TimeGenerated > "yesterday"')).toEqual([
      "Error at 33: The operator '>' is not defined for the operand types datetime and string.",
    ]);
  });

  it("follows the documented column types, including string-typed JSON columns", () => {
    // AADNonInteractiveUserSignInLogs.DeviceDetail is documented as string, so it needs parse_json.
    expect(kustoDiagnostics("AADNonInteractiveUserSignInLogs | extend os = DeviceDetail.operatingSystem")).toEqual([
      "Error at 59: The name 'operatingSystem' does not refer to any known column, table, variable or function.",
    ]);
    // SigninLogs.AuthenticationDetails is documented as string, so mv-expand needs todynamic.
    expect(kustoDiagnostics("SigninLogs | mv-expand AuthenticationDetails")).toEqual([
      "Error at 23: The expression must have the type dynamic.",
    ]);
    expect(kustoDiagnostics("SigninLogs | mv-expand AuthDetail = todynamic(AuthenticationDetails)")).toEqual([]);
  });

  it("declares every documented column once, each usable in a query", () => {
    expect(Object.fromEntries(SENTINEL_TABLES.map((table) => [table.name, table.columns.length]))).toEqual({
      SigninLogs: 98,
      AADNonInteractiveUserSignInLogs: 83,
      AuditLogs: 32,
      AADServicePrincipalSignInLogs: 35,
      AADManagedIdentitySignInLogs: 35,
      AzureActivity: 37,
      AADUserRiskEvents: 27,
      AADRiskyUsers: 17,
      MicrosoftGraphActivityLogs: 32,
      OfficeActivity: 133,
    });
    for (const table of SENTINEL_TABLES) {
      const names = table.columns.map((column) => column.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(expect.arrayContaining(["TimeGenerated", "TenantId", "Type"]));
      expect(kustoDiagnostics(`${table.name} | project ${names.join(", ")}`)).toEqual([]);
    }
  });

  it("stays fast once loaded", () => {
    const started = performance.now();
    for (let index = 0; index < 50; index++) {
      kustoDiagnostics(`SigninLogs | where UserPrincipalName has "user${index}" | summarize count() by IPAddress`);
    }
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
