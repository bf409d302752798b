import Database from "better-sqlite3";
import pg from "pg";
import { databaseFilePath, databaseProvider, type DatabaseProvider } from "@/lib/env";
import { postgresqlPoolConfig } from "@/lib/postgresql-pool";
import { errorMessage } from "@/lib/log/error-message";
import { logEvent } from "@/lib/log/log-event";

/**
 * A value that changes whenever any connection (an ingest in this process, the CLI, another server)
 * commits a change to the database, cheap enough to check on every request that a cached page is
 * still current. Null when it cannot be known: then nothing is cached.
 */
export function currentDataVersion(): string | null {
  const versions = readVersions();
  return versions && `${versions.content}.${versions.team}`;
}

/**
 * Like currentDataVersion, but blind to the team's own writes (decisions, history, notes, deployments,
 * the notification outbox; see the 20261211000000_team_data_version migrations): what reads derived
 * from briefs and rules alone are keyed on, so that a triage change leaves them cached.
 */
export function currentContentVersion(): string | null {
  return readVersions()?.content ?? null;
}

type Versions = { content: string; team: string };

function readVersions(): Versions | null {
  provider ??= databaseProvider();
  return provider === "sqlite" ? sqliteDataVersion() : postgresqlDataVersion();
}

let provider: DatabaseProvider | undefined;

// SQLite: the count of changed data rows the triggers keep in "DataVersion" (auth tables have none, so a
// sign-in or an audit row leaves it), and in "TeamDataVersion" for the team's writes.
// PRAGMA data_version, which moves on any other connection's commit and costs microseconds, says when
// those rows are worth reading again.
let connection: Database.Database | null = null;
let readRows: Database.Statement<[], { content: number | null; team: number | null }> | null = null;
let lastCommitMark: unknown = null;
let lastVersions: Versions | null = null;

function sqliteDataVersion(): Versions | null {
  try {
    connection ??= new Database(databaseFilePath(), { readonly: true, fileMustExist: true });
    readRows ??= connection.prepare(
      'SELECT (SELECT "version" FROM "DataVersion" WHERE "id" = 1) AS "content", (SELECT "version" FROM "TeamDataVersion" WHERE "id" = 1) AS "team"',
    );
    const commitMark = connection.pragma("data_version", { simple: true });
    if (commitMark !== lastCommitMark || lastVersions === null) {
      const row = readRows.get();
      if (row?.content == null || row.team == null) throw new Error("a DataVersion row is missing");
      lastVersions = { content: String(row.content), team: String(row.team) };
      lastCommitMark = commitMark;
    }
    return lastVersions;
  } catch {
    connection?.close();
    connection = null;
    readRows = null;
    lastVersions = null;
    return null;
  }
}

// PostgreSQL has no data_version. Every transaction that changes a row notifies this channel
// (triggers from the migrations; PostgreSQL delivers a notification only when its transaction
// commits, once per transaction), and one connection per process listens and counts: the version is
// the count, read from memory. A change committed while that connection is down goes unheard, so the
// version is null until it listens again, and a new epoch then keeps pages kept before the gap from
// ever matching. The team's writes notify with the payload 'team' and are counted apart.
const DATA_CHANGED_CHANNEL = "briefs_data_changed";
/** How the listening connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "threat-brief-dashboard data-version";
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;
/** A connection that dies without a word (a network gone quiet) is noticed by its next ping. */
const PING_INTERVAL_MS = 15_000;
const PING_TIMEOUT_MS = 5_000;

type Listener = {
  client: pg.Client | null;
  listening: boolean;
  epoch: number;
  notifications: number;
  teamNotifications: number;
  retryMs: number;
  retryTimer: NodeJS.Timeout | null;
  pingTimer: NodeJS.Timeout | null;
  stopped: boolean;
};

// One listener per process: Next loads this module in several bundles, and the page server once more.
const globalForListener = globalThis as unknown as { briefsDataVersionListener?: Listener };

function postgresqlDataVersion(): Versions | null {
  let listener = globalForListener.briefsDataVersionListener;
  if (!listener) {
    listener = {
      client: null,
      listening: false,
      epoch: 0,
      notifications: 0,
      teamNotifications: 0,
      retryMs: FIRST_RETRY_MS,
      retryTimer: null,
      pingTimer: null,
      stopped: false,
    };
    globalForListener.briefsDataVersionListener = listener;
    connect(listener);
  }
  return listener.listening
    ? { content: `${listener.epoch}:${listener.notifications}`, team: String(listener.teamNotifications) }
    : null;
}

function connect(listener: Listener): void {
  if (listener.stopped) return;
  const client = new pg.Client({
    ...postgresqlPoolConfig(),
    application_name: LISTENER_APPLICATION_NAME,
    query_timeout: PING_TIMEOUT_MS,
  });
  listener.client = client;
  client.on("notification", (message) => {
    if (listener.client !== client || message.channel !== DATA_CHANGED_CHANNEL) return;
    if (message.payload === "team") listener.teamNotifications += 1;
    else listener.notifications += 1;
  });
  client.on("error", (error) => drop(listener, client, error));
  client.on("end", () => drop(listener, client, new Error("the connection closed")));
  client
    .connect()
    .then(() => client.query(`LISTEN ${DATA_CHANGED_CHANNEL}`))
    .then(() => {
      if (listener.client !== client) return;
      listener.epoch += 1;
      listener.notifications = 0;
      listener.teamNotifications = 0;
      listener.listening = true;
      listener.retryMs = FIRST_RETRY_MS;
      listener.pingTimer = setInterval(
        () => void client.query("SELECT 1").catch((error: unknown) => drop(listener, client, error)),
        PING_INTERVAL_MS,
      ).unref();
    })
    .catch((error: unknown) => drop(listener, client, error));
}

/** Forgets a failed connection (pages are not cached meanwhile) and connects again after a growing pause. */
function drop(listener: Listener, client: pg.Client, error: unknown): void {
  if (listener.client !== client) return;
  const wasListening = listener.listening;
  listener.client = null;
  listener.listening = false;
  if (listener.pingTimer) clearInterval(listener.pingTimer);
  listener.pingTimer = null;
  client.end().catch(() => undefined);
  if (listener.stopped) return;
  logEvent(
    wasListening ? "page-cache.listener-lost" : "page-cache.listener-failed",
    { error: errorMessage(error), retryInMs: listener.retryMs },
    "error",
  );
  listener.retryTimer = setTimeout(() => {
    listener.retryTimer = null;
    connect(listener);
  }, listener.retryMs).unref();
  listener.retryMs = Math.min(listener.retryMs * 2, MAX_RETRY_MS);
}

/** Closes the PostgreSQL listener, for a process (or a test) that is done with it. */
export async function stopDataVersionListener(): Promise<void> {
  const listener = globalForListener.briefsDataVersionListener;
  if (!listener) return;
  listener.stopped = true;
  if (listener.retryTimer) clearTimeout(listener.retryTimer);
  if (listener.pingTimer) clearInterval(listener.pingTimer);
  const client = listener.client;
  listener.client = null;
  listener.listening = false;
  globalForListener.briefsDataVersionListener = undefined;
  await client?.end().catch(() => undefined);
}
