import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache, type ReactNode } from "react";
import { BriefHtml } from "@/components/brief-html";
import { BriefListItem } from "@/components/brief-list-item";
import { CopyButton } from "@/components/copy-button";
import { FormattedDate } from "@/components/ui/formatted-date";
import { SeverityBadge } from "@/components/ui/severity-badge";
import { TagChip } from "@/components/ui/tag-chip";
import { briefHref } from "@/lib/briefs/list-href";
import { getBriefBySlug, listBriefRevisions, listRelatedBriefs, type BriefRevisionView } from "@/lib/briefs/queries";
import { SEVERITY_LABELS } from "@/lib/briefs/severity";
import { DetectionPanel } from "@/components/detections/detection-panel";
import { findCitedRuleNames } from "@/lib/detections/cited-rules";
import { normalizeRuleTitle } from "@/lib/detections/normalize-title";
import { listDetectionsForBrief } from "@/lib/detections/queries";
import { siteUrl } from "@/lib/site-url";
import { callerVerdict, requirePage, type Caller } from "@/lib/auth/access";
import { readFlash } from "@/lib/auth/flash";
import { TeamPanel } from "@/components/triage/team-panel";
import { BriefNotes } from "@/components/triage/brief-notes";
import { possibleAssignees, readTriage, triageHistory } from "@/lib/triage/queries";
import { deploymentFlash } from "@/lib/deployments/flash";
import { ruleSiemsOfBrief } from "@/lib/deployments/queries";
import { deploymentSummaryText, summarizeDeployments } from "@/lib/deployments/summary";

type BriefPageProps = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Metadata and the page ask for the same brief; read it once per request.
const loadBrief = cache(getBriefBySlug);

export async function generateMetadata({ params }: BriefPageProps): Promise<Metadata> {
  await requirePage("briefs");
  const brief = await loadBrief((await params).slug);
  if (!brief) return { title: "Brief not found" };
  const path = briefHref(brief.slug);
  const description = `${SEVERITY_LABELS[brief.severity]} severity. ${brief.summary}`;
  return {
    title: brief.title,
    description,
    alternates: { canonical: path },
    openGraph: {
      type: "article",
      title: brief.title,
      description,
      url: path,
      publishedTime: brief.publishedAt?.toISOString(),
    },
    twitter: { card: "summary_large_image", title: brief.title, description },
  };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = `section-${title.toLowerCase().replace(/\s+/g, "-")}`;
  return (
    <section className="space-y-2" aria-labelledby={headingId}>
      <h2 id={headingId} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function ChangeList({ changes, label }: { changes: string[]; label: string }) {
  if (!changes.length) return <p>Only details this page does not show (such as tags) changed.</p>;
  return (
    <ul className="list-disc space-y-0.5 pl-5" aria-label={label}>
      {changes.map((change, index) => (
        <li key={index}>{change}</li>
      ))}
    </ul>
  );
}

/** The latest update's changes, and every previous version behind a disclosure. Server-rendered; <details> needs no script. */
function BriefHistory({ revisions }: { revisions: BriefRevisionView[] }) {
  const [latest] = revisions;
  return (
    <section
      aria-labelledby="section-what-changed"
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="section-what-changed" className="text-base font-semibold">
        What changed
      </h2>
      <ChangeList changes={latest.changes} label="Changes in the latest update" />
      <details>
        <summary className="cursor-pointer underline-offset-2 hover:underline">
          Earlier versions ({revisions.length})
        </summary>
        <ol className="mt-3 space-y-3 border-l border-slate-200 pl-4 dark:border-slate-700">
          {revisions.map((revision) => (
            <li key={revision.id} className="space-y-1">
              <h3 className="font-medium">
                Version replaced <FormattedDate date={revision.capturedAt} />
              </h3>
              <p className="text-slate-700 dark:text-slate-300">
                Was {SEVERITY_LABELS[revision.severity].toLowerCase()} severity
                {revision.type ? `, ${revision.type}` : ""}: “{revision.title}”
              </p>
              <ChangeList changes={revision.changes} label="Changes in the version that replaced it" />
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}

/** Attack chain steps (numbered) or recommendations (bulleted), each step sanitized brief HTML. */
function StepList({ steps, ordered }: { steps: string[]; ordered: boolean }) {
  const List = ordered ? "ol" : "ul";
  return (
    <List className={`${ordered ? "list-decimal" : "list-disc"} space-y-2 pl-6`}>
      {steps.map((step, index) => (
        <li key={index}>
          <BriefHtml html={step} />
        </li>
      ))}
    </List>
  );
}

/**
 * The team panel's data, for those who may see it: the team's decisions are never shown to a
 * signed-out reader (not even with PUBLIC_READ), and only analysts get the forms.
 */
async function teamPanelData(caller: Caller, slug: string) {
  if (callerVerdict(caller, "triageRead") !== "allow") return null;
  const triage = await readTriage(slug);
  if (!triage) return null;
  const editable = caller.kind === "user" && callerVerdict(caller, "triage") === "allow";
  const [history, assignees, ruleSiems] = await Promise.all([
    triageHistory(triage.briefId),
    editable ? possibleAssignees() : Promise.resolve([]),
    ruleSiemsOfBrief(triage.briefId),
  ]);
  return {
    triage,
    history,
    editor: editable ? { email: caller.viewer.email, assignees } : null,
    deployedRules: deploymentSummaryText(summarizeDeployments(ruleSiems)),
  };
}

export default async function BriefPage({ params, searchParams }: BriefPageProps) {
  await connection();
  const caller = await requirePage("briefs");
  const brief = await loadBrief((await params).slug);
  if (!brief) notFound();
  const [related, origin, detections, revisions, team] = await Promise.all([
    listRelatedBriefs(brief),
    siteUrl(),
    listDetectionsForBrief(brief.id),
    listBriefRevisions(brief.id),
    teamPanelData(caller, brief.slug),
  ]);
  const shareUrl = new URL(briefHref(brief.slug), origin).href;
  const query = await searchParams;
  // A rule panel's form returns with its rule named; the team panel's without.
  const flash = deploymentFlash(query);
  const teamFlash = typeof query.rule === "string" ? null : readFlash(query);
  // The latest revision dates the update; briefs changed before revisions were kept fall back to updatedAt.
  const updatedAt =
    revisions.at(0)?.capturedAt ??
    (brief.updatedAt.getTime() - brief.firstSeenAt.getTime() > 1000 ? brief.updatedAt : null);
  const linkedTitles = new Set(detections.map((detection) => normalizeRuleTitle(detection.title)));
  const unlinkedCitations = findCitedRuleNames(brief.bodyText).filter(
    (name) => !linkedTitles.has(normalizeRuleTitle(name)),
  );

  return (
    <article className="space-y-6">
      <header className="space-y-3">
        <p>
          <Link href="/" className="text-sm underline underline-offset-2">
            ← All briefs
          </Link>
        </p>
        <h1 className="text-2xl font-bold leading-tight">{brief.title}</h1>
        <dl className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
          <div className="flex items-center gap-1">
            <dt className="sr-only">Severity</dt>
            <dd>
              <SeverityBadge severity={brief.severity} />
            </dd>
          </div>
          {brief.type ? (
            <div className="flex gap-1">
              <dt>Type:</dt>
              <dd className="capitalize">{brief.type}</dd>
            </div>
          ) : null}
          <div className="flex gap-1">
            <dt>Published:</dt>
            <dd>
              <FormattedDate date={brief.publishedAt} />
            </dd>
          </div>
          {updatedAt ? (
            <div className="flex gap-1">
              <dt>Updated:</dt>
              <dd>
                <FormattedDate date={updatedAt} />
              </dd>
            </div>
          ) : null}
        </dl>
        {revisions.length ? <BriefHistory revisions={revisions} /> : null}
        {brief.tags.length ? (
          <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
            {brief.tags.map((tag) => (
              <li key={tag.name}>
                <TagChip tag={tag} />
              </li>
            ))}
          </ul>
        ) : null}
        <div className="flex flex-wrap items-center gap-4 text-sm">
          <CopyButton
            text={shareUrl}
            label="Copy link"
            copiedMessage="Link copied"
            failedMessage={`Copy this link: ${shareUrl}`}
          />
          {brief.link ? (
            <a href={brief.link} rel="noopener noreferrer" target="_blank" className="underline underline-offset-2">
              Read the original brief
            </a>
          ) : null}
        </div>
      </header>

      {team ? <TeamPanel {...team} flash={teamFlash} /> : null}
      {team ? <BriefNotes briefId={team.triage.briefId} slug={brief.slug} /> : null}

      {brief.summaryHtml ? (
        <BriefHtml html={brief.summaryHtml} className="text-base leading-relaxed" />
      ) : (
        <p>{brief.summary}</p>
      )}

      {brief.attackChain.length ? (
        <Section title="Attack chain">
          <StepList steps={brief.attackChain} ordered />
        </Section>
      ) : null}

      {brief.impactHtml ? (
        <Section title="Impact">
          <BriefHtml html={brief.impactHtml} />
        </Section>
      ) : null}

      {brief.recommendations.length ? (
        <Section title="Recommendations">
          <StepList steps={brief.recommendations} ordered={false} />
        </Section>
      ) : null}

      <Section title="Detection">
        {detections.map((detection) => (
          <DetectionPanel
            key={detection.id}
            detection={detection}
            checklistKey={`triage:${brief.slug}:${detection.id}`}
            headingLevel={3}
            back={briefHref(brief.slug)}
            flash={flash}
          />
        ))}
        {unlinkedCitations.length ? (
          <div className="space-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
            <p>
              This brief cites the Sigma {unlinkedCitations.length === 1 ? "rule" : "rules"}{" "}
              {unlinkedCitations.map((name) => `“${name}”`).join(", ")}, not in this dashboard&apos;s library yet.
            </p>
            <p>
              The SigmaHQ and Elastic libraries are synced on a schedule (their last syncs are on{" "}
              <Link href="/status" className="underline underline-offset-2">
                /status
              </Link>
              ); <code>npm run rules:sync</code> syncs them now. Rules of your own:{" "}
              <code>npm run rules:import -- path/to/rules</code>, or map a rule to this brief in{" "}
              <code>data/detection-mapping.json</code>.
            </p>
          </div>
        ) : null}
        {!detections.length && !unlinkedCitations.length ? (
          <p className="text-sm">This brief names no detection rule, and none is mapped to it.</p>
        ) : null}
      </Section>

      {related.length ? (
        <Section title="Related briefs">
          <ul className="rounded-lg border border-slate-200 bg-white px-4 dark:border-slate-800 dark:bg-slate-900">
            {related.map((item) => (
              <BriefListItem key={item.slug} brief={item} headingLevel={3} />
            ))}
          </ul>
        </Section>
      ) : null}
    </article>
  );
}
