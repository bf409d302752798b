import type { Metadata } from "next";
import { connection } from "next/server";
import { FlashMessage } from "@/components/auth/flash-message";
import { NewTokenForm } from "@/components/auth/new-token-form";
import { DateTime } from "@/components/ui/date-time";
import { requirePage } from "@/lib/auth/access";
import { listApiTokens, TOKEN_SCOPES } from "@/lib/auth/api-tokens";
import { readFlash } from "@/lib/auth/flash";
import { hasPassword, listSessions } from "@/lib/auth/queries";
import { ROLE_LABELS } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Your account", robots: { index: false } };

type AccountPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const button = "rounded border border-slate-400 px-2 py-0.5 text-sm hover:border-slate-700 dark:border-slate-500";
const field = "rounded border border-slate-400 bg-white px-2 py-1 dark:bg-slate-900";

/** The signed-in user's own page: who they are, their password, their sessions and their tokens. */
export default async function AccountPage({ searchParams }: AccountPageProps) {
  await connection();
  const caller = await requirePage("account");
  if (caller.kind !== "user") return <p>Sign in with a browser to manage your account.</p>;
  const { viewer } = caller;
  const [sessions, tokens, local] = await Promise.all([
    listSessions(viewer.userId),
    listApiTokens(viewer.userId),
    hasPassword(viewer.userId),
  ]);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold">Your account</h1>
      <FlashMessage flash={readFlash(await searchParams)} />
      <p>
        {viewer.name} ({viewer.email}), {ROLE_LABELS[viewer.role]}.
      </p>

      {local ? (
        <section aria-labelledby="password-heading" className="space-y-2">
          <h2 id="password-heading" className="text-lg font-semibold">
            Password
          </h2>
          <form method="post" action="/api/account/password" className="flex flex-wrap items-end gap-3">
            <label className="block">
              <span className="block text-sm font-medium">Current password</span>
              <input name="current" type="password" autoComplete="current-password" required className={field} />
            </label>
            <label className="block">
              <span className="block text-sm font-medium">New password (12+ characters)</span>
              <input
                name="next"
                type="password"
                autoComplete="new-password"
                minLength={12}
                required
                className={field}
              />
            </label>
            <button type="submit" className={button}>
              Change password
            </button>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="sessions-heading" className="space-y-2">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Sessions
        </h2>
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">Address</th>
              <th scope="col">Browser</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>
                  <DateTime date={session.createdAt} />
                </td>
                <td>
                  <DateTime date={session.updatedAt} />
                </td>
                <td>{session.ipAddress ?? "–"}</td>
                <td className="max-w-xs truncate">{session.userAgent ?? "–"}</td>
                <td>
                  {session.id === viewer.sessionId ? (
                    "This browser"
                  ) : (
                    <form method="post" action="/api/account/sessions">
                      <input type="hidden" name="session" value={session.id} />
                      <button type="submit" className={button}>
                        End
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="post" action="/api/account/sessions">
          <button type="submit" className={button}>
            End all other sessions
          </button>
        </form>
      </section>

      <section aria-labelledby="tokens-heading" className="space-y-2">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          API and feed tokens
        </h2>
        <NewTokenForm scopes={TOKEN_SCOPES} />
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scopes</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{token.scopes}</td>
                <td>
                  <DateTime date={token.expiresAt} />
                </td>
                <td>
                  <DateTime date={token.lastUsedAt} />
                </td>
                <td>
                  {token.revokedAt ? (
                    "revoked"
                  ) : (
                    <form method="post" action="/api/account/tokens/revoke">
                      <input type="hidden" name="token" value={token.id} />
                      <button type="submit" className={button}>
                        Revoke
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
