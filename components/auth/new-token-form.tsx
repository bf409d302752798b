"use client";

import { useState, type FormEvent } from "react";

export type NewTokenFormProps = {
  scopes: readonly string[];
  /** Where the token is made: the reader's own (default), or an admin's for a service account. */
  endpoint?: string;
  /** Sent with the request (the service account's id); also names the form for screen readers. */
  forUser?: { id: string; name: string };
};

/** Makes a token and shows it once; the server keeps only its hash. */
export function NewTokenForm({ scopes, endpoint = "/api/account/tokens", forUser }: NewTokenFormProps) {
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        ...(forUser ? { user: forUser.id } : {}),
        name: form.get("name"),
        kind: form.get("kind"),
        scopes: form.getAll("scope"),
        days: form.get("days") === "never" ? null : Number(form.get("days")),
      }),
    });
    const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
    if (response.ok && body.token) setToken(body.token);
    else setError(body.error ?? "The token could not be made.");
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="space-y-2"
      aria-label={forUser ? `New token for ${forUser.name}` : "New token"}
    >
      <div className="flex flex-wrap items-end gap-3">
        <label className="block">
          <span className="block text-sm font-medium">Name</span>
          <input
            name="name"
            required
            maxLength={100}
            className="rounded border border-slate-400 bg-white px-2 py-1 dark:bg-slate-900"
          />
        </label>
        <label className="block">
          <span className="block text-sm font-medium">Kind</span>
          <select name="kind" className="rounded border border-slate-400 bg-white px-2 py-1 dark:bg-slate-900">
            <option value="personal">Personal (Authorization header)</option>
            <option value="feed">Feed reader (RSS / JSON Feed URL)</option>
          </select>
        </label>
        <fieldset className="flex gap-2 text-sm">
          <legend className="text-sm font-medium">Scopes (personal)</legend>
          {scopes.map((scope) => (
            <label key={scope} className="flex items-center gap-1">
              <input type="checkbox" name="scope" value={scope} defaultChecked={scope === "read"} /> {scope}
            </label>
          ))}
        </fieldset>
        <label className="block">
          <span className="block text-sm font-medium">Expires</span>
          <select
            name="days"
            defaultValue="30"
            className="rounded border border-slate-400 bg-white px-2 py-1 dark:bg-slate-900"
          >
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="never">never</option>
          </select>
        </label>
        <button
          type="submit"
          className="rounded bg-slate-900 px-3 py-1 text-white dark:bg-slate-100 dark:text-slate-900"
        >
          Make token
        </button>
      </div>
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      {token ? (
        <p role="status" className="break-all">
          Copy it now, it is shown only once: <code data-testid="new-token">{token}</code>
        </p>
      ) : null}
    </form>
  );
}
