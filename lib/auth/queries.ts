import "server-only";
import { z } from "zod";
import { authDb } from "@/lib/db";

/** The users page: everyone, with how they sign in. */
export async function listUsers() {
  const users = await authDb.user.findMany({
    orderBy: { email: "asc" },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      kind: true,
      disabledAt: true,
      lastSignInAt: true,
      createdAt: true,
      accounts: { select: { providerId: true } },
    },
  });
  return users.map(({ accounts, ...user }) => ({ ...user, methods: accounts.map((account) => account.providerId) }));
}

export async function listSessions(userId: string) {
  return authDb.session.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, updatedAt: true, expiresAt: true, ipAddress: true, userAgent: true },
  });
}

export async function hasPassword(userId: string): Promise<boolean> {
  return (await authDb.account.count({ where: { userId, providerId: "credential" } })) > 0;
}

const PAGE_SIZE = 50;
const text = z.string().trim().max(200).optional().catch(undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/** The audit page's filters, from its URL; a bad value falls back to no filter. */
export const auditFilterSchema = z.object({
  action: text,
  outcome: z.enum(["success", "failure", "denied"]).optional().catch(undefined),
  actor: text,
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export async function listAuditEvents(filter: AuditFilter) {
  const where = {
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(filter.actor ? { actorEmail: { contains: filter.actor.toLowerCase() } } : {}),
    ...(filter.from || filter.to
      ? {
          at: {
            ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
            ...(filter.to ? { lt: new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
          },
        }
      : {}),
  };
  const [events, total, actions] = await Promise.all([
    authDb.auditEvent.findMany({
      where,
      orderBy: { at: "desc" },
      skip: (filter.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    authDb.auditEvent.count({ where }),
    authDb.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  return {
    events,
    total,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    actions: actions.map((row) => row.action),
  };
}
