import { expect, test } from "@playwright/test";

function nonceOf(policy: string | undefined): string {
  const match = /'nonce-([^']+)'/.exec(policy ?? "");
  if (!match) throw new Error(`No nonce in ${policy}`);
  return match[1];
}

test("a page served again from memory is the same page with a nonce of its own, compressed or not", async ({
  request,
}) => {
  const answers = [];
  for (const encoding of ["gzip", "gzip", "identity"]) {
    const response = await request.get("/?severity=high,critical", { headers: { "accept-encoding": encoding } });
    expect(response.status()).toBe(200);
    const nonce = nonceOf(response.headers()["content-security-policy"]);
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    answers.push({ nonce, page: html.replaceAll(nonce, "NONCE"), cache: response.headers()["x-page-cache"] });
  }
  expect(answers.slice(1).map((answer) => answer.cache)).toEqual(["hit", "hit"]);
  expect(new Set(answers.map((answer) => answer.nonce)).size).toBe(3);
  expect(answers[1].page).toBe(answers[0].page);
  expect(answers[2].page).toBe(answers[0].page);
});

test("a theme chosen in a cookie is not served to visitors who chose another", async ({ browser, baseURL }) => {
  for (const theme of ["dark", "light"]) {
    const context = await browser.newContext();
    await context.addCookies([{ name: "theme", value: theme, url: baseURL! }]);
    const page = await context.newPage();
    await page.goto("/overview");
    await expect(page.locator("html")).toHaveClass(theme);
    await context.close();
  }
});
