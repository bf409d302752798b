import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ActiveFilters } from "@/components/active-filters";
import { coverageLinks } from "@/lib/coverage/links";
import { CoverageMatrix, SHADE_STYLES } from "@/components/coverage/coverage-matrix";
import { CoverageTable } from "@/components/coverage/coverage-table";
import { FilterBar } from "@/components/filter-bar";
import { ATTACK } from "@/lib/attack/catalog";
import { listFilterOptions, listTagOptions } from "@/lib/briefs/queries";
import { tagLabelsFor } from "@/lib/briefs/tag-labels";
import { describeFilters, hasFilters, type SearchParamsRecord } from "@/lib/briefs/validations";
import {
  MATRIX_VIEW_LABELS,
  MATRIX_VIEWS,
  coverageHref,
  matrixQuery,
  ruleScopeQuery,
  type CoverageParams,
  type RuleScope,
} from "@/lib/coverage/matrix-views";
import { countDeployedRules } from "@/lib/deployments/queries";
import { SIEMS, siemLabel } from "@/lib/deployments/validations";
import { shadeRanges } from "@/lib/coverage/model";
import { loadCoverage } from "@/lib/coverage/queries";
import { parseCoverageParams } from "@/lib/coverage/validations";
import { plural } from "@/lib/format/plural";
import { requirePage } from "@/lib/auth/access";

type CoveragePageProps = { searchParams: Promise<SearchParamsRecord> };

function viewTitle(params: CoverageParams, tagLabels: Record<string, string>): string {
  return hasFilters(params) ? `ATT&CK coverage — ${describeFilters(params, tagLabels)}` : "ATT&CK coverage";
}

export async function generateMetadata({ searchParams }: CoveragePageProps): Promise<Metadata> {
  await requirePage("coverage");
  const params = parseCoverageParams(await searchParams);
  const title = viewTitle(params, tagLabelsFor(await listTagOptions(), params.tag));
  return { title, alternates: { canonical: coverageHref(params) }, openGraph: { title } };
}

const viewLink = "rounded-full border px-3 py-1 text-sm";
const viewOn = "border-slate-900 bg-slate-900 text-white dark:border-slate-100 dark:bg-slate-100 dark:text-slate-900";
const viewOff = "border-slate-400 hover:border-slate-700 dark:border-slate-500";

export default async function CoveragePage({ searchParams }: CoveragePageProps) {
  await connection();
  await requirePage("coverage");
  const params = parseCoverageParams(await searchParams);
  const [{ model, total, severityCounts }, options, deployedRules] = await Promise.all([
    loadCoverage(params),
    listFilterOptions(),
    params.rulesFrom === "deployed" ? countDeployedRules(params.siem) : Promise.resolve(null),
  ]);
  // What "a rule detects it" means in this view: a rule in the library, or one the team runs.
  const ruleWords =
    params.rulesFrom === "deployed"
      ? params.siem
        ? `rule deployed to ${siemLabel(params.siem)}`
        : "deployed rule"
      : "rule in use";
  const scopes: { scope: RuleScope; label: string }[] = [
    { scope: { rulesFrom: "library", siem: null }, label: "Rules in the library" },
    { scope: { rulesFrom: "deployed", siem: null }, label: "Deployed rules" },
    ...SIEMS.map((siem) => ({ scope: { rulesFrom: "deployed" as const, siem }, label: `Deployed to ${siemLabel(siem)}` })),
  ];
  const tagLabels = tagLabelsFor(options.tagOptions, params.tag);
  const links = coverageLinks(params);
  const listParams = { ...params, sort: "newest" as const, page: 1 };
  const extraQuery = { ...matrixQuery(params.matrix), ...ruleScopeQuery(params) };
  const everyRow = [...model.rows, ...model.retired];
  const described = everyRow.filter((row) => row.briefs > 0).length;
  const gaps = everyRow.filter((row) => row.gap).length;
  const detected = everyRow.filter((row) => row.rules > 0).length;
  const exportHref = (pathname: string, extra: Record<string, string> = {}) => coverageHref(params, pathname, extra);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">{viewTitle(params, tagLabels)}</h1>
        <p className="text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
          {plural(total, "brief")}
        </p>
      </div>
      <p className="text-sm">
        <strong>{plural(described, "technique")}</strong> described, <strong>{plural(gaps, "gap")}</strong> (briefs, no {ruleWords}),{" "}
        {plural(detected, "technique")} detected by {params.rulesFrom === "deployed" ? "deployed rules" : "rules"}.
      </p>
      <nav aria-label="Rules counted" className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium">Rules:</span>
        {scopes.map(({ scope, label }) => {
          const current = params.rulesFrom === scope.rulesFrom && params.siem === scope.siem;
          return (
            <Link
              key={label}
              href={coverageHref({ ...params, ...scope })}
              aria-current={current ? "true" : undefined}
              className={`${viewLink} ${current ? viewOn : viewOff}`}
            >
              {label}
            </Link>
          );
        })}
      </nav>
      {deployedRules === 0 ? (
        <p role="note" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          No rule is marked deployed{params.siem ? ` to ${siemLabel(params.siem)}` : ""} yet, so every technique the briefs describe is a
          gap here. To start, open a rule (on a brief&apos;s page or under{" "}
          <Link href="/detections" className="underline underline-offset-2">
            Detections
          </Link>
          ) and use &ldquo;Mark deployed&rdquo; for the SIEM you run it in.
        </p>
      ) : null}
      <FilterBar
        params={listParams}
        severityCounts={severityCounts}
        tactics={options.tactics}
        platforms={options.platforms}
        topics={options.topics}
        types={options.types}
        pathname="/coverage"
        extraQuery={extraQuery}
        sortable={false}
      />
      <ActiveFilters params={listParams} tagLabels={tagLabels} pathname="/coverage" extraQuery={extraQuery} />
      {/* One row that scrolls sideways on a phone, so the matrix starts on the first screen. */}
      <nav aria-label="Matrix view" className="-mx-4 flex items-center gap-2 overflow-x-auto px-4 pb-1 whitespace-nowrap sm:mx-0 sm:flex-wrap sm:px-0 sm:whitespace-normal">
        <span className="text-sm font-medium">Show:</span>
        {MATRIX_VIEWS.map((view) => (
          <Link
            key={view}
            href={coverageHref({ ...params, matrix: view })}
            aria-current={params.matrix === view ? "true" : undefined}
            className={`${viewLink} ${params.matrix === view ? viewOn : viewOff}`}
          >
            {view === "touched" ? MATRIX_VIEW_LABELS[view] : `Whole matrix: ${MATRIX_VIEW_LABELS[view]}`}
          </Link>
        ))}
      </nav>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs" aria-label="Legend" role="note">
        <span className="font-medium">Briefs:</span>
        {shadeRanges(model.maxBriefs).map((range) => (
          <span key={range.shade} className="inline-flex items-center gap-1">
            <span className={`inline-block size-3 rounded-sm border border-slate-400 ${SHADE_STYLES[range.shade]}`} aria-hidden="true" />
            {range.from === range.to ? range.from : `${range.from}–${range.to}`}
          </span>
        ))}
        <span className="inline-flex items-center gap-1">
          <span className="inline-block size-3 rounded-sm border-2 border-dashed border-red-700 dark:border-red-400" aria-hidden="true" />
          Gap: briefs and no {ruleWords}
        </span>
        <span>Badge: the highest severity among the briefs</span>
      </div>


      <CoverageMatrix model={model} links={links} />
      <p className="text-xs">
        A brief describes the techniques its text or categories cite and those the rules it links to detect; a technique counts its sub-techniques
        too. Rules count while in use (not retired).
      </p>

      {model.retired.length ? (
        <section aria-labelledby="retired-techniques" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h2 id="retired-techniques" className="text-lg font-semibold">
            Cited, but not in ATT&CK v{ATTACK.version}&apos;s matrix
          </h2>
          <p className="text-sm">Revoked or deprecated techniques, and IDs ATT&CK never had, that briefs or rules here still name.</p>
          <CoverageTable rows={model.retired} links={links} caption="Techniques not in the matrix" />
        </section>
      ) : null}

      <details className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
        <summary className="cursor-pointer font-medium">Coverage as a table</summary>
        <p className="mt-2">Every technique above that briefs describe or rules detect, most described first.</p>
        <CoverageTable rows={model.rows.filter((row) => row.briefs > 0 || row.rules > 0)} links={links} caption="Coverage by technique" />
      </details>

      <section aria-labelledby="coverage-exports" className="space-y-1 text-sm">
        <h2 id="coverage-exports" className="font-semibold">
          Export this view
        </h2>
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          <li>
            <a href={exportHref("/coverage/layer.json", { of: "briefs" })} download className="underline underline-offset-2">
              ATT&CK Navigator layer of briefs
            </a>
          </li>
          <li>
            <a href={exportHref("/coverage/layer.json", { of: "deployed" })} download className="underline underline-offset-2">
              ATT&CK Navigator layer of deployed rules (gaps marked)
            </a>
          </li>
          <li>
            <a href={exportHref("/coverage/layer.json", { of: "rules" })} download className="underline underline-offset-2">
              ATT&CK Navigator layer of rules (gaps marked)
            </a>
          </li>
          <li>
            <a href={exportHref("/coverage.csv")} download className="underline underline-offset-2">
              CSV
            </a>
          </li>
        </ul>
      </section>
      <p className="text-xs text-slate-700 dark:text-slate-300">
        MITRE ATT&CK® Enterprise v{ATTACK.version}. {ATTACK.notice}
      </p>
    </div>
  );
}
