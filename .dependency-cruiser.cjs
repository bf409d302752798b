// The architecture's layering, checked by dependency-cruiser (`npm run lint:imports`).
// Imports flow one way, from the ground up:
//   shared infrastructure → lib/briefs → lib/feed → lib/detections
//   → lib/coverage, lib/notify, lib/feeds-out → lib/ingest → lib/scheduler.ts → components → app
// A module may import its own layer and the layers below it, never one above. Type-only imports
// count too (`tsPreCompilationDeps`): a type import still makes a reader climb the stack.
// Tests (`*.test.ts`) are outside the layering: a test may set up its data through any layer.

/** Each layer: a name and the paths it holds. Lower layers first. */
const LAYERS = [
  {
    name: "infrastructure",
    // env, databases, the outbound HTTP client and its address guard (http), leases, error messages
    // and event logs (log), the next scheduled run times (schedule), the rule-library catalog,
    // formatting, ATT&CK data, themes, the page cache, bearer tokens and rate limits.
    path: "^(lib/(env|db|db-migrations|postgresql-pool|site-url|sqlite-date|utc-day|write-order|csp-nonce)\\.ts$|lib/(http|leases|log|schedule|rule-libraries|format|attack|theme|page-cache|auth|generated)/)",
  },
  { name: "briefs", path: "^lib/briefs/" },
  // A feed and the record of its runs.
  { name: "feed", path: "^lib/(feed|ingest-runs)/" },
  { name: "detections", path: "^lib/detections/" },
  // Features built on briefs and rules. lib/triage holds the team's decision on each brief, lib/notes its notes. lib/deployments (rules the team runs per SIEM) converts rules
  // through lib/detections to know when the library changed a deployed query; coverage counts them.
  { name: "features", path: "^lib/(coverage|notify|feeds-out|deployments|triage|notes)/" },
  { name: "ingest", path: "^lib/ingest/" },
  { name: "scheduler", path: "^lib/scheduler\\.ts$" },
  { name: "components", path: "^components/" },
  { name: "app", path: "^(app/|proxy\\.ts$|instrumentation\\.ts$)" },
];

const TESTS = "\\.test\\.tsx?$";

/** One rule per layer: nothing in it imports a layer above it. */
const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} is below ${LAYERS.slice(index + 1)
    .map((above) => above.name)
    .join(", ")}: it must not import them (move the shared code down, or pass it in from above).`,
  severity: "error",
  from: { path: layer.path, pathNot: TESTS },
  to: { path: LAYERS.slice(index + 1).map((above) => above.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "no-circular",
      comment:
        "Two modules that import each other (directly or around a loop) are one module in two files: break the circle.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-database-in-ui",
      comment:
        "Pages and components read through lib/<domain>/queries.ts, never Prisma or lib/db.ts themselves (type imports aside).",
      severity: "error",
      from: { path: "^(app|components)/" },
      to: {
        path: ["^lib/db\\.ts$", "^lib/generated/", "@prisma/", "^node_modules/(pg|better-sqlite3)/"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "no-test-support-in-product",
      comment: "Product code never imports scripts, end-to-end specs or test support (lib/test/, fixtures).",
      severity: "error",
      from: { path: "^(lib|app|components)/|^(proxy|instrumentation)\\.ts$", pathNot: [TESTS, "^lib/test/"] },
      to: { path: ["^scripts/", "^e2e/", "^lib/test/", "/fixtures/"] },
    },
    {
      name: "scheduler-started-once",
      comment:
        "Only the server's start-up (instrumentation.ts) imports the scheduler, which opens the database and starts jobs; a page reads run times from lib/schedule/.",
      severity: "error",
      from: { pathNot: ["^instrumentation\\.ts$", TESTS] },
      to: { path: "^lib/scheduler\\.ts$" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to nothing is a typo or a missing package.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^lib/generated/", "^\\.next/", "^node_modules/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
