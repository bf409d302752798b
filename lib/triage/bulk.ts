import "server-only";
import { roleAtLeast } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { readTriage, type TriageView } from "@/lib/triage/queries";
import {
  resolveTriageChange,
  TriageNotFoundError,
  TriageRefusedError,
  writeTriageChange,
  type ResolvedTriageChange,
  type TriageActor,
} from "@/lib/triage/store";
import { TriageInputError, type TriageChangeRequest } from "@/lib/triage/validations";

/** A selected brief and the triage version the page showed it at. */
export type BulkTriageItem = { slug: string; basedOn: number };

/** A selected brief someone changed since the page was loaded: who and when, for the refusal. */
export type StaleBrief = { slug: string; title: string; changedBy: string | null; changedAt: Date | null };

/** The most briefs one bulk change takes: a few list pages' worth, so one transaction stays short. */
export const BULK_TRIAGE_MAX = 100;

/** How many stale briefs the message names: it travels back to the page in the URL. */
const STALE_NAMED = 5;

/** Some selected briefs changed meanwhile: nothing was changed, and these are the ones (who, when). */
export class BulkTriageConflictError extends Error {
  constructor(readonly stale: StaleBrief[]) {
    const named = stale
      .slice(0, STALE_NAMED)
      .map(
        (brief) =>
          `"${brief.title}" by ${brief.changedBy ?? "someone"} at ${brief.changedAt?.toISOString() ?? "an unknown time"}`,
      );
    if (stale.length > STALE_NAMED) named.push(`${stale.length - STALE_NAMED} more`);
    super(
      `Nothing changed: ${stale.length === 1 ? "this brief" : `${stale.length} briefs`} changed since you loaded the page — ${named.join("; ")}. Reload and select again.`,
    );
  }
}

/** Raised inside the transaction when a compare-and-set loses a race, so everything written rolls back. */
class LostRace extends Error {}

/** The selected briefs no longer at the version the caller saw, with their titles for the message. */
async function staleAmong(
  items: readonly BulkTriageItem[],
  views: readonly (TriageView | null)[],
): Promise<StaleBrief[]> {
  const stale = items.flatMap((item, index) => {
    const view = views[index];
    return view && view.version !== item.basedOn ? [{ item, view }] : [];
  });
  if (stale.length === 0) return [];
  const briefs = await db.brief.findMany({
    where: { slug: { in: stale.map(({ item }) => item.slug) } },
    select: { slug: true, title: true },
  });
  const titles = new Map(briefs.map((brief) => [brief.slug, brief.title]));
  return stale.map(({ item, view }) => ({
    slug: item.slug,
    title: titles.get(item.slug) ?? item.slug,
    changedBy: view.changedBy,
    changedAt: view.changedAt,
  }));
}

const readAll = (items: readonly BulkTriageItem[]) => Promise.all(items.map((item) => readTriage(item.slug)));

/**
 * Applies one change (a state, an owner) to every selected brief, all or nothing: if any of them is
 * no longer at the version the caller saw, nothing is written and BulkTriageConflictError names
 * those briefs with who changed them and when. Each brief gets its own history lines, as a single
 * change would write them, all in one transaction.
 */
export async function changeTriageOfMany(
  items: readonly BulkTriageItem[],
  change: TriageChangeRequest,
  actor: TriageActor,
): Promise<TriageView[]> {
  if (!roleAtLeast(actor.role, "analyst"))
    throw new TriageRefusedError("Only analysts and admins change a brief's triage.");
  const unique = [...new Map(items.map((item) => [item.slug, item])).values()];
  if (unique.length === 0) throw new TriageInputError("brief", "Select at least one brief.");
  if (unique.length > BULK_TRIAGE_MAX)
    throw new TriageInputError("brief", `Select at most ${BULK_TRIAGE_MAX} briefs at once.`);

  const currents = await readAll(unique);
  const missing = unique.find((_, index) => currents[index] === null);
  if (missing) throw new TriageNotFoundError(`No brief "${missing.slug}".`);
  const stale = await staleAmong(unique, currents);
  if (stale.length) throw new BulkTriageConflictError(stale);
  const planned: { current: TriageView; next: ResolvedTriageChange }[] = [];
  for (const [index, item] of unique.entries()) {
    const current = currents[index]!;
    planned.push({ current, next: await resolveTriageChange(current, change, item.slug) });
  }

  const now = new Date();
  try {
    await db.$transaction(async (tx) => {
      for (const { current, next } of planned)
        if (!(await writeTriageChange(tx, current, next, actor, now))) throw new LostRace();
    });
  } catch (error) {
    if (!(error instanceof LostRace)) throw error;
    throw new BulkTriageConflictError(await staleAmong(unique, await readAll(unique)));
  }
  const after = await readAll(unique);
  return after.filter((view): view is TriageView => view !== null);
}

/** The triage version of each of these briefs by slug (the list's checkboxes carry it); a brief missing here is at 0. */
export async function triageVersionsOf(slugs: readonly string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await db.briefTriage.findMany({
    where: { brief: { slug: { in: [...slugs] } } },
    select: { version: true, brief: { select: { slug: true } } },
  });
  return new Map(rows.map((row) => [row.brief.slug, row.version]));
}
