import zlib from "node:zlib";

/**
 * A page compressed once, with gaps where its nonce goes. Compressing a list page costs ~2.5 ms, more
 * than everything else a cached answer needs, and each answer carries a different nonce; so the text
 * between nonces is compressed once, each piece as its own deflate run ending on a byte boundary
 * (a sync flush), and every answer only stitches in its nonce as a stored (uncompressed) block and
 * adds the gzip header and trailer (RFC 1951 §3.2.4, RFC 1952).
 */
export type GzipTemplate = { pieces: Buffer[]; deflatedPieces: Buffer[] };

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);
/** A final, empty block with fixed codes: ends the deflate stream. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);
/** A stored block holds at most this many bytes. */
const MAX_STORED_LENGTH = 0xffff;

export function gzipTemplate(body: string, placeholder: string): GzipTemplate {
  const pieces = body.split(placeholder).map((piece) => Buffer.from(piece, "utf8"));
  // zlib ends an empty input with a final block, which would stop the reader there: skip empty pieces.
  const deflatedPieces = pieces.map((piece) =>
    piece.length ? zlib.deflateRawSync(piece, { finishFlush: zlib.constants.Z_SYNC_FLUSH }) : Buffer.alloc(0),
  );
  return { pieces, deflatedPieces };
}

function storedBlock(bytes: Buffer): Buffer {
  if (bytes.length > MAX_STORED_LENGTH) throw new Error("A nonce longer than a stored block");
  const header = Buffer.alloc(5);
  header[0] = 0x00; // not final, stored; the rest of the byte is padding
  header.writeUInt16LE(bytes.length, 1);
  header.writeUInt16LE(~bytes.length & 0xffff, 3);
  return Buffer.concat([header, bytes]);
}

/** The gzip encoding of the template's page with `nonce` in every gap. */
export function gzipWithNonce(template: GzipTemplate, nonce: string): Buffer {
  const nonceBytes = Buffer.from(nonce, "utf8");
  const nonceBlock = storedBlock(nonceBytes);
  const parts: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  template.pieces.forEach((piece, index) => {
    if (index > 0) {
      parts.push(nonceBlock);
      crc = zlib.crc32(nonceBytes, crc);
      length += nonceBytes.length;
    }
    parts.push(template.deflatedPieces[index]);
    crc = zlib.crc32(piece, crc);
    length += piece.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  parts.push(FINAL_EMPTY_BLOCK, trailer);
  return Buffer.concat(parts);
}

/** Whether the client takes gzip (and has not refused it with q=0). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(",").some((entry) => {
    const [coding, ...parameters] = entry.trim().toLowerCase().split(";");
    if (coding.trim() !== "gzip" && coding.trim() !== "*") return false;
    const quality = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith("q="));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}
