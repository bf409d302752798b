import { byProvider } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Full-text search over briefs (title, summary and body), as each database answers it: SQLite's
 * FTS5 table "BriefSearch" (porter stemming, unicode61 without diacritics) and PostgreSQL's
 * "BriefSearch" tsvector table (the `briefs_search` configuration: snowball English stemming,
 * unaccent, no stop words), each kept in step with Brief by triggers. Both tokenise on what is not
 * a letter or a digit, and so does `searchWords`: what a person types can never reach either
 * database as query syntax.
 */

/** The words of a search: runs of letters and digits; quotes, operators and other punctuation only separate them. */
function searchWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A search as FTS5 reads it: every word must match, the last one as a prefix; each quoted, so FTS5 syntax is inert. */
export function toFtsQuery(text: string): string | null {
  const words = searchWords(text);
  if (!words.length) return null;
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? "*" : ""}`).join(" ");
}

/**
 * The same search as PostgreSQL's to_tsquery reads it: `w1 & w2 & w3:*`. Words of letters and
 * digits hold no tsquery syntax (operators, quotes, weights are all punctuation).
 */
export function toTsQuery(text: string): string | null {
  const words = searchWords(text);
  if (!words.length) return null;
  return words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(" & ");
}

const dialect = byProvider({
  sqlite: {
    matchingWords: (query: string) =>
      Prisma.sql`b."rowid" IN (SELECT "rowid" FROM "BriefSearch" WHERE "BriefSearch" MATCH ${query})`,
    toQuery: toFtsQuery,
    matchingPhrase: (phrase: string) =>
      Prisma.sql`b."rowid" IN (SELECT "rowid" FROM "BriefSearch" WHERE "BriefSearch" MATCH ${`"${phrase.replace(/"/g, "")}"`})`,
  },
  postgresql: {
    // OFFSET 0 keeps the search whole, run once, as list-query.ts's briefIdIn explains.
    matchingWords: (query: string) =>
      Prisma.sql`b."id" IN (SELECT "briefId" FROM "BriefSearch" WHERE "document" @@ to_tsquery('briefs_search', ${query}) OFFSET 0)`,
    toQuery: toTsQuery,
    matchingPhrase: (phrase: string) =>
      Prisma.sql`b."id" IN (SELECT "briefId" FROM "BriefSearch" WHERE "document" @@ phraseto_tsquery('briefs_search', ${searchWords(phrase).join(" ")}))`,
  },
});

/**
 * The condition on brief `b` for the list's search: every word of the text, the last as a prefix,
 * stemmed. Null when the text holds no word; the caller decides what that means.
 */
export function briefsMatchingSearch(text: string): Prisma.Sql | null {
  const query = dialect.toQuery(text);
  return query === null ? null : dialect.matchingWords(query);
}

/**
 * The condition on brief `b` for text holding these words in this order (stemmed), as when a
 * brief names a rule by its title. The phrase is words only (a normalised rule title).
 */
export function briefsMatchingPhrase(phrase: string): Prisma.Sql {
  return dialect.matchingPhrase(phrase);
}
