// First-load JavaScript per page route, which `next build` no longer prints: the chunks each page's
// HTML makes the browser load, sized from .next/static (raw and gzip), split into the framework
// runtime, chunks every route shares and the route's own, with the client modules in each.
//   tsx --conditions=react-server scripts/bench/first-load-js.ts [--database file:./data/bench-smoke.db] [--out bench-results/first-load-js.json]
// Without --base-url it starts `next start` on the database itself (run `next build` and seed it first).
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import vm from "node:vm";
import zlib from "node:zlib";
import {
  beyondRuntime,
  buildPath,
  chunkModules,
  classifyChunks,
  clientModules,
  firstLoadTable,
  isClientEntry,
  kilobytes,
  nameModules,
  pageChunks,
  routeTotals,
  type Bytes,
  type ClientModule,
  type RouteReport,
} from "@/scripts/bench/support/first-load-js";
import { startServer, type RunningServer } from "./next-server";
import { optionsOrUsage } from "../options-or-usage";
import { errorMessage } from "@/lib/log/error-message";

const root = path.resolve(import.meta.dirname, "..", "..");
const buildDir = path.join(root, ".next");
const USAGE =
  "Usage: tsx --conditions=react-server scripts/bench/first-load-js.ts [--base-url URL] [--database file:./data/bench-smoke.db] [--out bench-results/first-load-js.json] [--ports 3300-3399]";
/** Next serves static files gzipped at zlib's default level; measuring at the same level gives the bytes sent. */
const GZIP_LEVEL = zlib.constants.Z_DEFAULT_COMPRESSION;
const TARGET_ROUTE = "/briefs/[slug]";

type Options = { baseUrl: string | null; database: string; out: string; ports: { from: number; to: number } };
type Route = { route: string; path: string };

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      "base-url": { type: "string" },
      database: { type: "string", default: "file:./data/bench-smoke.db" },
      out: { type: "string", default: "bench-results/first-load-js.json" },
      ports: { type: "string", default: "3300-3399" },
    },
    allowPositionals: false,
  });
  const range = /^(\d+)-(\d+)$/.exec(values.ports);
  if (!range || Number(range[1]) > Number(range[2]))
    throw new Error(`--ports must look like 3300-3399, got "${values.ports}"`);
  return {
    baseUrl: values["base-url"]?.replace(/\/+$/, "") ?? null,
    database: values.database,
    out: values.out,
    ports: { from: Number(range[1]), to: Number(range[2]) },
  };
}

/** A server given by --base-url is someone else's: it is used, never stopped. */
function serverFor(options: Options): Promise<RunningServer> {
  if (options.baseUrl) return Promise.resolve({ baseUrl: options.baseUrl, stop: async () => undefined });
  return startServer(options.database, { ports: options.ports });
}

async function html(baseUrl: string, pagePath: string): Promise<string> {
  const response = await fetch(`${baseUrl}${pagePath}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`${pagePath} answered ${response.status}`);
  return response.text();
}

async function firstLink(baseUrl: string, listPath: string, prefix: string): Promise<string> {
  const match = new RegExp(`href="(${prefix}[^"?#/]+)"`).exec(await html(baseUrl, listPath));
  if (!match) throw new Error(`No ${prefix}… link on ${listPath}: seed the database first`);
  return match[1];
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(path.join(buildDir, file), "utf8")) as T;
}

type ReferenceManifest = {
  clientModules?: Record<string, { id: number | string }>;
  entryJSFiles?: Record<string, string[]>;
};

/** The route's client reference manifest: a script that assigns it to globalThis.__RSC_MANIFEST. */
async function referenceManifest(route: string): Promise<ReferenceManifest> {
  const segment = route === "/" ? "" : route;
  const source = await fs.readFile(
    path.join(buildDir, "server", "app", segment, "page_client-reference-manifest.js"),
    "utf8",
  );
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, ReferenceManifest> } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(source, sandbox, { timeout: 2_000 });
  const manifest = sandbox.__RSC_MANIFEST?.[`${route === "/" ? "" : route}/page`];
  if (!manifest) throw new Error(`No client reference manifest for ${route}`);
  return manifest;
}

const sizeCache = new Map<string, Bytes & { source: string }>();
async function chunkFile(file: string): Promise<Bytes & { source: string }> {
  const cached = sizeCache.get(file);
  if (cached) return cached;
  const buffer = await fs.readFile(path.join(buildDir, file));
  const measured = {
    raw: buffer.length,
    gzip: zlib.gzipSync(buffer, { level: GZIP_LEVEL }).length,
    source: buffer.toString("utf8"),
  };
  sizeCache.set(file, measured);
  return measured;
}

async function clientEntries(): Promise<string[]> {
  const files: string[] = [];
  for (const folder of ["app", "components"]) {
    for (const entry of await fs.readdir(path.join(root, folder), { recursive: true })) {
      if (!/\.(tsx?|jsx?)$/.test(entry) || /\.test\./.test(entry)) continue;
      const file = path.join(folder, entry);
      if (isClientEntry(await fs.readFile(path.join(root, file), "utf8"))) files.push(file.split(path.sep).join("/"));
    }
  }
  return files.sort();
}

async function measure(baseUrl: string, routes: Route[], runtime: string[]): Promise<RouteReport[]> {
  const pages = await Promise.all(
    routes.map(async (route) => ({
      ...route,
      found: pageChunks(await html(baseUrl, route.path)),
      manifest: await referenceManifest(route.route),
    })),
  );
  const kinds = classifyChunks(
    pages.map((page) => ({ route: page.route, chunks: page.found.chunks })),
    runtime,
  );
  const reports: RouteReport[] = [];
  for (const page of pages) {
    const known: ClientModule[] = clientModules(page.manifest);
    const chunks = [];
    for (const chunk of page.found.chunks) {
      const file = buildPath(chunk);
      const { raw, gzip, source } = await chunkFile(file);
      const kind = kinds.get(page.route)?.get(chunk) ?? "route";
      // Runtime chunks are React and Next themselves: their modules are unnamed in a production build.
      const modules = kind === "runtime" ? null : chunkModules(source);
      chunks.push({ file, raw, gzip, kind, modules: modules ? nameModules(modules, known) : null });
    }
    const fromManifests = new Set(
      [...runtime, ...Object.values(page.manifest.entryJSFiles ?? {}).flat()].map(buildPath),
    );
    const fromHtml = new Set(chunks.map((chunk) => chunk.file));
    reports.push({
      route: page.route,
      url: page.path,
      chunks,
      totals: routeTotals(chunks),
      onlyInHtml: [...fromHtml].filter((file) => !fromManifests.has(file)),
      onlyInManifest: [...fromManifests].filter((file) => !fromHtml.has(file)),
    });
    if (page.found.payloadOnly.length)
      console.log(
        `${page.route}: ${page.found.payloadOnly.length} chunk(s) named only by the RSC payload, counted too`,
      );
  }
  return reports;
}

async function main(): Promise<number> {
  const options = optionsOrUsage(readOptions, USAGE);
  if (!options) return 2;
  process.chdir(root);
  const buildManifest = await readJson<{ rootMainFiles: string[]; polyfillFiles: string[] }>("build-manifest.json");
  const buildId = (await fs.readFile(path.join(buildDir, "BUILD_ID"), "utf8")).trim();
  const server = await serverFor(options);
  let routes: RouteReport[];
  try {
    const routeList: Route[] = [
      { route: "/", path: "/" },
      { route: "/briefs/[slug]", path: await firstLink(server.baseUrl, "/", "/briefs/") },
      { route: "/overview", path: "/overview" },
      { route: "/detections", path: "/detections" },
      { route: "/detections/[id]", path: await firstLink(server.baseUrl, "/detections", "/detections/") },
      { route: "/status", path: "/status" },
    ];
    routes = await measure(server.baseUrl, routeList, buildManifest.rootMainFiles);
  } finally {
    await server.stop();
  }

  const useClient = await clientEntries();
  const shippedBy = (file: string) =>
    routes
      .filter((route) => route.chunks.some((chunk) => chunk.modules?.some((module) => module.name === file)))
      .map((route) => route.route);
  const target = routes.find((route) => route.route === TARGET_ROUTE);
  const report = {
    measuredAt: new Date().toISOString(),
    buildId,
    gzipLevel: "zlib default (6), as next start serves static files",
    runtimeChunks: buildManifest.rootMainFiles,
    polyfillChunksNotLoaded: buildManifest.polyfillFiles,
    routes,
    clientEntries: useClient.map((file) => ({ file, shippedBy: shippedBy(file) })),
  };
  await fs.mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
  await fs.writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\n## First-load JS (build ${buildId})\n\n${firstLoadTable(routes)}\n`);
  console.log(
    `Framework runtime = the build's root main files (${buildManifest.rootMainFiles.length} chunks); polyfills (nomodule) not counted.`,
  );
  if (target) console.log(`\n${beyondRuntime(target)}`);
  console.log(
    `\n"use client" entries: ${report.clientEntries.map((entry) => `${entry.file} (${entry.shippedBy.join(", ") || "no measured route"})`).join("; ")}`,
  );
  const disagreeing = routes.filter((route) => route.onlyInHtml.length || route.onlyInManifest.length);
  for (const route of disagreeing)
    console.log(
      `${route.route}: HTML and build manifests differ: only in HTML ${route.onlyInHtml.join(", ") || "–"}; only in manifests ${route.onlyInManifest.join(", ") || "–"}`,
    );
  if (!disagreeing.length)
    console.log("Every route's chunks match its build manifests (root main files + client reference entry files).");
  console.log(
    `Wrote ${options.out}; total for ${TARGET_ROUTE}: ${target ? kilobytes(target.totals.total.gzip) : "–"} kB gzip`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`First-load JS stopped: ${errorMessage(error)}`);
    process.exit(1);
  },
);
