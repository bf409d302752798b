import Link from "next/link";
import { briefListHref } from "@/lib/briefs/list-href";
import type { WeekBucket } from "@/lib/briefs/overview-queries";
import { SEVERITIES, SEVERITY_LABELS, type Severity } from "@/lib/briefs/severity";
import { toIsoDay } from "@/lib/utc-day";

export type WeeklySeverityChartProps = { weeks: WeekBucket[] };

// Same hues as the severity badges, so a colour means one thing across the app.
const SEGMENT_FILL: Record<Severity, string> = {
  critical: "fill-red-700",
  high: "fill-orange-700",
  medium: "fill-amber-400",
  low: "fill-sky-400",
  info: "fill-slate-400",
  unknown: "fill-slate-300",
};

const dayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

/**
 * Briefs per week stacked by severity, drawn on the server as SVG (no chart library shipped to the
 * browser). The table under it carries the same numbers, with links, for keyboards and screen readers.
 */
export function WeeklySeverityChart({ weeks }: WeeklySeverityChartProps) {
  if (!weeks.length) return <p>No dated briefs yet.</p>;
  const max = Math.max(1, ...weeks.map((week) => week.total));
  const width = 720;
  const height = 220;
  const barGap = 8;
  const barWidth = (width - barGap * (weeks.length - 1)) / weeks.length;
  const shown = SEVERITIES.filter((severity) => weeks.some((week) => week.counts[severity] > 0));

  return (
    <figure className="space-y-3">
      <svg viewBox={`0 0 ${width} ${height + 24}`} className="h-auto w-full" aria-hidden="true">
        {weeks.map((week, index) => {
          let y = height;
          const x = index * (barWidth + barGap);
          return (
            <g key={week.start.toISOString()}>
              {SEVERITIES.map((severity) => {
                const barHeight = (week.counts[severity] / max) * height;
                y -= barHeight;
                return barHeight > 0 ? <rect key={severity} x={x} y={y} width={barWidth} height={barHeight} className={SEGMENT_FILL[severity]} /> : null;
              })}
              <text x={x + barWidth / 2} y={height + 18} textAnchor="middle" className="fill-slate-700 text-[11px] dark:fill-slate-300">
                {dayMonth.format(week.start)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap gap-3 text-sm">
        {shown.map((severity) => (
          <span key={severity} className="inline-flex items-center gap-1">
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" className={SEGMENT_FILL[severity]} />
            </svg>
            {SEVERITY_LABELS[severity]}
          </span>
        ))}
      </figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer">Briefs per week as a table</summary>
        <table className="mt-2 w-full text-left">
          <thead>
            <tr>
              <th scope="col" className="pr-3">Week of</th>
              {shown.map((severity) => (
                <th key={severity} scope="col" className="pr-3">
                  {SEVERITY_LABELS[severity]}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.start.toISOString()}>
                <th scope="row" className="pr-3 font-normal">
                  {dayMonth.format(week.start)}
                </th>
                {shown.map((severity) => (
                  <td key={severity} className="pr-3">
                    {week.counts[severity]}
                  </td>
                ))}
                <td>
                  <Link href={briefListHref({ from: toIsoDay(week.start), to: toIsoDay(week.end) })} className="underline underline-offset-2">
                    {week.total}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
