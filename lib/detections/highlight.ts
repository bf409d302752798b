import "server-only";
import { codeToHtml } from "shiki";

/**
 * Highlights rule text on the server, so no highlighter ships to the browser. Shiki escapes the
 * text it wraps; both themes come out as CSS variables and globals.css picks one.
 */
export function highlightRule(text: string, format: "sigma" | "elastic-toml"): Promise<string> {
  return codeToHtml(text, {
    lang: format === "sigma" ? "yaml" : "toml",
    themes: { light: "github-light", dark: "github-dark" },
    defaultColor: "light",
  });
}
