import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listBriefs } from "@/lib/briefs/queries";
import { parseBriefListParams } from "@/lib/briefs/validations";
import { detectionCoverage } from "@/lib/detections/coverage";
import { listDetectionsForBrief } from "@/lib/detections/queries";
import { syncConfiguredLibraries, syncRuleLibrary } from "@/lib/detections/sync/sync-library";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { briefBody, buildFeed, sampleItem } from "@/lib/test/feed-builder";
import { buildTarGz, buildZip, type ArchiveEntry } from "@/lib/test/rule-archive";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const fixtures = path.join(root, "lib", "detections", "importers", "fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), "utf8");

const SPRAY_TITLE = "Fixture: Entra ID Password Spray From One Address";
const SPRAY_ELASTIC_ID = "f3b3549b-8fc4-4c2a-93e5-fb394deac29d";
const SPRAY_SIGMA_ID = "5b1f3c55-0d0a-4f55-9d0e-3f2c1b7a9e01";
// A Sigma rule titled like the Elastic one (written for this test), so one brief meets both.
const SPRAY_SIGMA = `title: "${SPRAY_TITLE}"
id: ${SPRAY_SIGMA_ID}
status: test
description: One address failing as many users.
author: Threat Briefs tests
logsource:
    product: azure
    service: signinlogs
detection:
    selection:
        ResultType: 50126
    condition: selection
level: medium
`;

/** SigmaHQ's layout under GitHub's top folder; a Windows rule and a test file that must be left out. */
function sigmaArchiveEntries(
  options: { dropConditionalAccess?: boolean; raiseLegacyLevel?: boolean } = {},
): ArchiveEntry[] {
  const legacy = fixture("sigma/azure/signinlogs/azure_signin_legacy_protocol_success.yml");
  return [
    { path: "sigma-master/README.md", text: "# Sigma\n" },
    {
      path: "sigma-master/rules/cloud/azure/audit_logs/azure_audit_app_owner_added.yml",
      text: fixture("sigma/azure/auditlogs/azure_audit_app_owner_added.yml"),
    },
    ...(options.dropConditionalAccess
      ? []
      : [
          {
            path: "sigma-master/rules/cloud/azure/audit_logs/azure_audit_conditional_access_policy_deleted.yaml",
            text: fixture("sigma/azure/auditlogs/azure_audit_conditional_access_policy_deleted.yaml"),
          },
        ]),
    {
      path: "sigma-master/rules/cloud/azure/signin_logs/azure_signin_legacy_protocol_success.yml",
      text: options.raiseLegacyLevel ? legacy.replace(/^level: \w+$/m, "level: critical") : legacy,
    },
    { path: "sigma-master/rules/cloud/m365/azure_signin_password_spray.yml", text: SPRAY_SIGMA },
    { path: "sigma-master/rules/cloud/m365/broken.yml", text: fixture("sigma/bad/malformed_yaml.yml") },
    {
      path: "sigma-master/rules/windows/process_creation/proc_creation_win_whoami.yml",
      text: SPRAY_SIGMA.replace(SPRAY_SIGMA_ID, "9d9d9d9d-0000-4000-8000-000000000001"),
    },
    { path: "sigma-master/tests/test_rules.py", text: "pass\n" },
  ];
}

function elasticArchiveEntries(): ArchiveEntry[] {
  return [
    {
      path: "detection-rules-main/rules/integrations/azure/entra_signin_password_spray_many_users.toml",
      text: fixture("elastic/azure/entra_signin_password_spray_many_users.toml"),
    },
    {
      path: "detection-rules-main/rules/integrations/o365/entra_audit_federated_credential_changed.toml",
      text: fixture("elastic/azure/entra_audit_federated_credential_changed.toml"),
    },
    {
      path: "detection-rules-main/rules/windows/entra_signin_broker_device_registration_esql.toml",
      text: fixture("elastic/azure/entra_signin_broker_device_registration_esql.toml"),
    },
  ];
}

/** A stand-in for GitHub: serves archives with ETags, answers If-None-Match with 304, can be slowed. */
type Served = { body: Buffer; etag: string; contentType?: string; delayMs?: number };
const served = new Map<string, Served>();
const requests: { path: string; ifNoneMatch: string | undefined }[] = [];
let server: http.Server;
let base = "";

function serve(name: string, body: Buffer, extra: Partial<Served> = {}): string {
  served.set(`/${name}`, { body, etag: `"${name}-${body.length}-${Date.now()}"`, ...extra });
  return `${base}/${name}`;
}

const env = () => ({
  ...process.env,
  FEED_ALLOW_PRIVATE: "1",
  RULE_SOURCES: `sigmahq=${base}/sigma.zip,elastic=${base}/elastic.tar.gz`,
});

/** Runs `npm run rules:sync` as its own process against this test file's database. */
function runCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(root, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/rules-sync.ts", ...args],
      { cwd: root, env: env() },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Everything a failed sync must leave as it was. */
async function librarySnapshot() {
  return {
    rules: await db.detection.findMany({
      orderBy: { id: "asc" },
      select: { id: true, contentHash: true, retiredAt: true, updatedAt: true },
    }),
    links: await db.briefDetection.findMany({ orderBy: [{ briefId: "asc" }, { detectionId: "asc" }] }),
    sources: await db.ruleSource.findMany({ orderBy: { name: "asc" }, select: { name: true, etag: true } }),
  };
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const entry = served.get(request.url ?? "");
    requests.push({ path: request.url ?? "", ifNoneMatch: request.headers["if-none-match"] });
    if (!entry) return void response.writeHead(404).end("not found");
    setTimeout(() => {
      if (request.headers["if-none-match"] === entry.etag)
        return void response.writeHead(304, { etag: entry.etag }).end();
      response.writeHead(200, { "content-type": entry.contentType ?? "application/octet-stream", etag: entry.etag });
      response.end(entry.body);
    }, entry.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.FEED_ALLOW_PRIVATE = "1";

  const feed = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rule-sync-feed-")), "feed.xml");
  const body = briefBody({
    intro: "Spray.",
    steps: ["Guess one password for many users."],
    impact: "Takeover.",
    recommendations: ["Enforce MFA."],
  });
  fs.writeFileSync(
    feed,
    buildFeed([
      sampleItem("spray", { title: SPRAY_TITLE, body }),
      sampleItem("no-rule", { title: "A brief no library covers", body }),
    ]),
  );
  await ingestFeed({ kind: "file", path: feed }, { trigger: "cli" });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("npm run rules:sync", () => {
  it("imports each library's rule folders from a .zip and a .tar.gz, naming source and licence", async () => {
    serve("sigma.zip", await buildZip(sigmaArchiveEntries()));
    serve("elastic.tar.gz", await buildTarGz(elasticArchiveEntries()));
    const first = await runCli();
    expect(first.stderr).toMatch(/^skipped rules\/cloud\/m365\/broken\.yml: not valid YAML/m);
    expect(first.stdout).toMatch(
      /^sigmahq: 4 new, 0 updated, 0 unchanged, 0 retired; 1 file\(s\) skipped in [\d.]+ s$/m,
    );
    expect(first.stdout).toMatch(/^elastic: 2 new, 0 updated, 0 unchanged, 0 retired in [\d.]+ s$/m);
    expect(first.stderr).toMatch(/^elastic: read \d+ archive entries, 2 rule files kept$/m);
    expect(first.code).toBe(0);

    const sigma = await db.detection.findMany({ where: { origin: "sigmahq" }, orderBy: { originPath: "asc" } });
    expect(sigma.map((rule) => rule.originPath)).toEqual([
      "rules/cloud/azure/audit_logs/azure_audit_app_owner_added.yml",
      "rules/cloud/azure/audit_logs/azure_audit_conditional_access_policy_deleted.yaml",
      "rules/cloud/azure/signin_logs/azure_signin_legacy_protocol_success.yml",
      "rules/cloud/m365/azure_signin_password_spray.yml",
    ]);
    expect(new Set(sigma.map((rule) => rule.license))).toEqual(new Set(["Detection Rule License 1.1"]));
    const elastic = await db.detection.findUniqueOrThrow({ where: { id: SPRAY_ELASTIC_ID } });
    expect(elastic).toMatchObject({
      origin: "elastic",
      license: "Elastic License 2.0",
      author: "Fixture Team, Threat Briefs",
      retiredAt: null,
    });
    const runs = await db.ruleSyncRun.findMany({ orderBy: { sourceName: "asc" } });
    expect(runs.map((run) => [run.sourceName, run.status, run.created, run.skipped, run.trigger])).toEqual([
      ["elastic", "ok", 2, 0, "cli"],
      ["sigmahq", "ok", 4, 1, "cli"],
    ]);
    expect(runs[0].etag).toBe(served.get("/elastic.tar.gz")!.etag);
  });

  it("links a brief to every rule titled like it, Sigma first, and counts the coverage", async () => {
    const spray = await db.brief.findUniqueOrThrow({ where: { slug: "spray" } });
    expect((await listDetectionsForBrief(spray.id)).map((rule) => [rule.id, rule.reason])).toEqual([
      [SPRAY_SIGMA_ID, "title"],
      [SPRAY_ELASTIC_ID, "title"],
    ]);
    expect(await detectionCoverage()).toEqual({ briefs: 2, withRule: 1, withEverySiem: 1 });
    const gaps = await listBriefs(parseBriefListParams({ rule: "none" }));
    expect(gaps.briefs.map((brief) => brief.slug)).toEqual(["no-rule"]);
    expect(gaps.total).toBe(1);
  });

  it("gets a 304 for an unchanged archive and changes nothing", async () => {
    const before = await librarySnapshot();
    requests.length = 0;
    const second = await runCli();
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^sigmahq: archive not modified since the last sync/m);
    expect(second.stdout).toMatch(/^elastic: archive not modified since the last sync/m);
    expect(requests).toEqual([
      { path: "/sigma.zip", ifNoneMatch: served.get("/sigma.zip")!.etag },
      { path: "/elastic.tar.gz", ifNoneMatch: served.get("/elastic.tar.gz")!.etag },
    ]);
    expect(await librarySnapshot()).toEqual(before);
  });

  it("updates a changed rule in place and retires the one its library dropped", async () => {
    serve("sigma.zip", await buildZip(sigmaArchiveEntries({ dropConditionalAccess: true, raiseLegacyLevel: true })));
    const result = await syncRuleLibrary({ name: "sigmahq", url: `${base}/sigma.zip` }, { trigger: "cli" });
    expect(result).toMatchObject({ status: "ok", created: 0, updated: 1, unchanged: 2, retired: 1 });
    expect(
      await db.detection.findUniqueOrThrow({ where: { id: "10436fe7-97c4-45e9-98a8-fd7e0d53fe7b" } }),
    ).toMatchObject({ level: "critical", retiredAt: null });
    const retired = await db.detection.findUniqueOrThrow({ where: { id: "eb68114f-6b36-4eaa-98f5-d11eb0bf4f74" } });
    expect(retired.retiredAt).toBeInstanceOf(Date);
    expect(await db.briefDetection.count({ where: { detectionId: retired.id } })).toBe(0);

    // Back in the library, it is restored.
    serve("sigma.zip", await buildZip(sigmaArchiveEntries({ raiseLegacyLevel: true })));
    expect(await syncRuleLibrary({ name: "sigmahq", url: `${base}/sigma.zip` }, { trigger: "cli" })).toMatchObject({
      status: "ok",
      updated: 1,
      retired: 0,
    });
    expect((await db.detection.findUniqueOrThrow({ where: { id: retired.id } })).retiredAt).toBeNull();
  });

  it("keeps a rule whose file is still there but no longer reads", async () => {
    const entries = sigmaArchiveEntries({ raiseLegacyLevel: true }).map((entry) =>
      entry.path.endsWith("azure_audit_app_owner_added.yml") ? { path: entry.path, text: "title: [unclosed\n" } : entry,
    );
    serve("sigma.zip", await buildZip(entries));
    const result = await syncRuleLibrary({ name: "sigmahq", url: `${base}/sigma.zip` }, { trigger: "cli" });
    expect(result).toMatchObject({ status: "ok", retired: 0 });
    expect(
      (await db.detection.findUniqueOrThrow({ where: { id: "0baaf095-d6a4-41ef-a365-10692eb9f081" } })).retiredAt,
    ).toBeNull();
  });

  it("syncs an archive fetched elsewhere, for sites without internet", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "offline-")), "detection-rules-main.zip");
    fs.writeFileSync(file, await buildZip(elasticArchiveEntries().slice(0, 1)));
    const offline = await runCli("--source", "elastic", "--file", file);
    expect(offline.stdout).toMatch(/^elastic: 0 new, 0 updated, 1 unchanged, 1 retired in/m);
    expect(offline.code).toBe(0);
    const run = await db.ruleSyncRun.findFirstOrThrow({
      where: { sourceName: "elastic" },
      orderBy: { startedAt: "desc" },
    });
    expect(run).toMatchObject({ location: file, status: "ok", etag: null });
    // The next online sync downloads in full instead of trusting the old ETag.
    expect((await db.ruleSource.findUniqueOrThrow({ where: { name: "elastic" } })).etag).toBeNull();
    expect(await syncRuleLibrary({ name: "elastic", url: `${base}/elastic.tar.gz` }, { trigger: "cli" })).toMatchObject(
      { status: "ok", updated: 1, retired: 0 },
    );
  });

  describe("a bad archive fails the sync with a message and changes nothing", () => {
    const cases: [string, () => Promise<Buffer | { body: Buffer; contentType: string }>, RegExp][] = [
      [
        "path traversal",
        () =>
          buildTarGz([
            ...elasticArchiveEntries(),
            { path: "detection-rules-main/rules/integrations/azure/../../../../evil.toml", text: "x" },
          ]),
        /evil\.toml.*\.\./,
      ],
      [
        "a link entry",
        () =>
          buildTarGz([
            ...elasticArchiveEntries(),
            { path: "detection-rules-main/rules/integrations/azure/passwd.toml", symlinkTo: "/etc/passwd" },
          ]),
        /passwd\.toml.*link/i,
      ],
      [
        "a truncated archive",
        async () => (await buildTarGz(elasticArchiveEntries())).subarray(0, 300),
        /truncated or corrupt/,
      ],
      [
        "an HTML error page",
        async () => ({
          body: Buffer.from("<!DOCTYPE html><html><body>Rate limit exceeded</body></html>"),
          contentType: "text/html",
        }),
        /HTML page/,
      ],
      [
        "an archive with no rule folders",
        () => buildTarGz([{ path: "detection-rules-main/README.md", text: "# rules\n" }]),
        /holds no \.toml rule under rules\/integrations\/azure or rules\/integrations\/o365/,
      ],
    ];
    for (const [label, build, message] of cases) {
      it(label, async () => {
        const before = await librarySnapshot();
        const built = await build();
        const url = Buffer.isBuffer(built)
          ? serve("bad.tar.gz", built)
          : serve("bad.tar.gz", built.body, { contentType: built.contentType });
        const result = await syncRuleLibrary({ name: "elastic", url }, { trigger: "cli" });
        expect(result.status).toBe("failed");
        expect(result.status === "failed" && result.error).toMatch(message);
        expect(await librarySnapshot()).toEqual(before);
        expect((await db.ruleSource.findUniqueOrThrow({ where: { name: "elastic" } })).lastError).toMatch(message);
      });
    }

    it("an archive over the size cap", async () => {
      const before = await librarySnapshot();
      const url = serve(
        "big.tar.gz",
        await buildTarGz([
          ...elasticArchiveEntries(),
          { path: "detection-rules-main/blob.bin", text: "x".repeat(200_000) + Math.random() },
        ]),
      );
      process.env.RULES_MAX_ARCHIVE_BYTES = "1000";
      try {
        const result = await syncRuleLibrary({ name: "elastic", url }, { trigger: "cli" });
        expect(result.status === "failed" && result.error).toMatch(/exceeds the .* limit \(RULES_MAX_ARCHIVE_BYTES\)/);
      } finally {
        delete process.env.RULES_MAX_ARCHIVE_BYTES;
      }
      expect(await librarySnapshot()).toEqual(before);
    });
  });

  it("runs two syncs started at once one after the other", async () => {
    serve("elastic.tar.gz", await buildTarGz(elasticArchiveEntries()), { delayMs: 1500 });
    const before = await db.ruleSyncRun.count({ where: { sourceName: "elastic" } });
    const [one, two] = await Promise.all([runCli("--source", "elastic"), runCli("--source", "elastic")]);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(one.stderr + two.stderr).toMatch(/another sync of this library is running; waiting for it to finish/);
    const runs = await db.ruleSyncRun.findMany({
      where: { sourceName: "elastic" },
      orderBy: { startedAt: "asc" },
      skip: before,
    });
    expect(runs).toHaveLength(2);
    expect(runs[1].startedAt.getTime()).toBeGreaterThanOrEqual(runs[0].finishedAt!.getTime());
    // The second found what the first downloaded.
    expect(runs.map((run) => run.status)).toEqual(["ok", "not-modified"]);
  });

  it("on schedule, syncs only the libraries not synced within the interval", async () => {
    const configured = process.env.RULE_SOURCES;
    process.env.RULE_SOURCES = env().RULE_SOURCES;
    try {
      await db.ruleSource.update({
        where: { name: "sigmahq" },
        data: { lastSyncedAt: new Date(Date.now() - 2 * 3_600_000) },
      });
      const results = await syncConfiguredLibraries("scheduler", { dueAfterMs: 3_600_000 });
      expect(results.map((result) => [result.source, result.status])).toEqual([["sigmahq", "not-modified"]]);
      expect(
        await db.ruleSyncRun.findFirstOrThrow({ where: { sourceName: "sigmahq" }, orderBy: { startedAt: "desc" } }),
      ).toMatchObject({ trigger: "scheduler" });
    } finally {
      if (configured === undefined) delete process.env.RULE_SOURCES;
      else process.env.RULE_SOURCES = configured;
    }
  });
});
