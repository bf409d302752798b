import type { ReactNode } from "react";
import { formatRunDuration, formatRunTime } from "@/lib/format/run-times";

type Run = {
  id: string;
  trigger: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
};

export type RunTableProps<R extends Run> = {
  caption: string;
  runs: R[];
  /** The columns a kind of run has beyond time, trigger, outcome, duration and error. */
  columns: { header: string; cell: (run: R) => ReactNode }[];
};

/** Recent runs (feed ingests, rule library syncs) as /status lists them, newest first. */
export function RunTable<R extends Run>({ caption, runs, columns }: RunTableProps<R>) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 dark:border-slate-700">
            {["Started", "Trigger", "Outcome", ...columns.map((column) => column.header), "Duration"].map((header) => (
              <th key={header} scope="col" className="py-1 pr-3">
                {header}
              </th>
            ))}
            <th scope="col" className="py-1">
              Error
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
              <td className="py-1 pr-3 whitespace-nowrap">{formatRunTime(run.startedAt)}</td>
              <td className="py-1 pr-3">{run.trigger}</td>
              <td className="py-1 pr-3">{run.status}</td>
              {columns.map((column) => (
                <td key={column.header} className="py-1 pr-3 break-all">
                  {column.cell(run)}
                </td>
              ))}
              <td className="py-1 pr-3">{formatRunDuration(run.startedAt, run.finishedAt)}</td>
              <td className="py-1 break-all">{run.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
