import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { DetectionPanel } from "@/components/detections/detection-panel";
import { briefHref } from "@/lib/briefs/list-href";
import { getDetection, listBriefsForDetection } from "@/lib/detections/queries";
import { requirePage } from "@/lib/auth/access";
import { deploymentFlash } from "@/lib/deployments/flash";

type DetectionPageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const loadDetection = cache(getDetection);

export async function generateMetadata({ params }: DetectionPageProps): Promise<Metadata> {
  await requirePage("detections");
  const detection = await loadDetection((await params).id);
  if (!detection) return { title: "Detection not found" };
  return {
    title: detection.title,
    description: detection.description ?? undefined,
    alternates: { canonical: `/detections/${detection.id}` },
  };
}

export default async function DetectionPage({ params, searchParams }: DetectionPageProps) {
  await connection();
  await requirePage("detections");
  const detection = await loadDetection((await params).id);
  if (!detection) notFound();
  const briefs = await listBriefsForDetection(detection.id);
  return (
    <div className="space-y-4">
      <p>
        <Link href="/detections" className="text-sm underline underline-offset-2">
          ← All detections
        </Link>
      </p>
      <h1 className="text-2xl font-bold">Detection</h1>
      <DetectionPanel
        detection={detection}
        checklistKey={`triage:rule:${detection.id}`}
        headingLevel={2}
        back={`/detections/${encodeURIComponent(detection.id)}`}
        flash={deploymentFlash(await searchParams)}
      />
      <section aria-labelledby="briefs-citing" className="space-y-2">
        <h2 id="briefs-citing" className="text-lg font-semibold">
          Briefs that point to this rule
        </h2>
        {briefs.length ? (
          <ul className="list-disc pl-5">
            {briefs.map((brief) => (
              <li key={brief.slug}>
                <Link href={briefHref(brief.slug)} className="underline underline-offset-2">
                  {brief.title}
                </Link>{" "}
                <span className="text-sm">
                  (
                  {brief.reason === "cited"
                    ? "cites it by name"
                    : brief.reason === "title"
                      ? "same title"
                      : "mapping file"}
                  )
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm">No brief points to it yet.</p>
        )}
      </section>
    </div>
  );
}
