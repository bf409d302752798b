import type { Flash } from "@/lib/auth/flash";

export type FlashMessageProps = { flash: Flash | null };

/** What the last form post did, as the page it returned to says it. */
export function FlashMessage({ flash }: FlashMessageProps) {
  if (!flash) return null;
  return (
    <p
      role={flash.kind === "error" ? "alert" : "status"}
      className={flash.kind === "error" ? "text-red-700 dark:text-red-300" : "text-green-800 dark:text-green-300"}
    >
      {flash.message}
    </p>
  );
}
