/** How Prisma writes a DateTime to SQLite, so rows written on a raw connection read back like its own and compare as text. */
export function sqliteDate(date: Date): string;
export function sqliteDate(date: Date | null): string | null;
export function sqliteDate(date: Date | null): string | null {
  return date === null ? null : date.toISOString().replace("Z", "+00:00");
}
