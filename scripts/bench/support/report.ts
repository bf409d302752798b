/** The benchmark report: every target with its measurement, then each part's own table. */
import type { TargetCheck } from "@/scripts/bench/support/load-report";

export type ReportSection = {
  title: string;
  /** How it was measured, in a sentence or two. */
  method: string;
  table: string;
  notes?: string[];
  targets: TargetCheck[];
};

export type ReportContext = { measuredAt: string; machine: string; mode: "full" | "smoke" };

function escapeCell(value: string): string {
  return value.replaceAll("|", "\\|");
}

export function targetsTable(sections: readonly ReportSection[]): string {
  const rows = sections.flatMap((section) =>
    section.targets.map(
      (check) =>
        `| ${escapeCell(section.title)} | ${escapeCell(check.target)} | ${escapeCell(check.measured)} | ${check.met ? "met" : "**not met**"} |`,
    ),
  );
  return ["| part | target | measured | |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

export function renderReport(context: ReportContext, sections: readonly ReportSection[]): string {
  const missed = sections.flatMap((section) => section.targets).filter((check) => !check.met).length;
  const lines = [
    `# Benchmark report (${context.mode})`,
    "",
    `Measured ${context.measuredAt} on ${context.machine}. ${missed === 0 ? "Every target met." : `${missed} target(s) not met; the notes under each part say why.`}`,
    "",
    "## Targets",
    "",
    targetsTable(sections),
  ];
  for (const section of sections) {
    lines.push("", `## ${section.title}`, "", section.method, "", section.table);
    if (section.notes?.length) lines.push("", ...section.notes.map((note) => `- ${note}`));
  }
  return `${lines.join("\n")}\n`;
}
