import zlib from "node:zlib";
import tar from "tar-stream";
import yazl from "yazl";

/** An archive entry for tests: a file's text, or a link, which a safe reader must refuse. */
export type ArchiveEntry = { path: string; text: string } | { path: string; symlinkTo: string };

/** A .tar.gz built in memory, the shape of GitHub's repository archives. */
export async function buildTarGz(entries: ArchiveEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    if ("symlinkTo" in entry) pack.entry({ name: entry.path, type: "symlink", linkname: entry.symlinkTo });
    else pack.entry({ name: entry.path, type: "file" }, entry.text);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack.pipe(zlib.createGzip())) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A .zip built in memory; a symlink is a Unix-mode entry whose content is the link target. */
export async function buildZip(entries: ArchiveEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if ("symlinkTo" in entry) zip.addBuffer(Buffer.from(entry.symlinkTo), entry.path, { mode: 0o120777 });
    else zip.addBuffer(Buffer.from(entry.text), entry.path);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
