import { describe, expect, it } from "vitest";
import {
  markdownSection,
  triageStepFromText,
  triageStepsFromMarkdownList,
} from "@/lib/detections/importers/markdown-steps";

describe("triageStepFromText", () => {
  it("drops backticks and bold markers from the text and lists field-like spans once", () => {
    expect(
      triageStepFromText("**Check** `IPAddress` twice: `IPAddress`, then `ResultType: 50053` and `50126`."),
    ).toEqual({
      text: "Check IPAddress twice: IPAddress, then ResultType: 50053 and 50126.",
      fields: ["IPAddress"],
    });
  });
});

describe("triageStepsFromMarkdownList", () => {
  it("reads ordered and bulleted items, skipping headings and paragraphs around them", () => {
    const markdown = "# Title\n\nIntro text.\n\n1. First `A`.\n2. Second\n   continues here.\n\nA closing paragraph.\n";
    expect(triageStepsFromMarkdownList(markdown)).toEqual([
      { text: "First A.", fields: ["A"] },
      { text: "Second continues here.", fields: [] },
    ]);
  });
});

describe("markdownSection", () => {
  it("returns the body under a heading up to the next heading of the same level", () => {
    const markdown =
      "## Triage\n### Possible investigation steps\n- one\n#### Detail\n- two\n### False positive analysis\n- three\n";
    expect(markdownSection(markdown, /^possible investigation steps$/i)).toBe("- one\n#### Detail\n- two");
    expect(markdownSection(markdown, /^nothing$/)).toBeNull();
  });
});
