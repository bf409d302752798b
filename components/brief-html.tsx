export type BriefHtmlProps = { html: string; className?: string };

/**
 * Renders brief HTML. Only HTML that passed the ingest sanitizer is stored, and only brief body
 * sections come through here, never titles or attributes.
 */
export function BriefHtml({ html, className = "" }: BriefHtmlProps) {
  return <div className={`brief-html ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
