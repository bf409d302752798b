"use client";

import { useState } from "react";

export type CopyButtonProps = { text: string; label: string; copiedMessage?: string; failedMessage?: string };

/** Copies text and says so where a screen reader hears it. */
export function CopyButton({
  text,
  label,
  copiedMessage = "Copied",
  failedMessage = "Copy failed: select the text instead",
}: CopyButtonProps) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={() => void copy()}
        className="rounded border border-slate-400 px-2 py-1 text-sm hover:border-slate-600 dark:border-slate-500"
      >
        {label}
      </button>
      <span role="status" className="text-sm">
        {status === "copied" ? copiedMessage : status === "failed" ? failedMessage : ""}
      </span>
    </span>
  );
}
