import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

describe("healthReport", () => {
  it("answers 200 with each feed's last run when the database answers", async () => {
    const { healthReport } = await import("@/lib/ingest-runs/health");
    expect(await healthReport()).toEqual({ httpStatus: 200, body: { status: "ok", database: "ok", feeds: [] } });
  });

  it("answers 503 when the database cannot be read", async () => {
    // A file that is not a SQLite database: it opens, and every query fails.
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "health-")), "broken.db");
    fs.writeFileSync(broken, "this is not a database ".repeat(100));
    vi.resetModules();
    vi.stubEnv("DATABASE_URL", `file:${broken}`);
    delete (globalThis as { prisma?: unknown }).prisma;
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { healthReport } = await import("@/lib/ingest-runs/health");
    expect(await healthReport()).toEqual({ httpStatus: 503, body: { status: "unavailable", database: "unreachable" } });
  });
});
