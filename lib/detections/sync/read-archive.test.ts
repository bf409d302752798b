import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { readRuleFiles, type ArchiveLimits, type ArchiveProgress } from "@/lib/detections/sync/read-archive";

type TestEntry = {
  name: string;
  text?: string;
  body?: Buffer;
  type?: "directory" | "symlink" | "link" | "fifo";
  mode?: number;
};

const RULE_ONE = "title: Test rule one\nlogsource:\n  product: azure\n";
const RULE_TWO = "title: Test rule two\nlogsource:\n  product: m365\n";
const LIMITS: ArchiveLimits = { maxEntries: 1000, maxFileBytes: 64 * 1024, maxTotalBytes: 16 * 1024 * 1024 };
const WANTED = { folders: ["rules/cloud/azure", "rules/cloud/m365"], extensions: [".yml", ".yaml"], limits: LIMITS };

let workDir: string;
let written = 0;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "read-archive-test-"));
});

afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

function save(content: Buffer): string {
  const file = path.join(workDir, `archive-${(written += 1)}`);
  fs.writeFileSync(file, content);
  return file;
}

async function tarGz(entries: TestEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    const type = entry.type ?? "file";
    const body = type === "file" ? (entry.body ?? Buffer.from(entry.text ?? "")) : Buffer.alloc(0);
    pack.entry(
      { name: entry.name, type, linkname: type === "symlink" || type === "link" ? "/etc/passwd" : undefined },
      body,
    );
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return zlib.gzipSync(Buffer.concat(chunks));
}

async function zip(entries: TestEntry[]): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  for (const entry of entries) {
    if (entry.type === "directory") archive.addEmptyDirectory(entry.name);
    else archive.addBuffer(entry.body ?? Buffer.from(entry.text ?? ""), entry.name, { mode: entry.mode });
  }
  archive.end();
  const chunks: Buffer[] = [];
  for await (const chunk of archive.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Calls `patch` with the offset of every local header and central directory record of a small test zip. */
function patchZipHeaders(archive: Buffer, patch: (offset: number, kind: "local" | "central") => void): void {
  for (let offset = archive.indexOf("PK\x03\x04"); offset !== -1; offset = archive.indexOf("PK\x03\x04", offset + 4))
    patch(offset, "local");
  for (let offset = archive.indexOf("PK\x01\x02"); offset !== -1; offset = archive.indexOf("PK\x01\x02", offset + 4))
    patch(offset, "central");
}

describe("readRuleFiles", () => {
  it("reads a tar.gz below its top folder, keeping only the wanted folders and extensions", async () => {
    const progress: ArchiveProgress[] = [];
    const archive = save(
      await tarGz([
        { name: "sigma-test/", type: "directory" },
        { name: "sigma-test/README.md", text: "# not a rule" },
        { name: "sigma-test/rules/cloud/m365/two.YAML", text: RULE_TWO },
        { name: "sigma-test/rules/cloud/azure/one.yml", text: `\uFEFF${RULE_ONE}` },
        { name: "sigma-test/rules/cloud/azure/notes.md", text: "notes" },
        { name: "sigma-test/rules/windows/other.yml", text: "title: Test rule three" },
      ]),
    );
    const read = await readRuleFiles(archive, { ...WANTED, onProgress: (step) => progress.push(step) });
    expect(read).toEqual({
      format: "tar.gz",
      entries: 6,
      skipped: [],
      files: [
        { path: "rules/cloud/azure/one.yml", text: RULE_ONE },
        { path: "rules/cloud/m365/two.YAML", text: RULE_TWO },
      ],
    });
    expect(progress.at(-1)).toEqual({ entries: 6, bytes: expect.any(Number), kept: 2 });
  });

  it("reads a zip whose rules sit at the root, also when the wanted folder is its only top folder", async () => {
    const atRoot = save(
      await zip([
        { name: "README.md", text: "# readme" },
        { name: "rules/cloud/azure/one.yml", text: RULE_ONE },
        { name: "rules/linux/x.yml", text: "title: x" },
      ]),
    );
    expect(await readRuleFiles(atRoot, WANTED)).toMatchObject({
      format: "zip",
      entries: 3,
      files: [{ path: "rules/cloud/azure/one.yml", text: RULE_ONE }],
    });
    const rulesOnly = save(
      await zip([
        { name: "rules/", type: "directory" },
        { name: "rules/cloud/m365/two.yml", text: RULE_TWO },
      ]),
    );
    expect((await readRuleFiles(rulesOnly, WANTED)).files).toEqual([
      { path: "rules/cloud/m365/two.yml", text: RULE_TWO },
    ]);
    expect(await readRuleFiles(save(await zip([])), WANTED)).toEqual({
      format: "zip",
      entries: 0,
      files: [],
      skipped: [],
    });
  });

  it("decodes zip names as UTF-8 when flagged, as CP437 otherwise", async () => {
    const utf8 = await zip([{ name: "rules/cloud/azure/über.yml", text: RULE_ONE }]);
    expect((await readRuleFiles(save(utf8), WANTED)).files.map((file) => file.path)).toEqual([
      "rules/cloud/azure/über.yml",
    ]);
    const cp437 = Buffer.from(utf8);
    patchZipHeaders(cp437, (offset, kind) => {
      const flags = offset + (kind === "local" ? 6 : 8);
      cp437.writeUInt16LE(cp437.readUInt16LE(flags) & ~0x800, flags);
    });
    expect((await readRuleFiles(save(cp437), WANTED)).files.map((file) => file.path)).toEqual([
      "rules/cloud/azure/├╝ber.yml",
    ]);
  });

  it("skips unsafe names and links without failing, reporting each", async () => {
    const tarArchive = save(
      await tarGz([
        { name: "top/rules/cloud/azure/one.yml", text: RULE_ONE },
        { name: "../evil.yml", text: "title: escaped" },
        { name: "/abs.yml", text: "title: absolute" },
        { name: "C:\\rules\\cloud\\azure\\drive.yml", text: "title: absolute" },
        { name: "top/rules/cloud/azure/..\\..\\evil.yml", text: "title: escaped" },
        { name: "top/rules/cloud/azure/link.yml", type: "symlink" },
        { name: "top/rules/cloud/azure/hard.yml", type: "link" },
        { name: "top/rules/cloud/azure/pipe.yml", type: "fifo" },
      ]),
    );
    const fromTar = await readRuleFiles(tarArchive, WANTED);
    expect(fromTar.files).toEqual([{ path: "rules/cloud/azure/one.yml", text: RULE_ONE }]);
    expect(fromTar.skipped).toEqual([
      { path: "../evil.yml", reason: "path with a .. segment" },
      { path: "/abs.yml", reason: "absolute path" },
      { path: "C:\\rules\\cloud\\azure\\drive.yml", reason: "absolute path" },
      { path: "top/rules/cloud/azure/..\\..\\evil.yml", reason: "path with a .. segment" },
      { path: "top/rules/cloud/azure/link.yml", reason: "symbolic link" },
      { path: "top/rules/cloud/azure/hard.yml", reason: "hard link" },
      { path: "top/rules/cloud/azure/pipe.yml", reason: "not a regular file (fifo)" },
    ]);

    // yazl refuses unsafe names, so one of the same length is swapped in afterwards.
    const built = await zip([
      { name: "rules/cloud/azure/one.yml", text: RULE_ONE },
      { name: "aa/evil.yml", text: "title: escaped" },
      { name: "rules/cloud/azure/link.yml", text: "/etc/passwd", mode: 0o120777 },
    ]);
    const zipArchive = save(Buffer.from(built.toString("latin1").replaceAll("aa/evil.yml", "../evil.yml"), "latin1"));
    const fromZip = await readRuleFiles(zipArchive, WANTED);
    expect(fromZip.files).toEqual([{ path: "rules/cloud/azure/one.yml", text: RULE_ONE }]);
    expect(fromZip.skipped).toEqual([
      { path: "../evil.yml", reason: "path with a .. segment" },
      { path: "rules/cloud/azure/link.yml", reason: "symbolic link" },
    ]);
  });

  it.each(["tar.gz", "zip"] as const)("enforces the entry, per-file and total caps on a %s", async (format) => {
    const build = format === "zip" ? zip : tarGz;
    const rules = save(
      await build([
        { name: "top/rules/cloud/azure/one.yml", text: RULE_ONE },
        { name: "top/rules/cloud/m365/two.yml", text: RULE_TWO },
        { name: "top/README.md", text: "# readme" },
      ]),
    );
    await expect(readRuleFiles(rules, { ...WANTED, limits: { ...LIMITS, maxEntries: 2 } })).rejects.toThrow(
      "the archive has more than 2 entries, the entry cap (maxEntries)",
    );
    const largest = Math.max(RULE_ONE.length, RULE_TWO.length);
    expect(
      (await readRuleFiles(rules, { ...WANTED, limits: { ...LIMITS, maxFileBytes: largest } })).files,
    ).toHaveLength(2);
    await expect(readRuleFiles(rules, { ...WANTED, limits: { ...LIMITS, maxFileBytes: largest - 1 } })).rejects.toThrow(
      `is larger than ${largest - 1} bytes, the per-file cap (maxFileBytes)`,
    );

    // Compresses to a few KiB: only the unpacked size reveals it.
    const bomb = save(
      await build([
        { name: "top/rules/cloud/azure/one.yml", text: RULE_ONE },
        { name: "top/padding.bin", body: Buffer.alloc(4 * 1024 * 1024) },
      ]),
    );
    expect(fs.statSync(bomb).size).toBeLessThan(64 * 1024);
    await expect(readRuleFiles(bomb, { ...WANTED, limits: { ...LIMITS, maxTotalBytes: 1024 * 1024 } })).rejects.toThrow(
      "the archive unpacks to more than 1.0 MiB, the total-size cap (maxTotalBytes)",
    );
  });

  it("does not trust a zip header that understates a file's size", async () => {
    const lying = await zip([{ name: "rules/cloud/azure/one.yml", text: `${RULE_ONE}${"# padding\n".repeat(200)}` }]);
    patchZipHeaders(lying, (offset, kind) => lying.writeUInt32LE(10, offset + (kind === "local" ? 22 : 24)));
    await expect(readRuleFiles(save(lying), { ...WANTED, limits: { ...LIMITS, maxFileBytes: 100 } })).rejects.toThrow(
      "the archive is truncated or corrupt: too many bytes in the stream. expected 10. got at least",
    );
  });

  it.each(["tar.gz", "zip"] as const)("reports a truncated %s as truncated or corrupt", async (format) => {
    const entries = [
      { name: "top/rules/cloud/azure/one.yml", text: RULE_ONE.repeat(50) },
      { name: "top/README.md", text: "# readme" },
    ];
    const whole = await (format === "zip" ? zip(entries) : tarGz(entries));
    await expect(readRuleFiles(save(whole.subarray(0, Math.floor(whole.length / 2))), WANTED)).rejects.toThrow(
      /^the archive is truncated or corrupt: /,
    );
  });

  it("names what a file is when it is not an archive", async () => {
    const page = save(
      Buffer.from(
        "\uFEFF\n  <!DOCTYPE html>\n<html><head><title>Sign in to continue</title></head><body>Please sign in</body></html>",
      ),
    );
    await expect(readRuleFiles(page, WANTED)).rejects.toThrow(
      'not a .zip or .tar.gz archive: it starts with "<!DOCTYPE html> <html><head><title>Sign in to continue</titl…", an HTML page (a login or error page?)',
    );
    await expect(
      readRuleFiles(save(Buffer.from('<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>')), WANTED),
    ).rejects.toThrow(/an XML page \(an error response\?\)$/);
    await expect(readRuleFiles(save(Buffer.alloc(0)), WANTED)).rejects.toThrow(/^the archive is empty$/);
    await expect(readRuleFiles(save(Buffer.from("title: not an archive\n")), WANTED)).rejects.toThrow(
      'not a .zip or .tar.gz archive: it starts with "title: not an archive "',
    );
  });
});
