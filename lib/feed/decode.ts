/**
 * Turns feed bytes into text. The charset comes from Content-Type, else a byte-order mark, else the
 * XML declaration, else UTF-8. ISO-8859-1 is read as windows-1252, as browsers do.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string | null): string {
  const label =
    charsetFromContentType(contentType) ?? charsetFromBom(bytes) ?? charsetFromXmlDeclaration(bytes) ?? "utf-8";
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  // Node 20 decodes windows-1252 (and its aliases latin1, iso-8859-1, us-ascii) as plain Latin-1,
  // leaving 0x80–0x9F as control characters; browsers show curly quotes, dashes and the euro there.
  const text = decoder.encoding === "windows-1252" ? decodeWindows1252(bytes) : decoder.decode(bytes);
  return withoutNul(text.replace(/^\uFEFF/, ""));
}

/**
 * XML forbids U+0000, yet the parser passes it through, and PostgreSQL cannot store it in text or
 * JSON: a feed holding one would store on SQLite and fail whole on PostgreSQL. It carries nothing,
 * so it goes here, before anything is read or hashed, whichever database stores the feed.
 */
function withoutNul(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "") : text;
}

/** Windows-1252's 0x80–0x9F; the five holes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as their C1 code points. */
const WINDOWS_1252_HIGH =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

function decodeWindows1252(bytes: Uint8Array): string {
  let text = "";
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    text += String.fromCharCode(
      ...Array.from(chunk, (byte) => (byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte)),
    );
  }
  return text;
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
