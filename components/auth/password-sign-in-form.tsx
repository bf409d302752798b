"use client";

import { useState, type FormEvent } from "react";

export type PasswordSignInFormProps = { next: string };

const MESSAGES: Record<number, string> = {
  401: "Wrong email or password.",
  403: "This account is disabled, or the request was refused.",
};

/** Posts to better-auth's password sign-in; the server answers 401, 403 or 429 (with a wait) and sets the session cookie on success. */
export function PasswordSignInForm({ next }: PasswordSignInFormProps) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password"), rememberMe: true }),
      });
      if (response.ok) {
        window.location.assign(next);
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      setError(
        response.status === 429
          ? (body.message ?? "Too many attempts: wait a while.")
          : (MESSAGES[response.status] ?? "Sign-in failed."),
      );
    } catch {
      setError("The server could not be reached.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-3" aria-label="Sign in with email and password">
      <label className="block">
        <span className="block text-sm font-medium">Email</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 w-full rounded border border-slate-400 bg-white px-2 py-1 dark:bg-slate-900"
        />
      </label>
      <label className="block">
        <span className="block text-sm font-medium">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 w-full rounded border border-slate-400 bg-white px-2 py-1 dark:bg-slate-900"
        />
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
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
