/** A Content-Security-Policy nonce: 122 random bits, base64 as the header and the script attributes carry it. */
export function newCspNonce(): string {
  return Buffer.from(crypto.randomUUID()).toString("base64");
}
