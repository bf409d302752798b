import { expect, test } from "@playwright/test";
import { E2E_AUTH_BASE, E2E_AUTH_DATABASE } from "../playwright.config";
import { createUser, signedInContext, signedOutContext, createToken, signedInPage } from "./auth-helpers";

// Notes on a brief, on the sign-in server: analysts write, a viewer reads, a SOAR posts through the API.
test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use({ baseURL: E2E_AUTH_BASE });

const ANALYST = "notes-analyst@example.org";
const MENTIONED = "notes-mentioned@example.org";
const VIEWER = "notes-viewer@example.org";
const XSS = "<img src=x onerror=alert(1)> <script>alert(2)</script>";

let slug = "";

test.beforeAll(async () => {
  // Three users through the CLI take a while on a busy machine.
  test.setTimeout(120_000);
  createUser(E2E_AUTH_DATABASE, ANALYST, "analyst");
  createUser(E2E_AUTH_DATABASE, MENTIONED, "analyst");
  createUser(E2E_AUTH_DATABASE, VIEWER, "viewer");
  const analyst = await signedInContext(E2E_AUTH_BASE, ANALYST);
  const list = await (await analyst.get("/")).text();
  const slugs = [...new Set([...list.matchAll(/href="\/briefs\/([^"?#/]+)"/g)].map((match) => match[1]))];
  expect(slugs.length).toBeGreaterThanOrEqual(2);
  // The last brief of the list: the triage spec works on the first ones.
  slug = slugs.at(-1)!;
  await analyst.dispose();
});

test("an analyst's note holding markup renders as text, with its links and @mentions; she edits and removes her own", async ({
  browser,
}) => {
  const analyst = await signedInPage(browser, E2E_AUTH_BASE, ANALYST);
  const dialogs: string[] = [];
  analyst.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await analyst.goto(`/briefs/${slug}`);
  const notes = analyst.getByTestId("brief-notes");
  await expect(notes).toContainText("No notes yet.");
  await notes
    .getByLabel("New note")
    .fill(
      `Looks hostile: ${XSS}\nsee https://x.example/a?b=<script> and javascript:alert(3)\n@notes-mentioned @nobody-here`,
    );
  await notes.getByRole("button", { name: "Add note" }).click();
  await expect(analyst.getByTestId("team-panel").getByRole("status")).toHaveText("Note added.");

  const note = notes.getByRole("list", { name: "Notes" }).getByRole("listitem").first();
  await expect(note).toContainText(`Looks hostile: ${XSS}`);
  await expect(note).toContainText(ANALYST);
  await expect(note.locator("img, script")).toHaveCount(0);
  // Line breaks are kept as typed (shown through white-space, not markup).
  expect(await note.locator("p.whitespace-pre-wrap").evaluate((element) => element.textContent)).toContain(
    `${XSS}\nsee `,
  );
  const link = note.getByRole("link", { name: "https://x.example/a?b=" });
  await expect(link).toHaveAttribute("href", "https://x.example/a?b=");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(note.getByRole("link", { name: /javascript/ })).toHaveCount(0);
  await expect(note.getByRole("link", { name: "@notes-mentioned" })).toHaveAttribute(
    "href",
    `/?assignee=${encodeURIComponent(MENTIONED)}`,
  );
  await expect(note.getByRole("link", { name: "@nobody-here" })).toHaveCount(0);
  await expect(note).toContainText("@nobody-here");

  // Her own note, within 15 minutes: edit it (marked edited), and remove a second one (a marker stays).
  await note.getByText("Edit", { exact: true }).click();
  await note.getByLabel("Edit note").fill(`Looks hostile: ${XSS}\nConfirmed on two hosts.`);
  await note.getByRole("button", { name: "Save note" }).click();
  await expect(analyst.getByTestId("team-panel").getByRole("status")).toHaveText("Note saved.");
  await expect(note).toContainText("Confirmed on two hosts.");
  await expect(note).toContainText(/· edited \d{4}-\d\d-\d\d \d\d:\d\d UTC/);

  await notes.getByLabel("New note").fill("Wrong brief, sorry.");
  await notes.getByRole("button", { name: "Add note" }).click();
  const second = notes.getByRole("list", { name: "Notes" }).getByRole("listitem").nth(1);
  await expect(second).toContainText("Wrong brief, sorry.");
  await second.getByRole("button", { name: "Remove note" }).click();
  await expect(second).toHaveText(
    new RegExp(`^Note by ${ANALYST} removed by ${ANALYST} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`),
  );
  await expect(notes).not.toContainText("Wrong brief, sorry.");
  expect(dialogs).toEqual([]);
  await analyst.context().close();
});

test("a viewer sees the notes as text and has no form; the server refuses her posts, and signed-out callers", async ({
  browser,
}) => {
  const viewer = await signedInPage(browser, E2E_AUTH_BASE, VIEWER);
  const dialogs: string[] = [];
  viewer.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await viewer.goto(`/briefs/${slug}`);
  const notes = viewer.getByTestId("brief-notes");
  await expect(notes.getByRole("listitem").first()).toContainText(`Looks hostile: ${XSS}`);
  await expect(notes.getByRole("listitem").nth(1)).toContainText(`removed by ${ANALYST}`);
  await expect(notes.locator("img, script")).toHaveCount(0);
  await expect(notes.getByLabel("New note")).toHaveCount(0);
  await expect(notes.getByRole("button", { name: "Add note" })).toHaveCount(0);
  await expect(notes.getByRole("button", { name: "Remove note" })).toHaveCount(0);
  await expect(notes.getByText("Edit", { exact: true })).toHaveCount(0);

  const form = await viewer.request.post(`/api/briefs/${slug}/notes`, {
    headers: { origin: E2E_AUTH_BASE },
    form: { body: "A viewer's note" },
  });
  expect(form.status()).toBe(403);
  const json = await viewer.request.post(`/api/briefs/${slug}/notes`, {
    headers: { origin: E2E_AUTH_BASE },
    data: { body: "A viewer's note" },
  });
  expect(json.status()).toBe(403);
  await viewer.reload();
  await expect(viewer.getByTestId("brief-notes")).not.toContainText("A viewer's note");
  expect(dialogs).toEqual([]);

  const signedOut = await signedOutContext(E2E_AUTH_BASE);
  expect((await signedOut.post(`/api/briefs/${slug}/notes`, { data: { body: "Anonymous" } })).status()).toBe(401);
  expect(
    (
      await signedOut.post(`/api/briefs/${slug}/notes`, {
        headers: { origin: E2E_AUTH_BASE },
        form: { body: "Anonymous" },
      })
    ).status(),
  ).toBe(401);
  await signedOut.dispose();
  await viewer.context().close();
});

test("the API: POST a note with a triage token (201), 400 naming the field, 404, 403 for the read scope; PATCH and DELETE by its author only; GET lists the notes", async () => {
  const writer = createToken(E2E_AUTH_DATABASE, ANALYST, "read,triage");
  const reader = createToken(E2E_AUTH_DATABASE, ANALYST, "read");
  const api = await signedOutContext(E2E_AUTH_BASE);
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const url = `/api/briefs/${slug}/notes`;

  const created = await api.post(url, {
    headers: as(writer),
    data: { body: "From the SOAR: ticket INC-42\n@notes-mentioned" },
  });
  expect(created.status()).toBe(201);
  const note = (await created.json()) as Record<string, unknown>;
  expect(note).toMatchObject({
    author: ANALYST,
    body: "From the SOAR: ticket INC-42\n@notes-mentioned",
    editedAt: null,
    removed: null,
    mentions: [{ name: "notes-mentioned", email: MENTIONED }],
  });
  expect(note.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

  const tooLong = await api.post(url, { headers: as(writer), data: { body: "x".repeat(10_001) } });
  expect(tooLong.status()).toBe(400);
  expect(await tooLong.json()).toMatchObject({ field: "body", error: "body is longer than 10,000 characters." });
  const missing = await api.post(url, { headers: as(writer), data: { text: "hello" } });
  expect(missing.status()).toBe(400);
  expect(await missing.json()).toMatchObject({ field: "text" });
  expect(
    (await api.post("/api/briefs/no-such-brief/notes", { headers: as(writer), data: { body: "x" } })).status(),
  ).toBe(404);
  expect((await api.post(url, { headers: as(reader), data: { body: "x" } })).status()).toBe(403);

  // Its author edits it and removes it within 15 minutes; another analyst may do neither.
  const other = createToken(E2E_AUTH_DATABASE, MENTIONED, "triage");
  const noteUrl = `${url}/${String(note.id)}`;
  const foreign = await api.patch(noteUrl, { headers: as(other), data: { body: "Mine now" } });
  expect(foreign.status()).toBe(403);
  expect(await foreign.json()).toMatchObject({ error: "Only its author changes a note." });
  expect((await api.delete(noteUrl, { headers: as(other) })).status()).toBe(403);
  const edited = await api.patch(noteUrl, { headers: as(writer), data: { body: "From the SOAR: ticket INC-43" } });
  expect(edited.status()).toBe(200);
  expect(await edited.json()).toMatchObject({ body: "From the SOAR: ticket INC-43", editedAt: expect.any(String) });
  const removed = await api.delete(noteUrl, { headers: as(writer) });
  expect(removed.status()).toBe(200);
  expect(await removed.json()).toMatchObject({ body: null, removed: { by: ANALYST } });

  const brief = (await (await api.get(`/api/briefs/${slug}`, { headers: as(reader) })).json()) as {
    notes: { id: string; body: string | null; editedAt: string | null; removed: { by: string } | null }[];
  };
  expect(
    brief.notes.map((line) => [line.body?.split("\n")[0] ?? null, line.editedAt !== null, line.removed?.by ?? null]),
  ).toEqual([
    [`Looks hostile: ${XSS}`, true, null],
    [null, false, ANALYST],
    [null, true, ANALYST],
  ]);
  await api.dispose();
});
