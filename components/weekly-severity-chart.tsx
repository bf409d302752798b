import Link from "next/link";
import { briefListHref } from "@/lib/briefs/list-href";
import type { WeekBucket } from "@/lib/briefs/overview-queries";
import { SEVERITIES, SEVERITY_LABELS, type Severity } from "@/lib/briefs/severity";
import { axisTicks } from "@/lib/format/axis-ticks";
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
 * browser), on a count axis with each week's total above its bar. The table under it carries the
 * same numbers, with links, for keyboards and screen readers.
 */
export function WeeklySeverityChart({ weeks }: WeeklySeverityChartProps) {
  if (!weeks.length) return <p>No dated briefs yet.</p>;
  const ticks = axisTicks(Math.max(...weeks.map((week) => week.total)));
  const top = ticks.at(-1)!;
  const width = 720;
  const height = 220;
  // Room on the left for the axis labels, above for the bars' totals, below for the weeks.
  const axisWidth = 36;
  const headroom = 16;
  const barGap = 8;
  const barWidth = (width - axisWidth - barGap * (weeks.length - 1)) / weeks.length;
  const yOf = (count: number) => headroom + height - (count / top) * height;
  const shown = SEVERITIES.filter((severity) => weeks.some((week) => week.counts[severity] > 0));

  return (
    <figure className="space-y-3">
      <svg viewBox={`0 0 ${width} ${headroom + height + 24}`} className="h-auto w-full" aria-hidden="true">
        {ticks.map((tick) => (
          <g key={tick} data-chart="axis-tick">
            <line
              x1={axisWidth - 4}
              x2={width}
              y1={yOf(tick)}
              y2={yOf(tick)}
              className="stroke-slate-300 dark:stroke-slate-700"
              strokeWidth={1}
            />
            <text
              x={axisWidth - 8}
              y={yOf(tick) + 4}
              textAnchor="end"
              className="fill-slate-700 text-[11px] dark:fill-slate-300"
            >
              {tick}
            </text>
          </g>
        ))}
        {weeks.map((week, index) => {
          let y = yOf(0);
          const x = axisWidth + index * (barWidth + barGap);
          return (
            <g key={week.start.toISOString()}>
              {SEVERITIES.map((severity) => {
                const barHeight = (week.counts[severity] / top) * height;
                y -= barHeight;
                return barHeight > 0 ? (
                  <rect
                    key={severity}
                    x={x}
                    y={y}
                    width={barWidth}
                    height={barHeight}
                    className={SEGMENT_FILL[severity]}
                  />
                ) : null;
              })}
              {week.total > 0 ? (
                <text
                  data-chart="week-total"
                  x={x + barWidth / 2}
                  y={yOf(week.total) - 4}
                  textAnchor="middle"
                  className="fill-slate-900 text-[11px] font-semibold dark:fill-slate-100"
                >
                  {week.total}
                </text>
              ) : null}
              <text
                x={x + barWidth / 2}
                y={headroom + height + 18}
                textAnchor="middle"
                className="fill-slate-700 text-[11px] dark:fill-slate-300"
              >
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
              <th scope="col" className="pr-3">
                Week of
              </th>
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
                  <Link
                    href={briefListHref({ from: toIsoDay(week.start), to: toIsoDay(week.end) })}
                    className="underline underline-offset-2"
                  >
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
