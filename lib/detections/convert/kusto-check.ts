/**
 * Parse + semantic check of KQL with Microsoft's own Kusto language service
 * (`@kusto/language-service-next`, the Bridge.NET build of Kusto.Language), against the
 * Sentinel table schemas in ./sentinel-schema.
 *
 * Loading: the package is a browser-style script bundle, not a module. `bridge.min.js` (the
 * Bridge.NET runtime) must be required first; it defines the globals `Bridge` and `System`.
 * `Kusto.Language.Bridge.min.js` then defines the global `Kusto` namespace (requiring the
 * package's `main` alone throws "Bridge is not defined"). No other shims are needed on Node 20.
 * Loading takes ~1 s, and the first analysis ~4 s more (the service builds its built-in function
 * tables lazily); later calls take milliseconds. Both happen once per process.
 *
 * The package ships a global-namespace .d.ts (1.7 MB, plus Bridge's `System` namespace); rather
 * than pull those globals into the whole project, the few members used here are declared below.
 */
import { createRequire } from "node:module";
import { SENTINEL_TABLES, type KqlColumnType } from "./sentinel-schema";

declare const opaque: unique symbol;
/** Kusto.Language objects this file only passes around. */
interface Opaque<Name extends string> {
  readonly [opaque]: Name;
}
type ScalarSymbol = Opaque<"ScalarSymbol">;
type ColumnSymbol = Opaque<"ColumnSymbol">;
type TableSymbol = Opaque<"TableSymbol">;
type DatabaseSymbol = Opaque<"DatabaseSymbol">;

/** System.Collections.Generic.IReadOnlyList$1 as Bridge exposes it. */
interface BridgeReadOnlyList<T> {
  readonly Count: number;
  getItem(index: number): T;
}

interface KustoDiagnostic {
  readonly Code: string | null;
  readonly Severity: string | null;
  readonly Message: string | null;
  readonly Start: number;
  readonly Length: number;
}

interface GlobalState {
  WithDatabase(database: DatabaseSymbol): GlobalState | null;
}

interface KustoCode {
  GetDiagnostics(): BridgeReadOnlyList<KustoDiagnostic> | null;
}

interface KustoLanguage {
  readonly GlobalState: { readonly Default: GlobalState | null };
  readonly KustoCode: { ParseAndAnalyze(text: string, globals: GlobalState): KustoCode | null };
  readonly DiagnosticSeverity: { readonly Error: string; readonly Warning: string };
  readonly Symbols: {
    readonly ScalarTypes: Readonly<
      Record<"String" | "DateTime" | "Bool" | "Int" | "Long" | "Real" | "Dynamic", ScalarSymbol | null>
    >;
    readonly ColumnSymbol: new (name: string, type: ScalarSymbol) => ColumnSymbol;
    readonly TableSymbol: { readonly $ctor4: new (name: string, columns: ColumnSymbol[]) => TableSymbol };
    readonly DatabaseSymbol: { readonly ctor: new (name: string, members: TableSymbol[]) => DatabaseSymbol };
  };
}

interface KustoService {
  readonly language: KustoLanguage;
  readonly globals: GlobalState;
  readonly reported: ReadonlySet<string>;
}

const PACKAGE = "@kusto/language-service-next";
const DATABASE_NAME = "SentinelWorkspace";

const SCALAR_TYPE: Readonly<Record<KqlColumnType, keyof KustoLanguage["Symbols"]["ScalarTypes"]>> = {
  string: "String",
  datetime: "DateTime",
  bool: "Bool",
  int: "Int",
  long: "Long",
  real: "Real",
  dynamic: "Dynamic",
};

function loadKustoLanguage(): KustoLanguage {
  const host = globalThis as { Kusto?: { Language?: unknown } };
  if (host.Kusto?.Language === undefined) {
    const require = createRequire(import.meta.url);
    require(`${PACKAGE}/bridge.min.js`);
    require(`${PACKAGE}/Kusto.Language.Bridge.min.js`);
  }
  const language = host.Kusto?.Language as Partial<KustoLanguage> | undefined;
  if (typeof language?.KustoCode?.ParseAndAnalyze !== "function" || language.GlobalState?.Default == null) {
    throw new Error(`${PACKAGE} did not define the global Kusto.Language namespace`);
  }
  return language as KustoLanguage;
}

function buildService(): KustoService {
  const language = loadKustoLanguage();
  const { ScalarTypes, ColumnSymbol, TableSymbol, DatabaseSymbol } = language.Symbols;

  const tables = SENTINEL_TABLES.map((table) => {
    const columns = table.columns.map((column) => {
      const type = ScalarTypes[SCALAR_TYPE[column.type]];
      if (type === null) throw new Error(`Kusto scalar type ${column.type} is missing`);
      return new ColumnSymbol(column.name, type);
    });
    return new TableSymbol.$ctor4(table.name, columns);
  });
  const globals = language.GlobalState.Default?.WithDatabase(new DatabaseSymbol.ctor(DATABASE_NAME, tables));
  if (globals == null) throw new Error("Kusto GlobalState.WithDatabase returned nothing");

  const { Error: error, Warning: warning } = language.DiagnosticSeverity;
  return { language, globals, reported: new Set([error, warning]) };
}

let service: KustoService | undefined;

function kustoService(): KustoService {
  service ??= buildService();
  return service;
}

/**
 * Every Error or Warning diagnostic (syntax and semantic: unknown column/table/function, wrong
 * argument or operand types, …) the Kusto language service reports for `query` against the
 * Sentinel table schemas of ./sentinel-schema, as
 * `<severity> at <start offset>: <message>`; [] when the query is clean.
 */
export function kustoDiagnostics(query: string): string[] {
  const { language, globals, reported } = kustoService();
  const diagnostics = language.KustoCode.ParseAndAnalyze(query, globals)?.GetDiagnostics();
  if (!diagnostics) return [];
  const messages: string[] = [];
  for (let index = 0; index < diagnostics.Count; index++) {
    const diagnostic = diagnostics.getItem(index);
    if (diagnostic.Severity === null || !reported.has(diagnostic.Severity)) continue;
    messages.push(`${diagnostic.Severity} at ${diagnostic.Start}: ${diagnostic.Message ?? diagnostic.Code ?? ""}`);
  }
  return messages;
}
