/**
 * Where to go after signing in: a path on this site only. Anything that a browser could read as
 * another origin (`//evil.example`, `/\evil.example`, `https://…`) falls back to the list.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  try {
    const url = new URL(value, "http://same.invalid");
    if (url.origin !== "http://same.invalid") return "/";
    return url.pathname + url.search + url.hash;
  } catch {
    return "/";
  }
}

export function signInHref(returnPath: string): string {
  const path = safeReturnPath(returnPath);
  return path === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(path)}`;
}
