import { ImageResponse } from "next/og";
import { findTactic } from "@/lib/attack/tactics";
import { requirePage } from "@/lib/auth/access";
import { getBriefBySlug } from "@/lib/briefs/queries";
import { SEVERITY_LABELS, type Severity } from "@/lib/briefs/severity";

export const size = { width: 1200, height: 630 };
export const contentType = "image/png";
export const alt = "Threat brief preview: title, severity and ATT&CK tactics";

const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: "#b91c1c",
  high: "#c2410c",
  medium: "#b45309",
  low: "#0369a1",
  info: "#475569",
  unknown: "#475569",
};

/** The picture a chat or ticket shows for a shared brief link, only where the brief's page is open to its fetcher. */
export default async function BriefPreviewImage({ params }: { params: Promise<{ slug: string }> }) {
  await requirePage("briefs");
  const brief = await getBriefBySlug((await params).slug);
  const title = brief?.title ?? "Brief not found";
  const tactics = (brief?.tags ?? [])
    .filter((tag) => tag.kind === "tactic")
    .map((tag) => findTactic(tag.name))
    .filter((tactic) => tactic !== undefined);
  const severity = brief?.severity ?? "unknown";
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        padding: 64,
        background: "#0f172a",
        color: "#f8fafc",
      }}
    >
      <div style={{ display: "flex", alignItems: "center", gap: 24, fontSize: 32 }}>
        <div
          style={{
            display: "flex",
            padding: "8px 20px",
            borderRadius: 8,
            background: SEVERITY_COLOURS[severity],
            color: "#ffffff",
            fontWeight: 700,
            textTransform: "uppercase",
          }}
        >
          {SEVERITY_LABELS[severity]}
        </div>
        <div style={{ display: "flex", color: "#cbd5e1" }}>Threat brief</div>
      </div>
      <div style={{ display: "flex", fontSize: title.length > 80 ? 52 : 64, fontWeight: 700, lineHeight: 1.15 }}>
        {title.slice(0, 160)}
      </div>
      <div style={{ display: "flex", flexWrap: "wrap", gap: 16, fontSize: 28 }}>
        {tactics.map((tactic) => (
          <div
            key={tactic.id}
            style={{
              display: "flex",
              padding: "6px 16px",
              borderRadius: 999,
              border: "2px solid #fca5a5",
              color: "#fecaca",
            }}
          >
            {`${tactic.name} · ${tactic.id}`}
          </div>
        ))}
      </div>
    </div>,
    size,
  );
}
