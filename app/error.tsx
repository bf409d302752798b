"use client";

import { useEffect } from "react";

type ErrorPageProps = { error: Error & { digest?: string }; reset: () => void };

export default function ErrorPage({ error, reset }: ErrorPageProps) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="space-y-3">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p>This page could not be shown. {error.digest ? `Reference: ${error.digest}.` : null}</p>
      <button type="button" onClick={reset} className="rounded border border-slate-400 px-3 py-1">
        Try again
      </button>
    </div>
  );
}
