import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { techniqueLabel } from "@/lib/attack/catalog";
import { briefListHref } from "@/lib/briefs/list-href";
import { detectionCoverage } from "@/lib/detections/coverage";
import { listDetections, listLogSources } from "@/lib/detections/queries";
import { RULE_LIBRARIES, isRuleLibraryName } from "@/lib/rule-libraries/rule-sources";
import { DETECTION_LEVELS } from "@/lib/detections/types";
import { detectionListHref, parseDetectionListParams } from "@/lib/detections/validations";
import { requirePage } from "@/lib/auth/access";

type DetectionsPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export const metadata: Metadata = { title: "Detections", alternates: { canonical: "/detections" } };

export default async function DetectionsPage({ searchParams }: DetectionsPageProps) {
  await connection();
  await requirePage("detections");
  const params = parseDetectionListParams(await searchParams);
  const [detections, logSources, coverage] = await Promise.all([
    listDetections(params),
    listLogSources(),
    detectionCoverage(),
  ]);
  const withoutRule = coverage.briefs - coverage.withRule;
  const filterLink = "rounded-full border px-3 py-1 text-sm";
  const on = "border-slate-900 bg-slate-900 text-white dark:border-slate-100 dark:bg-slate-100 dark:text-slate-900";
  const off = "border-slate-400 hover:border-slate-700 dark:border-slate-500";

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Detections</h1>
      <section
        aria-label="Coverage"
        className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
      >
        <p>
          <strong>
            {coverage.withRule} of {coverage.briefs} briefs have a rule
          </strong>
          ; {coverage.withEverySiem} have a query for every SIEM.{" "}
          {withoutRule > 0 ? (
            <Link href={briefListHref({ rule: "none" })} className="underline underline-offset-2">
              {withoutRule === 1 ? "The brief" : `The ${withoutRule} briefs`} without a rule
            </Link>
          ) : null}
        </p>
      </section>
      <nav aria-label="Filter by level" className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium">Level:</span>
        {DETECTION_LEVELS.map((level) => {
          const selected = params.level.includes(level);
          const next = selected ? params.level.filter((value) => value !== level) : [...params.level, level];
          return (
            <Link
              key={level}
              href={detectionListHref({ ...params, level: next })}
              aria-current={selected ? "true" : undefined}
              className={`${filterLink} ${selected ? on : off}`}
            >
              {level}
            </Link>
          );
        })}
      </nav>
      <nav aria-label="Filter by log source" className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium">Log source:</span>
        {logSources.map((source) => {
          const selected = params.logsource === source;
          return (
            <Link
              key={source}
              href={detectionListHref({ ...params, logsource: selected ? undefined : source })}
              aria-current={selected ? "true" : undefined}
              className={`${filterLink} ${selected ? on : off}`}
            >
              {source}
            </Link>
          );
        })}
        {params.technique ? (
          <Link
            href={detectionListHref({ ...params, technique: undefined })}
            className={`${filterLink} ${on}`}
            aria-label={`Remove filter technique ${params.technique}`}
          >
            {techniqueLabel(params.technique)} ×
          </Link>
        ) : null}
      </nav>
      {detections.length ? (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-700">
              <th scope="col" className="py-1 pr-3">
                Rule
              </th>
              <th scope="col" className="py-1 pr-3">
                Level
              </th>
              <th scope="col" className="py-1 pr-3">
                Log source
              </th>
              <th scope="col" className="py-1 pr-3">
                Techniques
              </th>
              <th scope="col" className="py-1 pr-3">
                Source
              </th>
              <th scope="col" className="py-1">
                Briefs
              </th>
            </tr>
          </thead>
          <tbody>
            {detections.map((detection) => (
              <tr key={detection.id} className="border-b border-slate-100 align-top dark:border-slate-800">
                <td className="py-1 pr-3">
                  <Link href={`/detections/${detection.id}`} className="underline underline-offset-2">
                    {detection.title}
                  </Link>
                  {detection.retiredAt ? (
                    <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs dark:bg-slate-700">retired</span>
                  ) : null}
                </td>
                <td className="py-1 pr-3">{detection.level ?? "—"}</td>
                <td className="py-1 pr-3">
                  {[detection.logsource.product, detection.logsource.service].filter(Boolean).join("/") || "—"}
                </td>
                <td className="py-1 pr-3">
                  {detection.techniques.map((technique) => (
                    <Link
                      key={technique}
                      href={detectionListHref({ ...params, technique })}
                      className="mr-2 block underline underline-offset-2"
                    >
                      {techniqueLabel(technique)}
                    </Link>
                  ))}
                </td>
                <td className="py-1 pr-3">
                  {detection.origin && isRuleLibraryName(detection.origin)
                    ? RULE_LIBRARIES[detection.origin].label
                    : detection.source === "bundled"
                      ? "Bundled"
                      : "Imported"}
                </td>
                <td className="py-1">{detection.briefCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>
          No detections match. The rule libraries arrive with <code>npm run rules:sync</code> (or on the server&apos;s
          schedule); see their state on{" "}
          <Link href="/status" className="underline underline-offset-2">
            /status
          </Link>
          .
        </p>
      )}
    </div>
  );
}
