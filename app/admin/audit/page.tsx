import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { DateTime } from "@/components/ui/date-time";
import { requirePage } from "@/lib/auth/access";
import { auditFilterSchema, listAuditEvents, type AuditFilter } from "@/lib/auth/queries";

export const metadata: Metadata = { title: "Audit log", robots: { index: false } };

type AuditPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const field = "rounded border border-slate-400 bg-white px-2 py-1 dark:bg-slate-900";

function auditHref(filter: AuditFilter): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (value !== undefined && !(key === "page" && value === 1)) query.set(key, String(value));
  const text = query.toString();
  return text ? `/admin/audit?${text}` : "/admin/audit";
}

/** Admins: the append-only audit log, filtered by its URL (action, outcome, actor, from, to). */
export default async function AuditPage({ searchParams }: AuditPageProps) {
  await connection();
  await requirePage("admin");
  const raw = await searchParams;
  const filter = auditFilterSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])),
  );
  const { events, total, pageCount, actions } = await listAuditEvents(filter);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Audit log</h1>
      <form method="get" action="/admin/audit" className="flex flex-wrap items-end gap-3 text-sm">
        <label className="block">
          <span className="block font-medium">Action</span>
          <select name="action" defaultValue={filter.action ?? ""} className={field}>
            <option value="">any</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="block font-medium">Outcome</span>
          <select name="outcome" defaultValue={filter.outcome ?? ""} className={field}>
            <option value="">any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </select>
        </label>
        <label className="block">
          <span className="block font-medium">Actor email contains</span>
          <input name="actor" defaultValue={filter.actor ?? ""} className={field} />
        </label>
        <label className="block">
          <span className="block font-medium">From</span>
          <input name="from" type="date" defaultValue={filter.from ?? ""} className={field} />
        </label>
        <label className="block">
          <span className="block font-medium">To</span>
          <input name="to" type="date" defaultValue={filter.to ?? ""} className={field} />
        </label>
        <button type="submit" className="rounded border border-slate-400 px-3 py-1">
          Filter
        </button>
      </form>
      <p aria-live="polite">{`${total} event${total === 1 ? "" : "s"}`}</p>
      <table className="w-full text-left text-sm">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Actor</th>
            <th scope="col">Address</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} className="border-t border-slate-200 align-top dark:border-slate-800">
              <td className="whitespace-nowrap py-1">
                <DateTime date={event.at} />
              </td>
              <td className="py-1">{event.action}</td>
              <td className="py-1">{event.outcome}</td>
              <td className="py-1">{event.actorEmail ?? "–"}</td>
              <td className="py-1">{event.address ?? "–"}</td>
              <td className="max-w-sm break-all py-1 font-mono text-xs">{event.detail ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav aria-label="Pages" className="flex gap-3">
        {filter.page > 1 ? <Link href={auditHref({ ...filter, page: filter.page - 1 })}>Newer</Link> : null}
        {filter.page < pageCount ? <Link href={auditHref({ ...filter, page: filter.page + 1 })}>Older</Link> : null}
      </nav>
    </div>
  );
}
