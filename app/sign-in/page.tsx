import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { PasswordSignInForm } from "@/components/auth/password-sign-in-form";
import { awaitingFirstAccount, currentViewer } from "@/lib/auth/access";
import { identityProviderReachable } from "@/lib/auth/oidc-status";
import { safeReturnPath } from "@/lib/auth/return-path";
import { readEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

type SignInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** What the identity provider's return or the SSO start said went wrong, in words. */
const SSO_ERRORS: Record<string, string> = {
  sso_unavailable: "Single sign-on could not start: the identity provider cannot be reached or is misconfigured.",
  account_not_linked:
    "An account with this email exists already and is not linked to single sign-on. An admin can help.",
  unable_to_get_user_info: "The identity provider's answer was refused (its ID token did not pass the checks).",
  invalid_code: "The identity provider's answer was refused.",
  please_restart_the_process: "The sign-in took too long or was replayed: start again.",
  state_mismatch: "The sign-in took too long or was replayed: start again.",
  unable_to_create_session: "This account is disabled.",
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The sign-in page: local accounts (unless LOCAL_LOGIN=0) and single sign-on (when OIDC_ISSUER is set). */
export default async function SignInPage({ searchParams }: SignInPageProps) {
  await connection();
  const query = await searchParams;
  const next = safeReturnPath(first(query.next));
  if (await currentViewer()) redirect(next);
  const env = readEnv();
  const sso = env.OIDC_ISSUER ? { name: env.OIDC_NAME, reachable: await identityProviderReachable() } : null;
  const errorCode = first(query.error);
  const error = errorCode
    ? (SSO_ERRORS[errorCode] ?? "Single sign-on failed: the identity provider's answer was refused.")
    : null;

  return (
    <div className="mx-auto max-w-sm space-y-5">
      <h1 className="text-2xl font-bold">Sign in</h1>
      {first(query["signed-out"]) ? <p role="status">You are signed out.</p> : null}
      {(await awaitingFirstAccount()) ? (
        <p>No account exists yet: create the first admin with the setup link printed when the server started.</p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      {sso ? (
        <section aria-labelledby="sso-heading" className="space-y-2">
          <h2 id="sso-heading" className="sr-only">
            Single sign-on
          </h2>
          {sso.reachable ? null : (
            <p role="alert" className="text-sm text-amber-800 dark:text-amber-200">
              {`${sso.name} cannot be reached right now.`}
              {env.LOCAL_LOGIN ? " Local accounts can still sign in below." : " Try again in a moment."}
            </p>
          )}
          <form method="post" action="/api/sso">
            <input type="hidden" name="next" value={next} />
            <button type="submit" className="w-full rounded bg-blue-700 px-3 py-2 text-white hover:bg-blue-800">
              {`Sign in with ${sso.name}`}
            </button>
          </form>
        </section>
      ) : null}
      {env.LOCAL_LOGIN ? (
        <section aria-labelledby="local-heading" className="space-y-2">
          <h2 id="local-heading" className="text-lg font-semibold">
            {sso ? "Local account" : "Email and password"}
          </h2>
          <PasswordSignInForm next={next} />
        </section>
      ) : null}
    </div>
  );
}
