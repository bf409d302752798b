import { describe, expect, it } from "vitest";
import { mentionedNames, parseNoteText } from "@/lib/notes/text";

describe("parseNoteText", () => {
  it("links http and https addresses and leaves the sentence's punctuation outside", () => {
    expect(
      parseNoteText("See https://x.example/a?b=1. Also (http://y.example/p_(q)) and https://z.example/x),"),
    ).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", text: "https://x.example/a?b=1", href: "https://x.example/a?b=1" },
      { kind: "text", text: ". Also (" },
      { kind: "link", text: "http://y.example/p_(q)", href: "http://y.example/p_(q)" },
      { kind: "text", text: ") and " },
      { kind: "link", text: "https://z.example/x", href: "https://z.example/x" },
      { kind: "text", text: ")," },
    ]);
  });

  it("never links another scheme, and stops a link at markup", () => {
    expect(parseNoteText("javascript:alert(1) data:text/html,<b>x</b> JAVASCRIPT://x.example")).toEqual([
      { kind: "text", text: "javascript:alert(1) data:text/html,<b>x</b> JAVASCRIPT://x.example" },
    ]);
    expect(parseNoteText("https://x.example/a?b=<script>alert(1)</script>")).toEqual([
      { kind: "link", text: "https://x.example/a?b=", href: "https://x.example/a?b=" },
      { kind: "text", text: "<script>alert(1)</script>" },
    ]);
    expect(parseNoteText('<a href="https://x.example">x</a>')).toEqual([
      { kind: "text", text: '<a href="' },
      { kind: "link", text: "https://x.example", href: "https://x.example/" },
      { kind: "text", text: '">x</a>' },
    ]);
    // A scheme glued to a word is not a link's start; one with nothing after it is no link at all.
    expect(parseNoteText("xhttps://x.example https:// http://")).toEqual([
      { kind: "text", text: "xhttps://x.example https:// http://" },
    ]);
  });

  it("keeps line breaks in the text, and gives the body back when its pieces are joined", () => {
    const body = "first line\nsecond https://x.example/a\n\n@ana: look\tat this";
    const pieces = parseNoteText(body);
    expect(pieces.map((piece) => piece.text).join("")).toBe(body);
    expect(pieces[0]).toEqual({ kind: "text", text: "first line\nsecond " });
  });

  it("reads @name as a mention, but not the @ of an email address or a lone @", () => {
    expect(parseNoteText("ping @Ana.Silva, cc bo@example.org and @ alone @bo.")).toEqual([
      { kind: "text", text: "ping " },
      { kind: "mention", text: "@Ana.Silva", name: "ana.silva" },
      { kind: "text", text: ", cc bo@example.org and @ alone " },
      { kind: "mention", text: "@bo", name: "bo" },
      { kind: "text", text: "." },
    ]);
    expect(mentionedNames("@ana @ANA @bo https://x.example/@carl")).toEqual(["ana", "bo"]);
  });
});
