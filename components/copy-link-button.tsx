"use client";

import { useState } from "react";

export type CopyLinkButtonProps = { url: string };

/** Copies the page's canonical link, and says so where a screen reader hears it. */
export function CopyLinkButton({ url }: CopyLinkButtonProps) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={copy} className="rounded border border-slate-400 px-2 py-1 text-sm hover:border-slate-600 dark:border-slate-500">
        Copy link
      </button>
      <span role="status" className="text-sm">
        {status === "copied" ? "Link copied" : status === "failed" ? `Copy this link: ${url}` : ""}
      </span>
    </span>
  );
}
