import "server-only";
import path from "node:path";
import { db } from "@/lib/db";
import { ingestFeed } from "@/lib/ingest/ingest-feed";
import { logEvent } from "@/lib/log/log-event";

/** The sample feed shipped with the project, so a new install shows briefs with no network. */
export const BUNDLED_SAMPLE_PATH = path.join(process.cwd(), "data", "sample", "entra_id.xml");

/** Loads the bundled sample into an empty database; a database with any brief is left as it is. */
export async function seedBundledSampleIfEmpty(): Promise<void> {
  if ((await db.brief.count()) > 0) return;
  const result = await ingestFeed({ kind: "file", path: BUNDLED_SAMPLE_PATH }, { trigger: "startup" });
  logEvent("seed.bundled-sample", { ...result });
}
