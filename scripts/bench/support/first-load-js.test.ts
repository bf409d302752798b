import { describe, expect, it } from "vitest";
import {
  beyondRuntime,
  buildPath,
  chunkModules,
  classifyChunks,
  clientModules,
  firstLoadTable,
  isClientEntry,
  nameModules,
  pageChunks,
  routeTotals,
  sumBytes,
  type ChunkReport,
  type RouteReport,
} from "@/scripts/bench/support/first-load-js";

const HTML = [
  '<html><head><link rel="preload" as="script" fetchPriority="low" nonce="n" href="/_next/static/chunks/runtime-a.js"/>',
  '<script src="/_next/static/chunks/runtime-b.js" async="" nonce="n"></script>',
  '<script src="/_next/static/chunks/layout.js" async="" nonce="n"></script>',
  '<script src="/_next/static/chunks/polyfills.js" noModule="" nonce="n"></script>',
  '<script src="/_next/static/chunks/runtime-a.js" async=""></script></head><body>',
  '<script nonce="n">self.__next_f.push([1,"5:I[3348,[\\"/_next/static/chunks/layout.js\\",\\"/_next/static/chunks/island.js\\"],\\"CopyButton\\"]"])</script>',
  '<script src="https://cdn.example/other.js"></script></body></html>',
].join("");

describe("pageChunks", () => {
  it("collects script tags, preloads and payload references, skipping nomodule polyfills and other hosts", () => {
    const found = pageChunks(HTML);
    expect(found.chunks).toEqual([
      "/_next/static/chunks/runtime-b.js",
      "/_next/static/chunks/layout.js",
      "/_next/static/chunks/runtime-a.js",
      "/_next/static/chunks/island.js",
    ]);
    expect(found.payloadOnly).toEqual(["/_next/static/chunks/island.js"]);
    expect(found.noModule).toEqual(["/_next/static/chunks/polyfills.js"]);
  });
});

describe("buildPath", () => {
  it("maps served paths to the build folder's", () => {
    expect(buildPath("/_next/static/chunks/a.js")).toBe("static/chunks/a.js");
    expect(buildPath("static/chunks/a.js")).toBe("static/chunks/a.js");
  });
});

describe("classifyChunks", () => {
  it("tells the runtime, chunks every route loads, and a route's own apart", () => {
    const kinds = classifyChunks(
      [
        {
          route: "/",
          chunks: [
            "/_next/static/chunks/runtime.js",
            "/_next/static/chunks/layout.js",
            "/_next/static/chunks/filters.js",
          ],
        },
        {
          route: "/briefs/[slug]",
          chunks: [
            "/_next/static/chunks/runtime.js",
            "/_next/static/chunks/layout.js",
            "/_next/static/chunks/island.js",
          ],
        },
      ],
      ["static/chunks/runtime.js"],
    );
    expect(Object.fromEntries(kinds.get("/") ?? [])).toEqual({
      "/_next/static/chunks/runtime.js": "runtime",
      "/_next/static/chunks/layout.js": "shared",
      "/_next/static/chunks/filters.js": "route",
    });
    expect(kinds.get("/briefs/[slug]")?.get("/_next/static/chunks/island.js")).toBe("route");
  });
});

describe("sizes", () => {
  const chunks: ChunkReport[] = [
    { file: "static/chunks/runtime.js", kind: "runtime", raw: 1000, gzip: 300, modules: null },
    {
      file: "static/chunks/layout.js",
      kind: "shared",
      raw: 200,
      gzip: 80,
      modules: [{ name: "components/theme-toggle.tsx", bytes: 150 }],
    },
    {
      file: "static/chunks/island.js",
      kind: "route",
      raw: 120,
      gzip: 60,
      modules: [
        { name: "module 7 (a dependency)", bytes: 20 },
        { name: "components/copy-button.tsx", bytes: 100 },
      ],
    },
  ];
  const route: RouteReport = {
    route: "/briefs/[slug]",
    url: "/briefs/a",
    chunks,
    totals: routeTotals(chunks),
    onlyInHtml: [],
    onlyInManifest: [],
  };

  it("sums raw and gzip bytes per kind", () => {
    expect(sumBytes([])).toEqual({ raw: 0, gzip: 0 });
    expect(route.totals).toEqual({
      runtime: { raw: 1000, gzip: 300 },
      shared: { raw: 200, gzip: 80 },
      route: { raw: 120, gzip: 60 },
      total: { raw: 1320, gzip: 440 },
    });
  });

  it("prints a row per route in kB, gzip first", () => {
    expect(firstLoadTable([route]).split("\n")[2]).toBe(
      "| `/briefs/[slug]` | 0.4 (1.3) | 0.3 (1.0) | 0.1 (0.2) | 0.1 (0.1) | 3 |",
    );
  });

  it("lists what a route ships beyond the runtime, biggest module first", () => {
    expect(beyondRuntime(route)).toBe(
      [
        "`/briefs/[slug]` beyond the framework runtime: 0.1 kB gzip (0.3 kB raw)",
        "- static/chunks/layout.js (shared): 0.1 kB gzip, 0.2 kB raw — components/theme-toggle.tsx 0.1",
        "- static/chunks/island.js (route): 0.1 kB gzip, 0.1 kB raw — components/copy-button.tsx 0.1, module 7 (a dependency) 0.0",
      ].join("\n"),
    );
  });
});

describe("client modules", () => {
  it("names a manifest's client modules by project path, once each", () => {
    const modules = clientModules({
      clientModules: {
        "[project]/components/copy-button.tsx": { id: 3348 },
        "[project]/components/copy-button.tsx#CopyButton": { id: 3348 },
        "[project]/node_modules/next/dist/client/app-dir/link.js": { id: 22016 },
        "[project]/app/error.tsx <module evaluation>": { id: 8821 },
      },
    });
    expect(modules).toEqual([
      { name: "components/copy-button.tsx", id: 3348 },
      { name: "next/dist/client/app-dir/link.js", id: 22016 },
      { name: "app/error.tsx", id: 8821 },
    ]);
    expect(clientModules({})).toEqual([]);
  });

  it("reads the modules of a Turbopack chunk and names the known ones", () => {
    const source =
      '(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push(["object"==typeof document?document.currentScript:void 0,3348,e=>{"use strict";e.s([])},7,(e,t)=>{t.x=1}]);';
    const modules = chunkModules(source);
    expect(modules).toEqual([
      { id: "3348", bytes: 'e=>{"use strict";e.s([])}'.length },
      { id: "7", bytes: "(e,t)=>{t.x=1}".length },
    ]);
    expect(
      nameModules(modules ?? [], [{ name: "components/copy-button.tsx", id: 3348 }]).map((module) => module.name),
    ).toEqual(["components/copy-button.tsx", "module 7 (a dependency)"]);
  });

  it("gives no modules for a chunk of another shape", () => {
    expect(chunkModules("(()=>{document.title})()")).toBeNull();
    expect(chunkModules("var x = 1;")).toBeNull();
  });

  it("recognises a 'use client' entry after comments only", () => {
    expect(isClientEntry('"use client";\nexport function A() {}')).toBe(true);
    expect(isClientEntry("// why\n/* more */\n'use client';")).toBe(true);
    expect(isClientEntry('import x from "y";\n"use client";')).toBe(false);
    expect(isClientEntry('export const note = "use client";')).toBe(false);
  });
});
