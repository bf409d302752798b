import fs from "node:fs";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import tar from "tar-stream";
import yauzl from "yauzl";
import { formatBytes } from "@/lib/format/bytes";
import { errorMessage } from "@/lib/log/error-message";

export type ArchiveLimits = { maxEntries: number; maxFileBytes: number; maxTotalBytes: number };

export class ArchiveError extends Error {
  override name = "ArchiveError";
}

export type ArchiveFile = { path: string; text: string };
export type ArchiveProgress = { entries: number; bytes: number; kept: number };
export type SkippedEntry = { path: string; reason: string };

export type ReadRuleFilesOptions = {
  /** Folders whose files are kept, relative to the archive root or to its single top folder. */
  folders: readonly string[];
  /** File endings kept, compared case-insensitively. */
  extensions: readonly string[];
  limits: ArchiveLimits;
  onProgress?: (progress: ArchiveProgress) => void;
};

export type ArchiveContents = {
  files: ArchiveFile[];
  skipped: SkippedEntry[];
  entries: number;
  format: "zip" | "tar.gz";
};

type EntryKind = { type: "file"; size: number } | { type: "directory" } | { type: "skip"; reason: string };

const PROGRESS_EVERY_ENTRIES = 500;
const SNIFF_BYTES = 512;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

function unsafeReason(name: string): string | null {
  const path = name.replace(/\\/g, "/");
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute path";
  if (path.split("/").includes("..")) return "path with a .. segment";
  return null;
}

/**
 * Decides entry by entry, as the archive streams past, what to keep. Whether the archive has a single
 * top folder (GitHub's `sigma-master/`) is only known at the end, so a file is kept if it is wanted
 * either at the root or below its first segment, and `finish` picks one reading.
 */
class Selection {
  entries = 0;
  bytes = 0;
  readonly skipped: SkippedEntry[] = [];
  private readonly texts = new Map<string, string>();
  private readonly firstSegments = new Set<string>();
  private hasRootEntry = false;
  private readonly folders: string[];
  private readonly extensions: string[];

  constructor(private readonly options: ReadRuleFilesOptions) {
    this.folders = options.folders.map((folder) => folder.replace(/^\/+|\/+$/g, ""));
    this.extensions = options.extensions.map((extension) => extension.toLowerCase());
  }

  countBytes(bytes: number): void {
    this.bytes += bytes;
    const cap = this.options.limits.maxTotalBytes;
    if (this.bytes > cap)
      throw new ArchiveError(
        `the archive unpacks to more than ${formatBytes(cap)}, the total-size cap (maxTotalBytes)`,
      );
  }

  /** Returns the entry's path when its content should be read, null when it is passed over. */
  enter(name: string, kind: EntryKind): string | null {
    this.entries += 1;
    this.checkEntryCount(this.entries);
    if (this.entries % PROGRESS_EVERY_ENTRIES === 0) this.report(this.texts.size);
    const unsafe = unsafeReason(name);
    if (unsafe) return this.skip(name, unsafe);
    const segments = name
      .replace(/\\/g, "/")
      .split("/")
      .filter((segment) => segment !== "" && segment !== ".");
    if (segments.length === 0) return null;
    this.firstSegments.add(segments[0]);
    if (segments.length === 1 && kind.type !== "directory") this.hasRootEntry = true;
    if (kind.type === "skip") return this.skip(name, kind.reason);
    if (kind.type === "directory") return null;
    const path = segments.join("/");
    if (!this.wanted(path) && !(segments.length > 1 && this.wanted(segments.slice(1).join("/")))) return null;
    if (kind.size > this.options.limits.maxFileBytes) throw this.tooLarge(path);
    return path;
  }

  checkEntryCount(entries: number): void {
    const cap = this.options.limits.maxEntries;
    if (entries > cap) throw new ArchiveError(`the archive has more than ${cap} entries, the entry cap (maxEntries)`);
  }

  /** Reads a wanted file, stopping at the cap whatever its header claimed. */
  async keep(path: string, content: AsyncIterable<Buffer>): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of content) {
      size += chunk.length;
      if (size > this.options.limits.maxFileBytes) throw this.tooLarge(path);
      chunks.push(chunk);
    }
    const data = Buffer.concat(chunks);
    this.texts.set(path, data.toString("utf8").replace(/^\uFEFF/, ""));
    return data;
  }

  finish(format: ArchiveContents["format"]): ArchiveContents {
    const readAs = (strip: boolean) =>
      [...this.texts].flatMap(([path, text]) => {
        const relative = strip ? path.slice(path.indexOf("/") + 1) : path;
        return this.wanted(relative) ? [{ path: relative, text }] : [];
      });
    const singleTop = this.firstSegments.size === 1 && !this.hasRootEntry;
    const underTop = singleTop ? readAs(true) : [];
    // A lone top folder can be the first of the wanted folders themselves (an archive of `rules/` alone).
    const files = underTop.length > 0 ? underTop : readAs(false);
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    this.report(files.length);
    return { files, skipped: this.skipped, entries: this.entries, format };
  }

  skip(path: string, reason: string): null {
    this.skipped.push({ path, reason });
    return null;
  }

  private wanted(path: string): boolean {
    const lower = path.toLowerCase();
    return (
      this.folders.some((folder) => path.startsWith(`${folder}/`)) &&
      this.extensions.some((extension) => lower.endsWith(extension))
    );
  }

  private tooLarge(path: string): ArchiveError {
    return new ArchiveError(
      `${path} is larger than ${formatBytes(this.options.limits.maxFileBytes)}, the per-file cap (maxFileBytes)`,
    );
  }

  private report(kept: number): void {
    this.options.onProgress?.({ entries: this.entries, bytes: this.bytes, kept });
  }
}

async function sniffFormat(archivePath: string): Promise<ArchiveContents["format"]> {
  const handle = await fs.promises.open(archivePath, "r");
  let head: Buffer;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length === 0) throw new ArchiveError("the archive is empty");
  if (head[0] === 0x1f && head[1] === 0x8b) return "tar.gz";
  const signature = head.subarray(0, 4).toString("latin1");
  if (signature === "PK\x03\x04" || signature === "PK\x05\x06") return "zip";
  throw new ArchiveError(`not a .zip or .tar.gz archive: ${describeHead(head)}`);
}

function describeHead(head: Buffer): string {
  if (head.subarray(257, 262).toString("latin1") === "ustar") return "it is an uncompressed .tar";
  const text = head.toString("utf8").replace(/^[\uFEFF\s]+/, "");
  // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text.slice(0, 60))) {
    return `it starts with the bytes ${[...head.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, "0")).join(" ")}`;
  }
  const opening = text.replace(/\s+/g, " ");
  const quoted = `"${opening.slice(0, 60)}${opening.length > 60 ? "…" : ""}"`;
  // A host that answers with a page instead of the file (a login wall, a rate-limit page) is the usual cause.
  if (/^<\?xml/i.test(text)) return `it starts with ${quoted}, an XML page (an error response?)`;
  if (text.startsWith("<")) return `it starts with ${quoted}, an HTML page (a login or error page?)`;
  return `it starts with ${quoted}`;
}

function tarKind(header: tar.Header): EntryKind {
  switch (header.type) {
    case "file":
    case "contiguous-file":
      return { type: "file", size: header.size };
    case "directory":
      return { type: "directory" };
    case "symlink":
      return { type: "skip", reason: "symbolic link" };
    case "link":
      return { type: "skip", reason: "hard link" };
    default:
      // tar-stream's types leave it out, but an unknown typeflag decodes to a null type.
      return { type: "skip", reason: `not a regular file (${header.type ?? "unknown type"})` };
  }
}

/** Counts what gunzip hands on, the true unpacked size whatever the tar headers say. */
class UnpackedMeter extends Transform {
  constructor(private readonly selection: Selection) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.selection.countBytes(chunk.length);
      done(null, chunk);
    } catch (error) {
      done(error as Error);
    }
  }
}

async function readTarGz(archivePath: string, selection: Selection): Promise<void> {
  const extract = tar.extract();
  const unpacked = pipeline(
    fs.createReadStream(archivePath),
    zlib.createGunzip(),
    new UnpackedMeter(selection),
    extract,
  );
  // The loop below meets the same failure through the extractor; this only keeps it from going unhandled.
  unpacked.catch(() => {});
  try {
    for await (const entry of extract) {
      const path = selection.enter(entry.header.name, tarKind(entry.header));
      if (path) await selection.keep(path, entry as AsyncIterable<Buffer>);
      else entry.resume();
    }
    await unpacked;
  } finally {
    extract.destroy();
  }
}

function zipKind(entry: yauzl.Entry, name: string): EntryKind {
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (name.endsWith("/") || type === S_IFDIR) return { type: "directory" };
  if (type === S_IFLNK) return { type: "skip", reason: "symbolic link" };
  // Archivers that do not record a Unix mode leave it 0.
  if (type !== 0 && type !== S_IFREG) return { type: "skip", reason: "not a regular file (device, FIFO or socket)" };
  return { type: "file", size: entry.uncompressedSize };
}

async function readZip(archivePath: string, selection: Selection): Promise<void> {
  // Names are decoded here rather than by yauzl, which rejects the whole archive over one `../` name.
  const zip = await yauzl.openPromise(archivePath, { decodeStrings: false, validateEntrySizes: true, autoClose: true });
  try {
    selection.checkEntryCount(zip.entryCount);
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      // validateEntrySizes makes a read entry fail when it inflates past its declared size, so the declared sizes bound the total.
      selection.countBytes(entry.uncompressedSize);
      const path = selection.enter(name, zipKind(entry, name));
      if (!path) continue;
      if (!entry.canDecodeFileData()) {
        selection.skip(name, "encrypted, or compressed with a method other than deflate or store");
        continue;
      }
      const data = await selection.keep(path, await zip.openReadStreamPromise(entry));
      if (zlib.crc32(data) !== entry.crc32) throw new Error(`bad CRC-32 for ${path}`);
    }
  } finally {
    zip.close();
  }
}

/**
 * Reads the rule files of a downloaded library archive (.zip or .tar.gz, told apart by content)
 * without unpacking it to disk: only wanted files are held, as text. Unsafe names and links are
 * skipped and reported; the entry, file and total-size caps, and damage, fail the whole read.
 */
export async function readRuleFiles(archivePath: string, options: ReadRuleFilesOptions): Promise<ArchiveContents> {
  const format = await sniffFormat(archivePath);
  const selection = new Selection(options);
  try {
    await (format === "zip" ? readZip(archivePath, selection) : readTarGz(archivePath, selection));
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`the archive is truncated or corrupt: ${errorMessage(error)}`);
  }
  return selection.finish(format);
}
