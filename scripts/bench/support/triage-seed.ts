// Gives a bench database's briefs the team's decisions in bulk: a state (and owner for some) and one
// to three history lines each, spread evenly over the feed. Plain SQL in one transaction, since
// 20,000 changes through the API would take longer than the measurement they prepare; the rows are
// the ones lib/triage/store.ts writes (version = the changes made, history consistent with the state).
import Database from "better-sqlite3";

/** The states a seeded brief ends in, in turn: the status filter's two and every decided one. */
const FINAL_STATES = ["in_review", "hunting", "adopted", "watching", "dismissed"] as const;
const DISMISS_REASONS = ["not_applicable", "already_covered", "risk_accepted"] as const;
const DECIDED = new Set<string>(["hunting", "adopted", "watching", "dismissed"]);
const MINUTE_MS = 60_000;

export type TriageSeed = { briefs: number; events: number; slugs: string[] };

type Change = { kind: "state"; from: string; to: string; reason: string | null } | { kind: "assign"; to: string };

/** The changes brief number `index` went through: one or two state changes, and an assignment for every other one. */
export function changesOf(index: number, assigneeEmail: string): Change[] {
  const final = FINAL_STATES[index % FINAL_STATES.length];
  const reason = final === "dismissed" ? DISMISS_REASONS[index % DISMISS_REASONS.length] : null;
  const direct = final === "in_review" || index % 3 === 0;
  const changes: Change[] = direct
    ? [{ kind: "state", from: "new", to: final, reason }]
    : [
        { kind: "state", from: "new", to: "in_review", reason: null },
        { kind: "state", from: "in_review", to: final, reason },
      ];
  if (index % 2 === 0) changes.splice(1, 0, { kind: "assign", to: assigneeEmail });
  return changes;
}

/**
 * Decides `count` of the database's briefs (evenly spread over them by id) as `actor`, who is also
 * the owner of every other one. Replaces any triage the database held, so a rerun seeds the same.
 */
export function seedTriage(
  file: string,
  count: number,
  actor: { id: string; email: string },
  now = new Date(),
): TriageSeed {
  const database = new Database(file);
  try {
    const ids = database.prepare(`SELECT "id", "slug" FROM "Brief" ORDER BY "id"`).all() as {
      id: string;
      slug: string;
    }[];
    if (count > ids.length) throw new Error(`Asked to decide ${count} briefs; the database has ${ids.length}`);
    const chosen = Array.from({ length: count }, (_, index) => ids[Math.floor((index * ids.length) / count)]);
    const insertTriage = database.prepare(
      `INSERT INTO "BriefTriage" ("briefId", "state", "reason", "assigneeId", "version", "changedAt", "changedBy", "firstDecidedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEvent = database.prepare(
      `INSERT INTO "TriageEvent" ("id", "briefId", "at", "actorId", "actorEmail", "kind", "fromState", "toState", "reason", "fromAssignee", "toAssignee")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
    );
    let events = 0;
    database.transaction(() => {
      database.prepare(`DELETE FROM "TriageEvent"`).run();
      database.prepare(`DELETE FROM "BriefTriage"`).run();
      chosen.forEach((brief, index) => {
        const changes = changesOf(index, actor.email);
        // The changes a minute apart, the last some hours ago: a history that reads like work done.
        const startedMs = now.getTime() - (index % 500) * 7 * MINUTE_MS - changes.length * MINUTE_MS;
        let firstDecidedAt: string | null = null;
        let state = "new";
        let reason: string | null = null;
        let assigned = false;
        changes.forEach((change, step) => {
          const at = new Date(startedMs + step * MINUTE_MS).toISOString();
          events += 1;
          if (change.kind === "assign") {
            assigned = true;
            insertEvent.run(
              `bench-triage-${index}-${step}`,
              brief.id,
              at,
              actor.id,
              actor.email,
              "assign",
              null,
              null,
              null,
              change.to,
            );
            return;
          }
          state = change.to;
          reason = change.reason;
          if (DECIDED.has(state)) firstDecidedAt ??= at;
          insertEvent.run(
            `bench-triage-${index}-${step}`,
            brief.id,
            at,
            actor.id,
            actor.email,
            "state",
            change.from,
            change.to,
            change.reason,
            null,
          );
        });
        const changedAt = new Date(startedMs + (changes.length - 1) * MINUTE_MS).toISOString();
        insertTriage.run(
          brief.id,
          state,
          reason,
          assigned ? actor.id : null,
          changes.length,
          changedAt,
          actor.email,
          firstDecidedAt,
        );
      });
    })();
    return { briefs: chosen.length, events, slugs: chosen.map((brief) => brief.slug) };
  } finally {
    database.close();
  }
}
