import type { BulkTriageItem } from "@/lib/triage/bulk";
import { parseTriageChange, TriageInputError, type TriageChangeRequest } from "@/lib/triage/validations";

/** A selected row's checkbox value: the version the page showed, then the slug (which may hold any character). */
export function bulkSelectionValue(slug: string, version: number): string {
  return `${version}:${slug}`;
}

function selectedItems(form: FormData): BulkTriageItem[] {
  return form.getAll("brief").map((value) => {
    const match = typeof value === "string" ? /^(\d{1,9}):(.+)$/s.exec(value) : null;
    if (!match) throw new TriageInputError("brief", "A selected brief could not be read; reload the page.");
    return { slug: match[2], basedOn: Number(match[1]) };
  });
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/**
 * Reads the list's bulk form: the selected briefs and the one change for all of them. `do` is the
 * button pressed: "state" (with a reason and comment when dismissing), "assign" (the owner picked:
 * "me", "none" or an email) or "assign-me".
 */
export function parseBulkTriageForm(
  form: FormData,
  callerEmail: string,
): { items: BulkTriageItem[]; change: TriageChangeRequest } {
  const items = selectedItems(form);
  if (items.length === 0) throw new TriageInputError("brief", "Select at least one brief first.");
  const action = text(form, "do");
  if (action === "state") {
    if (!text(form, "state")) throw new TriageInputError("state", "Choose the state to set.");
    const body: Record<string, string> = { state: text(form, "state") };
    for (const field of ["reason", "comment", "duplicateOf"]) if (text(form, field)) body[field] = text(form, field);
    return { items, change: parseTriageChange(body) };
  }
  if (action === "assign" || action === "assign-me") {
    const owner = action === "assign-me" ? "me" : text(form, "assignee");
    if (!owner) throw new TriageInputError("assignee", "Pick who the briefs go to.");
    return {
      items,
      change: parseTriageChange({ assignee: owner === "me" ? callerEmail : owner === "none" ? null : owner }),
    };
  }
  throw new TriageInputError("do", "Choose an action: set a state or assign.");
}
