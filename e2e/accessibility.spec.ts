import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

const PAGES = [
  ["the list", "/"],
  ["a filtered list", "/?severity=high&tactic=persistence"],
  ["a brief page", "/briefs/2024-01-30-entra-id-lockouts"],
  ["the overview", "/overview"],
  ["the coverage matrix", "/coverage"],
  ["the whole coverage matrix", "/coverage?matrix=all"],
  ["the 404 page", "/briefs/no-such-brief"],
  ["the feed status", "/status"],
] as const;

for (const colorScheme of ["light", "dark"] as const) {
  for (const [name, path] of PAGES) {
    test(`${name} has no axe violations in ${colorScheme} mode`, async ({ page }) => {
      // The whole matrix is some 900 cells: axe takes its time over them on a shared machine.
      if (path.includes("matrix=all")) test.setTimeout(120_000);
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map(
          (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
        ),
      ).toEqual([]);
    });
  }
}
