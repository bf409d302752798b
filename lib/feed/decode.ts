/**
 * Turns feed bytes into text. The charset comes from Content-Type, else a byte-order mark, else the
 * XML declaration, else UTF-8. ISO-8859-1 is read as windows-1252, as browsers do.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string | null): string {
  const label = charsetFromContentType(contentType) ?? charsetFromBom(bytes) ?? charsetFromXmlDeclaration(bytes) ?? "utf-8";
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  // TextDecoder already maps iso-8859-1 / latin1 / us-ascii to windows-1252 per the Encoding Standard.
  return decoder.decode(bytes).replace(/^\uFEFF/, "");
}

function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "");
  return match?.[1].toLowerCase();
}

function charsetFromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

function charsetFromXmlDeclaration(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 512)).toString("latin1");
  const match = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return match?.[1].toLowerCase();
}
