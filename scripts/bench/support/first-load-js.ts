/**
 * First-load JavaScript of a page from its served HTML and the build output: which chunks a browser
 * fetches before the page is interactive, how big they are, and which client modules they carry.
 */
import vm from "node:vm";

const STATIC_PREFIX = "/_next/static/";
const CHUNK_PATTERN = /\/_next\/static\/[\w\-./~]+?\.js\b/g;

export type PageChunks = {
  /** In first-appearance order: `<script src>` tags, script preloads and the RSC payload's client references. */
  chunks: string[];
  /** Chunks only named by the payload (no script tag): fetched when the page hydrates. */
  payloadOnly: string[];
  /** `<script nomodule>` polyfills, which browsers with module support never fetch. */
  noModule: string[];
};

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** The chunks a modern browser loads for a page, read from the page's HTML. */
export function pageChunks(html: string): PageChunks {
  const tags = [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);
  const srcOf = (tag: string) => /\bsrc="([^"]+)"/i.exec(tag)?.[1] ?? null;
  const noModule = unique(
    tags
      .filter((tag) => /\bnomodule\b/i.test(tag))
      .map(srcOf)
      .filter((src): src is string => src?.startsWith(STATIC_PREFIX) ?? false),
  );
  const fromTags = unique(
    tags
      .filter((tag) => !/\bnomodule\b/i.test(tag))
      .map(srcOf)
      .filter((src): src is string => src?.startsWith(STATIC_PREFIX) ?? false),
  );
  const withoutNoModule = html.replace(/<script\b[^>]*\bnomodule\b[^>]*>/gi, "");
  const named = unique([...withoutNoModule.matchAll(CHUNK_PATTERN)].map((match) => match[0]));
  return {
    chunks: unique([...fromTags, ...named]),
    payloadOnly: named.filter((chunk) => !fromTags.includes(chunk)),
    noModule,
  };
}

/** `/_next/static/chunks/a.js` → `static/chunks/a.js`, the path under `.next/` (as the build manifests name it). */
export function buildPath(chunk: string): string {
  return chunk.startsWith(STATIC_PREFIX) ? `static/${chunk.slice(STATIC_PREFIX.length)}` : chunk.replace(/^\//, "");
}

export type ChunkKind = "runtime" | "shared" | "route";

/**
 * The framework runtime is the build's root main files (React, the router, Turbopack's loader);
 * shared chunks are the rest every measured route loads (the root layout's islands); the remainder
 * is the route's own.
 */
export function classifyChunks(
  routes: readonly { route: string; chunks: readonly string[] }[],
  runtime: readonly string[],
): Map<string, Map<string, ChunkKind>> {
  const runtimeSet = new Set(runtime.map(buildPath));
  const everywhere = routes.length
    ? routes
        .map((route) => new Set(route.chunks.map(buildPath)))
        .reduce((common, set) => new Set([...common].filter((chunk) => set.has(chunk))))
    : new Set<string>();
  return new Map(
    routes.map((route) => [
      route.route,
      new Map(
        route.chunks.map((chunk): [string, ChunkKind] => [
          chunk,
          runtimeSet.has(buildPath(chunk)) ? "runtime" : everywhere.has(buildPath(chunk)) ? "shared" : "route",
        ]),
      ),
    ]),
  );
}

export type Bytes = { raw: number; gzip: number };

export function sumBytes(sizes: Iterable<Bytes>): Bytes {
  let raw = 0;
  let gzip = 0;
  for (const size of sizes) {
    raw += size.raw;
    gzip += size.gzip;
  }
  return { raw, gzip };
}

export type ClientModule = { name: string; id: number | string };

/** Client modules of a page from its client reference manifest, named by project path (`components/x.tsx`, `next/dist/…`). */
export function clientModules(manifest: { clientModules?: Record<string, { id: number | string }> }): ClientModule[] {
  const byName = new Map<string, ClientModule>();
  for (const [key, entry] of Object.entries(manifest.clientModules ?? {})) {
    const name = key
      .replace(/^\[project\]\//, "")
      .replace(/^node_modules\//, "")
      .replace(/ <module evaluation>$/, "")
      .replace(/#.*$/, "");
    if (!byName.has(name)) byName.set(name, { name, id: entry.id });
  }
  return [...byName.values()];
}

export type ChunkModule = { id: string; bytes: number };

/**
 * The modules a Turbopack chunk defines, with the length of each factory's source, found by running
 * the chunk's top level against a stand-in global: it only pushes `[script, id, factory, …]`.
 * Null for a chunk of another shape (the runtime loader itself, polyfills).
 */
export function chunkModules(source: string): ChunkModule[] | null {
  const sandbox: Record<string, unknown> = {};
  sandbox.globalThis = sandbox;
  sandbox.self = sandbox;
  try {
    vm.runInNewContext(source, sandbox, { timeout: 2_000 });
  } catch {
    return null;
  }
  const pushed = sandbox.TURBOPACK;
  if (!Array.isArray(pushed)) return null;
  const modules: ChunkModule[] = [];
  for (const entry of pushed) {
    if (!Array.isArray(entry)) continue;
    for (let index = 1; index + 1 < entry.length; index += 2) {
      const factory: unknown = entry[index + 1];
      if (typeof factory === "function") modules.push({ id: String(entry[index]), bytes: factory.toString().length });
    }
  }
  return modules;
}

export type ChunkReport = Bytes & { file: string; kind: ChunkKind; modules: { name: string; bytes: number }[] | null };
export type RouteReport = {
  route: string;
  url: string;
  chunks: ChunkReport[];
  totals: Record<ChunkKind | "total", Bytes>;
  /** Chunks in the HTML that the build manifests do not list for the route, and the reverse. */
  onlyInHtml: string[];
  onlyInManifest: string[];
};

/** Names each module of a chunk after the client module with its id; the rest are their dependencies. */
export function nameModules(
  modules: readonly ChunkModule[],
  known: readonly ClientModule[],
): { name: string; bytes: number }[] {
  const names = new Map(known.map((module) => [String(module.id), module.name]));
  return modules.map((module) => ({
    name: names.get(module.id) ?? `module ${module.id} (a dependency)`,
    bytes: module.bytes,
  }));
}

export function routeTotals(chunks: readonly ChunkReport[]): RouteReport["totals"] {
  const of = (kind: ChunkKind) => sumBytes(chunks.filter((chunk) => chunk.kind === kind));
  return { runtime: of("runtime"), shared: of("shared"), route: of("route"), total: sumBytes(chunks) };
}

export function kilobytes(bytes: number): string {
  return (bytes / 1000).toFixed(1);
}

function both(bytes: Bytes): string {
  return `${kilobytes(bytes.gzip)} (${kilobytes(bytes.raw)})`;
}

export function firstLoadTable(routes: readonly RouteReport[]): string {
  const rows = routes.map(
    (route) =>
      `| \`${route.route}\` | ${both(route.totals.total)} | ${both(route.totals.runtime)} | ${both(route.totals.shared)} | ${both(route.totals.route)} | ${route.chunks.length} |`,
  );
  return [
    "| Route | first-load JS kB gzip (raw) | framework runtime | shared by every route | route-specific | chunks |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

/** What a route loads beyond the framework runtime, chunk by chunk, with the modules in each. */
export function beyondRuntime(route: RouteReport): string {
  const lines = route.chunks
    .filter((chunk) => chunk.kind !== "runtime")
    .map((chunk) => {
      const modules = chunk.modules?.length
        ? [...chunk.modules]
            .sort((a, b) => b.bytes - a.bytes)
            .map((module) => `${module.name} ${kilobytes(module.bytes)}`)
            .join(", ")
        : "modules not readable";
      return `- ${chunk.file} (${chunk.kind}): ${kilobytes(chunk.gzip)} kB gzip, ${kilobytes(chunk.raw)} kB raw — ${modules}`;
    });
  const extra = sumBytes(route.chunks.filter((chunk) => chunk.kind !== "runtime"));
  return [
    `\`${route.route}\` beyond the framework runtime: ${kilobytes(extra.gzip)} kB gzip (${kilobytes(extra.raw)} kB raw)`,
    ...lines,
  ].join("\n");
}

/** A module that opens with the "use client" directive (after comments), so it starts a client island. */
export function isClientEntry(source: string): boolean {
  return /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(["'])use client\1/.test(source);
}
