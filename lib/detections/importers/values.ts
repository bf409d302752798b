/** Small readers for values that come out of YAML or TOML, where any key may hold anything. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A non-empty trimmed string, or null for anything else. */
export function optionalText(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** Sigma lets list fields such as `falsepositives` be one string or a list; both become a list. */
export function textList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map(optionalText).filter((item): item is string => item !== null);
}

export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}
