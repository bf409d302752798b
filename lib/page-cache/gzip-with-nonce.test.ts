import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { acceptsGzip, gzipTemplate, gzipWithNonce } from "@/lib/page-cache/gzip-with-nonce";

const PLACEHOLDER = "UExBQ0VIT0xERVItTk9OQ0UtMTIzNDU2Nzg5MA==";

function page(repeats: number): string {
  const rows = Array.from(
    { length: repeats },
    (_, index) => `<li class="border-b py-4">Brief ${index} — “Entra ID” ✓</li>`,
  ).join("");
  return `<!DOCTYPE html><html><head><script nonce="${PLACEHOLDER}">self.__next_f=[]</script></head><body><ul>${rows}</ul><script nonce="${PLACEHOLDER}" src="/a.js"></script><script nonce="${PLACEHOLDER}"></script></body></html>`;
}

describe("gzipWithNonce", () => {
  it("decompresses, with any gzip reader, to the page with the nonce in every gap", () => {
    const body = page(2000);
    const template = gzipTemplate(body, PLACEHOLDER);
    for (const nonce of ["MTIzNDU2Nzg5MGFiY2RlZg==", "ZmVkY2JhMDk4NzY1NDMyMQ=="]) {
      const compressed = gzipWithNonce(template, nonce);
      expect(zlib.gunzipSync(compressed).toString("utf8")).toBe(body.replaceAll(PLACEHOLDER, nonce));
      expect(compressed.length).toBeLessThan(Buffer.byteLength(body) / 5);
    }
  });

  it("handles pages that start or end with a nonce, or have none", () => {
    for (const body of [`${PLACEHOLDER}middle${PLACEHOLDER}`, "no nonce at all", "", PLACEHOLDER + PLACEHOLDER]) {
      const compressed = gzipWithNonce(gzipTemplate(body, PLACEHOLDER), "bm9uY2U=");
      expect(zlib.gunzipSync(compressed).toString("utf8")).toBe(body.replaceAll(PLACEHOLDER, "bm9uY2U="));
    }
  });
});

describe("acceptsGzip", () => {
  it("reads Accept-Encoding as browsers and HTTP clients send it", () => {
    expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8, *;q=0.1")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("br")).toBe(false);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(null)).toBe(false);
  });
});
