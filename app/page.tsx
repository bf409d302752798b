import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { ActiveFilters } from "@/components/active-filters";
import { BriefListItem } from "@/components/brief-list-item";
import { FilterBar } from "@/components/filter-bar";
import { Pagination } from "@/components/pagination";
import { SubscribeLinks } from "@/components/subscribe-links";
import { briefListHref, feedHrefs } from "@/lib/briefs/list-href";
import { listBriefs, listFilterOptions, listTagOptions } from "@/lib/briefs/queries";
import { tagLabelsFor } from "@/lib/briefs/tag-labels";
import { describeFilters, hasFilters, parseBriefListParams, type SearchParamsRecord } from "@/lib/briefs/validations";
import { callerVerdict, requirePage } from "@/lib/auth/access";
import { StatusFilter } from "@/components/triage/status-filter";
import { triageFiltersFor } from "@/lib/triage/list-filters";
import { countBriefsByState, possibleAssignees, triageOfBriefs } from "@/lib/triage/queries";
import { BulkTriageForm } from "@/components/triage/bulk-triage-form";
import { readFlash } from "@/lib/auth/flash";
import { FlashMessage } from "@/components/auth/flash-message";
import { triageVersionsOf } from "@/lib/triage/bulk";
import { bulkSelectionValue } from "@/lib/triage/bulk-form";

/** The bulk form's id, which each row's checkbox names. */
const BULK_FORM = "bulk-triage";

type BriefListPageProps = { searchParams: Promise<SearchParamsRecord> };

export async function generateMetadata({ searchParams }: BriefListPageProps): Promise<Metadata> {
  const caller = await requirePage("briefs");
  const params = triageFiltersFor(parseBriefListParams(await searchParams), caller).shown;
  const title = describeFilters(params, tagLabelsFor(await listTagOptions(), params.tag));
  const feeds = feedHrefs(params);
  // The layout's title template skips its own segment, and this page shares it.
  return {
    title: { absolute: `${title} — Threat Briefs` },
    alternates: {
      canonical: briefListHref({ ...params }),
      types: {
        "application/rss+xml": [{ url: feeds.rss, title: `${title} (RSS)` }],
        "application/feed+json": [{ url: feeds.json, title: `${title} (JSON Feed)` }],
      },
    },
    openGraph: { title },
  };
}

export default async function BriefListPage({ searchParams }: BriefListPageProps) {
  await connection();
  const caller = await requirePage("briefs");
  // `params` is the view as its link says (assignee=me); `query` what is read for this caller.
  const search = await searchParams;
  const { shown: params, query } = triageFiltersFor(parseBriefListParams(search), caller);
  const seesTriage = callerVerdict(caller, "triageRead") === "allow";
  const [{ briefs, total, pageCount, severityCounts }, options, stateCounts] = await Promise.all([
    listBriefs(query),
    listFilterOptions(),
    seesTriage ? countBriefsByState(query) : null,
  ]);
  const rowTriage = seesTriage ? await triageOfBriefs(briefs.map((brief) => brief.slug)) : null;
  // Bulk actions only for those who may change triage from a browser; the server checks again on post.
  const bulk =
    caller.kind === "user" && callerVerdict(caller, "triage") === "allow" && briefs.length
      ? {
          versions: await triageVersionsOf(briefs.map((brief) => brief.slug)),
          assignees: await possibleAssignees(),
        }
      : null;
  // A shared link can outlive its page (fewer briefs match now): show the last page there is.
  if (params.page > pageCount) redirect(briefListHref({ ...params, page: pageCount }));
  const tagLabels = tagLabelsFor(options.tagOptions, params.tag);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">
          {hasFilters(params) ? describeFilters(params, tagLabels) : "Threat briefs"}
        </h1>
        <p className="text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
          {total} {total === 1 ? "brief" : "briefs"}
        </p>
      </div>
      <FilterBar
        params={params}
        severityCounts={severityCounts}
        tactics={options.tactics}
        platforms={options.platforms}
        topics={options.topics}
        types={options.types}
      />
      {stateCounts ? <StatusFilter params={params} counts={stateCounts} /> : null}
      <ActiveFilters params={params} tagLabels={tagLabels} />
      <FlashMessage flash={readFlash(search)} />
      {bulk ? (
        <BulkTriageForm id={BULK_FORM} action={briefListHref(params, "/api/triage/bulk")} assignees={bulk.assignees} />
      ) : null}
      {briefs.length ? (
        <ul
          aria-label="Briefs"
          className="rounded-lg border border-slate-200 bg-white px-4 dark:border-slate-800 dark:bg-slate-900"
        >
          {briefs.map((brief) => (
            <BriefListItem
              key={brief.slug}
              brief={brief}
              triage={
                rowTriage
                  ? (rowTriage.get(brief.slug) ?? { state: "new", assignee: null, updatedSinceDecision: false })
                  : undefined
              }
              selection={
                bulk
                  ? { form: BULK_FORM, value: bulkSelectionValue(brief.slug, bulk.versions.get(brief.slug) ?? 0) }
                  : undefined
              }
            />
          ))}
        </ul>
      ) : (
        <div className="rounded-lg border border-dashed border-slate-400 p-8 text-center dark:border-slate-600">
          <p>No briefs match these filters.</p>
          {hasFilters(params) ? (
            <Link href={briefListHref({})} className="mt-2 inline-block underline underline-offset-2">
              Clear filters
            </Link>
          ) : (
            <p className="mt-2 text-sm">
              Nothing ingested yet: see{" "}
              <Link href="/status" className="underline">
                feed status
              </Link>
              .
            </p>
          )}
        </div>
      )}
      <Pagination params={params} pageCount={pageCount} />
      <SubscribeLinks params={params} withTriageExport={seesTriage} />
    </div>
  );
}
