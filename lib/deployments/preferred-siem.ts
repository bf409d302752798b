import "server-only";
import { authDb } from "@/lib/db";
import { isSiem, type Siem } from "@/lib/deployments/validations";

/**
 * The SIEM tab a signed-in user last chose on a rule panel, kept on the account so it follows her
 * to another browser. Kept with the auth tables' client: a preference is not data the pages share,
 * so it leaves the shared-page cache's data version alone.
 */
export async function preferredSiem(userId: string): Promise<Siem | null> {
  const user = await authDb.user.findUnique({ where: { id: userId }, select: { preferredSiem: true } });
  return isSiem(user?.preferredSiem) ? user.preferredSiem : null;
}

export async function setPreferredSiem(userId: string, siem: Siem): Promise<void> {
  await authDb.user.update({ where: { id: userId }, data: { preferredSiem: siem } });
}
