"use client";

import { useState, type FormEvent } from "react";

export type SetupFormProps = { token: string };

/** Creates the first admin through the one-time setup link, then sends them to sign in. */
export function SetupForm({ token }: SetupFormProps) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/setup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          token,
          email: form.get("email"),
          name: form.get("name"),
          password: form.get("password"),
        }),
      });
      if (response.ok) {
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load: with the first account the server's access rules changed for every page
        window.location.assign("/sign-in");
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      setError(body.error ?? "The admin could not be created.");
    } catch {
      setError("The server could not be reached.");
    } finally {
      setPending(false);
    }
  }

  const field = "mt-1 w-full rounded border border-slate-400 bg-white px-2 py-1 dark:bg-slate-900";
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-3" aria-label="Create the first admin">
      <label className="block">
        <span className="block text-sm font-medium">Email</span>
        <input name="email" type="email" autoComplete="username" required className={field} />
      </label>
      <label className="block">
        <span className="block text-sm font-medium">Name</span>
        <input name="name" type="text" autoComplete="name" className={field} />
      </label>
      <label className="block">
        <span className="block text-sm font-medium">Password (at least 12 characters, not a common one)</span>
        <input name="password" type="password" autoComplete="new-password" minLength={12} required className={field} />
      </label>
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-slate-900 px-3 py-1.5 text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900"
      >
        {pending ? "Creating…" : "Create the admin"}
      </button>
    </form>
  );
}
