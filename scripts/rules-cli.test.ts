import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const fixtures = path.join(root, "lib", "detections", "importers", "fixtures");

/** Runs a command-line entry point against this test file's own database. */
function run(script: string, ...args: string[]) {
  const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", script, ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run rules:import", () => {
  it("imports SigmaHQ and Elastic rule trees, reports each bad file, and a re-import changes nothing", () => {
    const first = run("scripts/rules-import.ts", path.join(fixtures, "sigma"), path.join(fixtures, "elastic"));
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^7 rules read: 7 new, 0 updated, 0 unchanged; 6 file\(s\) skipped$/m);
    for (const bad of [
      "sigma/bad/bad_level.yml",
      "sigma/bad/malformed_yaml.yml",
      "sigma/bad/missing_id.yml",
      "sigma/bad/correlation_external_reference.yml",
      "elastic/bad/missing_rule_id.toml",
      "elastic/bad/unterminated_string.toml",
    ]) {
      expect(first.stderr).toContain(`skipped ${path.join(fixtures, bad)}: `);
    }
    const second = run("scripts/rules-import.ts", path.join(fixtures, "sigma"), path.join(fixtures, "elastic"));
    expect(second.stdout).toMatch(/^7 rules read: 0 new, 0 updated, 7 unchanged; 6 file\(s\) skipped$/m);
  });

  it("explains its usage without a directory", () => {
    expect(run("scripts/rules-import.ts")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Usage: npm run rules:import/),
    });
  });
});

describe("npm run rules:convert", () => {
  it("prints the query for the chosen SIEM", () => {
    const result = run(
      "scripts/rules-convert.ts",
      "lib/detections/library/entra-id-excessive-account-lockouts.yml",
      "--to",
      "splunk",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^sourcetype="azure:monitor:aad" category=SignInLogs properties\.status\.errorCode=50053\n\| bin _time span=1h\n/,
    );
  });

  it("fails with the construct named when a rule cannot be expressed", () => {
    const result = run(
      "scripts/rules-convert.ts",
      "e2e/fixtures/rules/azure_signin_encoded_user_agent.yml",
      "--to",
      "elastic",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot convert .* to elastic: .*'base64offset' modifier/);
    expect(run("scripts/rules-convert.ts", "x.yml", "--to", "qradar")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--to sentinel\|elastic\|splunk/),
    });
  });

  it("translates an Elastic rule (TOML) for Sentinel and Splunk, and prints its own query for Elastic", () => {
    const rule = path.join(
      "lib",
      "detections",
      "convert",
      "fixtures",
      "elastic",
      "entra_signin_lockout_spray_threshold.toml",
    );
    const sentinel = run("scripts/rules-convert.ts", rule, "--to", "sentinel");
    expect(sentinel.code).toBe(0);
    expect(sentinel.stdout).toMatch(
      /^SigninLogs\n\| where TimeGenerated > ago\(30m\)\n\| where not\(ResultType == "0"\) and ResultType == "50053"\n\| summarize ValueCount = dcountif/,
    );
    expect(sentinel.stderr).toMatch(/^note: Schedule: run it every 5m with a look-back of 30m/m);
    expect(sentinel.stderr).not.toMatch(/^warning:/m);
    const elastic = run("scripts/rules-convert.ts", rule, "--to", "elastic");
    expect(elastic.stdout).toMatch(
      /^data_stream\.dataset:azure\.signinlogs and azure\.signinlogs\.category:SignInLogs/,
    );
  });

  it("gives the reason an EQL sequence has no Splunk query", () => {
    const result = run(
      "scripts/rules-convert.ts",
      path.join(
        "lib",
        "detections",
        "convert",
        "fixtures",
        "elastic",
        "entra_signin_device_code_then_registration_eql.toml",
      ),
      "--to",
      "splunk",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Cannot convert .* to splunk: The splunk backend cannot express joining the steps of a sequence on the Elastic field 'user\.name'/,
    );
  });
});

describe("npm run rules:report", () => {
  it("counts, per SIEM, the rules converted and refused with their reasons, and the Kusto parser's verdict", () => {
    const result = run(
      "scripts/conversion-report.ts",
      path.join("lib", "detections", "convert", "fixtures", "elastic"),
      "--name-contains",
      "Fixture: Entra ID",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("5 rules (0 Sigma, 5 Elastic); 5 file(s) left out");
    expect(result.stdout).toContain(
      "sentinel: 4 converted (4 keeping the meaning, 0 with a meaning warning), 1 refused\n  Kusto parser: 4 of 4 queries with no diagnostic\n  Refused:\n    1  joining the steps of a sequence on the Elastic field 'user.name'",
    );
    expect(result.stdout).toContain(
      "elastic: 5 converted (5 keeping the meaning, 0 with a meaning warning), 0 refused",
    );
    expect(result.stdout).toContain("splunk: 4 converted (4 keeping the meaning, 0 with a meaning warning), 1 refused");
  });

  it("tells conversions that keep the meaning from those with a meaning warning, counting each warning", () => {
    const result = run("scripts/conversion-report.ts", path.join("lib", "detections", "library"));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^sentinel: \d+ converted \(\d+ keeping the meaning, [1-9]\d* with a meaning warning\)/m,
    );
    expect(result.stdout).toMatch(/^ {2}Meaning warnings:\n +\d+ {2}/m);
  });

  it("explains its usage without a directory", () => {
    expect(run("scripts/conversion-report.ts")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Usage: npm run rules:report/),
    });
  });
});
