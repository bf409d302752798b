import type Database from "better-sqlite3";
import { decodeHTMLStrict } from "entities";

/**
 * A title as a feed reader shows it. Many publishers escape titles twice (`Entra ID &amp;amp; Intune`),
 * or put entities inside CDATA (`<![CDATA[Microsoft&#8217;s …]]>`), so what the XML parser leaves
 * still holds entity references. They are decoded once more here, as text: only complete references
 * (`&amp;`, `&#8217;`, `&rsquo;`; a bare `AT&T` stays), never a second time, and never read as
 * markup, so a title that only looks like markup (`Use <b> sparingly`) is shown as written.
 */
export function decodeTitle(text: string): string {
  const decoded = text.includes("&") ? decodeHTMLStrict(text) : text;
  return decoded.replace(/\s+/g, " ").trim();
}

/**
 * Titles stored before decodeTitle existed kept their entities, and an unchanged item is never
 * normalised again, so they are decoded in place, once (queued by migration 20261206010000, run by
 * lib/db-migrations.ts). A stored title is exactly what the XML parser left, so this gives what
 * normalising the item again would. Revisions are decoded too, so a brief's history does not report
 * the correction as a change.
 */
export function decodeStoredTitles(database: Database.Database): number {
  let changed = 0;
  for (const table of ["Brief", "BriefRevision"]) {
    const rows = database.prepare(`SELECT "id", "title" FROM "${table}" WHERE "title" LIKE '%&%'`).all() as {
      id: string;
      title: string;
    }[];
    const update = database.prepare(`UPDATE "${table}" SET "title" = ? WHERE "id" = ?`);
    for (const row of rows) {
      const title = decodeTitle(row.title);
      if (title === row.title) continue;
      update.run(title || row.title, row.id);
      changed += 1;
    }
  }
  return changed;
}
