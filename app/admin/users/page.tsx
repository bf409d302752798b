import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { FlashMessage } from "@/components/auth/flash-message";
import { NewTokenForm } from "@/components/auth/new-token-form";
import { TOKEN_SCOPES } from "@/lib/auth/api-tokens";
import { DateTime } from "@/components/ui/date-time";
import { requirePage } from "@/lib/auth/access";
import { readFlash } from "@/lib/auth/flash";
import { listUsers } from "@/lib/auth/queries";
import { ROLE_LABELS, ROLES } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Users", robots: { index: false } };

type UsersPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const button = "rounded border border-slate-400 px-2 py-0.5 text-sm hover:border-slate-700 dark:border-slate-500";
const field = "rounded border border-slate-400 bg-white px-2 py-1 dark:bg-slate-900";

/** Admins: every user with role, last sign-in and state; change a role, disable, reset a password, add a user. */
export default async function UsersPage({ searchParams }: UsersPageProps) {
  await connection();
  await requirePage("admin");
  const users = await listUsers();
  return (
    <div className="space-y-6">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-bold">Users</h1>
        <span className="flex gap-4">
          <Link href="/admin/triage" className="underline underline-offset-2">
            Triage backlog
          </Link>
          <Link href="/admin/audit" className="underline underline-offset-2">
            Audit log
          </Link>
        </span>
      </div>
      <FlashMessage flash={readFlash(await searchParams)} />
      <table className="w-full text-left text-sm">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Sign-in</th>
            <th scope="col">Role</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className="border-t border-slate-200 align-top dark:border-slate-800">
              <td className="py-2">
                {user.name}
                <br />
                <span className="text-slate-600 dark:text-slate-300">{user.email}</span>
              </td>
              <td className="py-2">
                {user.kind === "service"
                  ? "service account (tokens only)"
                  : user.methods.map((method) => (method === "credential" ? "password" : "SSO")).join(", ")}
              </td>
              <td className="py-2">
                <form method="post" action="/api/admin/users/role" className="flex gap-1">
                  <input type="hidden" name="user" value={user.id} />
                  <label className="sr-only" htmlFor={`role-${user.id}`}>
                    {`Role of ${user.email}`}
                  </label>
                  <select id={`role-${user.id}`} name="role" defaultValue={user.role} className={field}>
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className={button}>
                    Set
                  </button>
                </form>
              </td>
              <td className="py-2">
                <DateTime date={user.lastSignInAt} />
              </td>
              <td className="space-y-1 py-2">
                <form method="post" action="/api/admin/users/disable">
                  <input type="hidden" name="user" value={user.id} />
                  <input type="hidden" name="disabled" value={user.disabledAt ? "0" : "1"} />
                  {user.disabledAt ? "Disabled " : "Active "}
                  <button type="submit" className={button}>
                    {user.disabledAt ? "Enable" : "Disable"}
                  </button>
                </form>
                <form method="post" action="/api/admin/users/sessions">
                  <input type="hidden" name="user" value={user.id} />
                  <button type="submit" className={button}>
                    End sessions
                  </button>
                </form>
                {user.methods.includes("credential") ? (
                  <form method="post" action="/api/admin/users/password" className="flex gap-1">
                    <input type="hidden" name="user" value={user.id} />
                    <label className="sr-only" htmlFor={`password-${user.id}`}>
                      {`New password for ${user.email}`}
                    </label>
                    <input
                      id={`password-${user.id}`}
                      name="password"
                      type="password"
                      autoComplete="new-password"
                      minLength={12}
                      placeholder="New password"
                      required
                      className={field}
                    />
                    <button type="submit" className={button}>
                      Reset
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="service-heading" className="space-y-2">
        <h2 id="service-heading" className="text-lg font-semibold">
          Service accounts
        </h2>
        <p className="text-sm">
          A SOAR or script acts under a service account, so its decisions carry its name and not a person&rsquo;s. It is
          an analyst with no password: nobody signs in as it; it works through the tokens made for it here.
        </p>
        {users
          .filter((user) => user.kind === "service" && !user.disabledAt)
          .map((user) => (
            <div key={user.id} className="space-y-1 border-t border-slate-200 pt-2 dark:border-slate-800">
              <h3 className="font-medium">{`Token for ${user.name} (${user.email})`}</h3>
              <NewTokenForm
                scopes={TOKEN_SCOPES}
                endpoint="/api/admin/users/tokens"
                forUser={{ id: user.id, name: user.name }}
              />
            </div>
          ))}
        <form method="post" action="/api/admin/users/service" className="flex flex-wrap items-end gap-3">
          <label className="block">
            <span className="block text-sm font-medium">Service account name</span>
            <input name="name" required maxLength={100} placeholder="SOAR" className={field} />
          </label>
          <button type="submit" className={button}>
            Add service account
          </button>
        </form>
      </section>

      <section aria-labelledby="add-heading" className="space-y-2">
        <h2 id="add-heading" className="text-lg font-semibold">
          Add a local user
        </h2>
        <form method="post" action="/api/admin/users/create" className="flex flex-wrap items-end gap-3">
          <label className="block">
            <span className="block text-sm font-medium">Email</span>
            <input name="email" type="email" required className={field} />
          </label>
          <label className="block">
            <span className="block text-sm font-medium">Name</span>
            <input name="name" className={field} />
          </label>
          <label className="block">
            <span className="block text-sm font-medium">Role</span>
            <select name="role" defaultValue="viewer" className={field}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className="block text-sm font-medium">First password</span>
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={12}
              required
              className={field}
            />
          </label>
          <button type="submit" className={button}>
            Add
          </button>
        </form>
      </section>
    </div>
  );
}
