import { describe, expect, it } from "vitest";
import { decodeFeedBytes } from "@/lib/feed/decode";

describe("decodeFeedBytes", () => {
  const quoted = Buffer.from([0x93, 0x63, 0x61, 0x66, 0xe9, 0x94]); // “café” in windows-1252

  it("takes the charset from Content-Type first", () => {
    expect(decodeFeedBytes(quoted, "text/xml; charset=ISO-8859-1")).toBe("“café”");
  });

  it("falls back to the XML declaration, reading iso-8859-1 as windows-1252", () => {
    const xml = Buffer.concat([
      Buffer.from(`<?xml version="1.0" encoding="iso-8859-1"?><t>`),
      quoted,
      Buffer.from("</t>"),
    ]);
    expect(decodeFeedBytes(xml)).toBe(`<?xml version="1.0" encoding="iso-8859-1"?><t>“café”</t>`);
  });

  it("honours a byte-order mark and defaults to UTF-8", () => {
    expect(decodeFeedBytes(Buffer.from([0xff, 0xfe, 0x3c, 0x00, 0x61, 0x00, 0x3e, 0x00]))).toBe("<a>");
    expect(decodeFeedBytes(Buffer.from("<t>café</t>", "utf8"))).toBe("<t>café</t>");
    expect(decodeFeedBytes(Buffer.from("\uFEFF<t/>", "utf8"))).toBe("<t/>");
  });

  it("drops U+0000, which XML forbids and PostgreSQL cannot store", () => {
    expect(decodeFeedBytes(Buffer.from("<t>Entra\u0000 ID</t>", "utf8"))).toBe("<t>Entra ID</t>");
  });
});
