import { describe, expect, it } from "vitest";
import { splitSections } from "@/lib/feed/sections";

describe("splitSections", () => {
  const body = `<p>Intro paragraph.</p>
<h2 id="attack-chain">Attack Chain</h2>
<ol><li><strong>First:</strong> one</li><li>second</li><li>third &amp; last</li></ol>
<h2 id="impact">Impact</h2>
<p>Data loss.</p>
<h2 id="recommendation">Recommendation</h2>
<ul><li>Rotate keys.</li><li>Enable MFA.</li></ul>`;

  it("splits the summary, ordered attack chain steps, impact and recommendations", () => {
    expect(splitSections(body)).toEqual({
      summaryHtml: "<p>Intro paragraph.</p>",
      attackChain: ["<strong>First:</strong> one", "second", "third &amp; last"],
      impactHtml: "<p>Data loss.</p>",
      recommendations: ["Rotate keys.", "Enable MFA."],
    });
  });

  it("finds the headings inside a wrapping element and whatever their case", () => {
    const wrapped = `<div><p>Intro.</p><h3>ATTACK CHAIN</h3><ol><li>a</li></ol><h3>Mitigations</h3><p>Do x.</p><p>Do y.</p></div>`;
    const sections = splitSections(wrapped);
    expect(sections.attackChain).toEqual(["a"]);
    expect(sections.recommendations).toEqual(["Do x.", "Do y."]);
    expect(sections.impactHtml).toBeNull();
  });

  it("leaves sections empty when the body has no headings, keeping it all as summary", () => {
    expect(splitSections("<p>Only text.</p>")).toEqual({
      summaryHtml: "<p>Only text.</p>",
      attackChain: [],
      impactHtml: null,
      recommendations: [],
    });
  });

  it("does not put an unrelated section into the recognised ones", () => {
    const sections = splitSections(
      `<h2>Attack Chain</h2><ol><li>step</li></ol><h2>Indicators</h2><ul><li>1.2.3.4</li></ul>`,
    );
    expect(sections.attackChain).toEqual(["step"]);
    expect(sections.recommendations).toEqual([]);
  });
});

describe("splitSections on hostile bodies", () => {
  it("splits a body nested far deeper than any real brief instead of overflowing the stack", () => {
    const depth = 50_000;
    const body = `<p>Intro.</p>${"<div>".repeat(depth)}lost${"</div>".repeat(depth)}<h2>Impact</h2><p>Kept.</p>`;
    const sections = splitSections(body);
    expect(sections.impactHtml).toBe("<p>Kept.</p>");
    expect(sections.summaryHtml.startsWith("<p>Intro.</p><div><div>")).toBe(true);
    expect(sections.summaryHtml).not.toContain("lost");
  });
});
