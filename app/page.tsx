import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { BriefListItem } from "@/components/brief-list-item";
import { Pagination } from "@/components/pagination";
import { SeverityFilter } from "@/components/severity-filter";
import { countBySeverity, listBriefs } from "@/lib/briefs/queries";
import { SEVERITY_LABELS } from "@/lib/briefs/severity";
import { parseBriefListParams } from "@/lib/briefs/validations";

type BriefListPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ searchParams }: BriefListPageProps): Promise<Metadata> {
  const { severity } = parseBriefListParams(await searchParams);
  if (!severity.length) return { title: "Briefs" };
  return { title: `${severity.map((value) => SEVERITY_LABELS[value]).join(" and ")} briefs` };
}

export default async function BriefListPage({ searchParams }: BriefListPageProps) {
  await connection();
  const params = parseBriefListParams(await searchParams);
  const [{ briefs, total, pageCount }, counts] = await Promise.all([listBriefs(params), countBySeverity()]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Threat briefs</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {total} {total === 1 ? "brief" : "briefs"}
        </p>
      </div>
      <SeverityFilter selected={params.severity} counts={counts} />
      {briefs.length ? (
        <ul className="rounded-lg border border-slate-200 bg-white px-4 dark:border-slate-800 dark:bg-slate-900">
          {briefs.map((brief) => (
            <BriefListItem key={brief.slug} brief={brief} />
          ))}
        </ul>
      ) : (
        <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
          <p>No briefs match these filters.</p>
          {params.severity.length ? (
            <Link href="/" className="mt-2 inline-block underline underline-offset-2">
              Clear filters
            </Link>
          ) : (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              Nothing ingested yet: see <Link href="/status" className="underline">feed status</Link>.
            </p>
          )}
        </div>
      )}
      <Pagination params={params} pageCount={pageCount} />
    </div>
  );
}
