import { readdir } from "node:fs/promises";
import path from "node:path";

/**
 * Every file under `dir` whose name ends with one of `extensions`, in a stable (sorted) order so
 * that imports and their problem lists are reproducible. Hidden folders (.github, .git) and
 * node_modules are skipped: rule repositories keep CI YAML there that is not a rule.
 */
export async function findFiles(dir: string, extensions: readonly string[]): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await findFiles(entryPath, extensions)));
    else if (entry.isFile() && extensions.some((extension) => entry.name.toLowerCase().endsWith(extension)))
      files.push(entryPath);
  }
  return files;
}
