import Database from "better-sqlite3";
import { databaseFilePath } from "@/lib/env";

let connection: Database.Database | null = null;

/**
 * A number that changes whenever any other connection (an ingest in this process, the CLI, another
 * server) commits to the database: SQLite's data_version, read on a connection of its own. It costs
 * microseconds, so every request can check that a cached page is still current. Null when the
 * database cannot be read: then nothing is cached.
 */
export function currentDataVersion(): string | null {
  try {
    connection ??= new Database(databaseFilePath(), { readonly: true, fileMustExist: true });
    return String(connection.pragma("data_version", { simple: true }));
  } catch {
    connection?.close();
    connection = null;
    return null;
  }
}
