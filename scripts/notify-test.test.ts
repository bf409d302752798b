import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody } from "@/lib/notify/messages";
import { TestReceiver } from "@/lib/test/receiver";

const root = path.resolve(import.meta.dirname, "..");
const directory = fs.mkdtempSync(path.join(os.tmpdir(), "notify-test-cli-"));
const configFile = path.join(directory, "notify.json");
let receiver: TestReceiver;

/** `npm run notify:test -- ARGS` against this test file's database; asynchronous, so the receiver here can answer it. */
function notifyTest(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      path.join(root, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/notify-test.ts", ...args],
      {
        cwd: root,
        env: { ...process.env, NOTIFY_CONFIG: configFile, FEED_ALLOW_PRIVATE: "1", CLI_HOOK_SECRET: "cli-secret" },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  receiver = await TestReceiver.start();
  receiver.respond = (request) =>
    request.path === "/gone" ? { status: 404, body: "no_service" } : { status: 200, body: "ok from the receiver" };
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      targets: [
        { name: "soar", kind: "webhook", url: receiver.url("/soar"), secretEnv: "CLI_HOOK_SECRET" },
        { name: "old-slack", kind: "slack", url: receiver.url("/gone") },
      ],
    }),
  );
});

afterAll(async () => {
  await receiver.down();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe("npm run notify:test", () => {
  it("sends one signed test message to the named target and prints the answer", async () => {
    const result = await notifyTest("soar");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      `Test message to soar (webhook, ${new URL(receiver.url("/")).host}): HTTP 200 OK\nok from the receiver\n`,
    );
    const [request] = receiver.to("/soar");
    expect(JSON.parse(request.body)).toMatchObject({
      event: "test",
      target: "soar",
      brief: { title: "Test notification from Threat Briefs" },
    });
    expect(request.headers["x-signature-256"]).toBe(signBody("cli-secret", request.body));
    expect(result.stdout + result.stderr).not.toContain("cli-secret");
  }, 60_000);

  it("exits 1 with the receiver's answer when it refuses", async () => {
    const result = await notifyTest("old-slack");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Test message to old-slack \(slack, 127\.0\.0\.1:\d+\): HTTP 404 Not Found \(refused\)\nno_service\n$/,
    );
  }, 60_000);

  it("names the configured targets when the name is unknown or missing", async () => {
    expect(await notifyTest("nope")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('No target named "nope" (configured: soar, old-slack).'),
    });
    expect(await notifyTest()).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Usage: npm run notify:test -- NAME"),
    });
  }, 60_000);
});
