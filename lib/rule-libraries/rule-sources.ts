/**
 * The public rule libraries the dashboard keeps in sync, and how RULE_SOURCES names them.
 * Plain module (no server-only): lib/env.ts reads it, and so does the Prisma config through it.
 */

export type RuleLibraryName = "sigmahq" | "elastic";

export type RuleLibrary = {
  name: RuleLibraryName;
  label: string;
  format: "sigma" | "elastic-toml";
  /** Folders of the archive (after its single top folder, if any) whose rules are kept. */
  folders: readonly string[];
  extensions: readonly string[];
  /** The licence the library publishes its rules under; the rule files do not all state it. */
  license: string;
  homepage: string;
  defaultUrl: string;
};

export const RULE_LIBRARIES: Record<RuleLibraryName, RuleLibrary> = {
  sigmahq: {
    name: "sigmahq",
    label: "SigmaHQ",
    format: "sigma",
    folders: ["rules/cloud/azure", "rules/cloud/m365"],
    extensions: [".yml", ".yaml"],
    license: "Detection Rule License 1.1",
    homepage: "https://github.com/SigmaHQ/sigma",
    defaultUrl: "https://github.com/SigmaHQ/sigma/archive/refs/heads/master.tar.gz",
  },
  elastic: {
    name: "elastic",
    label: "Elastic detection-rules",
    format: "elastic-toml",
    folders: ["rules/integrations/azure", "rules/integrations/o365"],
    extensions: [".toml"],
    license: "Elastic License 2.0",
    homepage: "https://github.com/elastic/detection-rules",
    defaultUrl: "https://github.com/elastic/detection-rules/archive/refs/heads/main.tar.gz",
  },
};

export const RULE_LIBRARY_NAMES = Object.keys(RULE_LIBRARIES) as RuleLibraryName[];

export type RuleSourceConfig = { name: RuleLibraryName; url: string };

export function isRuleLibraryName(name: string): name is RuleLibraryName {
  return (RULE_LIBRARY_NAMES as string[]).includes(name);
}

/**
 * RULE_SOURCES: comma-separated NAME=URL (NAME sigmahq or elastic, URL of a .zip or .tar.gz).
 * Unset means both public libraries from GitHub; an empty value means none (no sync at all).
 */
export function parseRuleSources(value: string | undefined): RuleSourceConfig[] {
  if (value === undefined) return RULE_LIBRARY_NAMES.map((name) => ({ name, url: RULE_LIBRARIES[name].defaultUrl }));
  const sources: RuleSourceConfig[] = [];
  for (const entry of value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf("=");
    const name = separator > 0 ? entry.slice(0, separator).trim().toLowerCase() : "";
    const url = separator > 0 ? entry.slice(separator + 1).trim() : "";
    if (!isRuleLibraryName(name)) {
      throw new Error(
        `RULE_SOURCES entry "${entry}" must be NAME=URL with NAME one of ${RULE_LIBRARY_NAMES.join(", ")}`,
      );
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`RULE_SOURCES entry "${entry}": "${url}" is not a URL`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      throw new Error(`RULE_SOURCES entry "${entry}": only http(s) URLs are fetched`);
    if (sources.some((source) => source.name === name)) throw new Error(`RULE_SOURCES names ${name} twice`);
    sources.push({ name, url: parsed.href });
  }
  return sources;
}
