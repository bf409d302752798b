import { describe, expect, it } from "vitest";
import { stripScripts } from "@/scripts/bench/support/scriptless";

describe("stripScripts", () => {
  it("takes out inline and external scripts and script preloads, and nothing else", () => {
    const html = [
      '<head><link rel="stylesheet" href="/a.css"/><link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/a.js"/>',
      '<link rel="modulepreload" href="/m.js"/><link rel="preload" as="font" href="/f.woff2"/>',
      '<script src="/_next/static/chunks/a.js" async=""></script><SCRIPT nonce="n">self.__next_f.push([1,"<p>"])</SCRIPT></head>',
      '<body><main><p>Brief</p></main><script nonce="n">',
      "self.__next_f.push([1])",
      "</script ></body>",
    ].join("");
    expect(stripScripts(html)).toBe(
      '<head><link rel="stylesheet" href="/a.css"/><link rel="preload" as="font" href="/f.woff2"/></head><body><main><p>Brief</p></main></body>',
    );
  });
});
