import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { SetupForm } from "@/components/auth/setup-form";
import { setupTokenIsValid } from "@/lib/auth/setup";

export const metadata: Metadata = { title: "Create the first admin", robots: { index: false } };

type SetupPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The one-time setup link's page: it works while no user exists, and only with a token the server printed. */
export default async function SetupPage({ searchParams }: SetupPageProps) {
  await connection();
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  const valid = await setupTokenIsValid(token);
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">Create the first admin</h1>
      {valid ? (
        <SetupForm token={token} />
      ) : (
        <p>
          This setup link has been used or is not valid. <Link href="/sign-in">Sign in</Link> instead.
        </p>
      )}
    </div>
  );
}
