import { expect, test } from "@playwright/test";
import { E2E_PUBLIC_BASE, E2E_PUBLIC_DATABASE } from "../playwright.config";
import { createToken, createUser, signedOutContext } from "./auth-helpers";
import { startCompressingProxy, type CompressingProxy } from "./compressing-proxy";

// The triage API behind a reverse proxy that gzips and so weakens the ETag, as nginx does. On the
// public-read server: no other spec decides its briefs, so the states this one leaves count nowhere.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const ANALYST = "proxy-analyst@example.org";

let proxy: CompressingProxy;
let token: string;

test.beforeAll(async () => {
  createUser(E2E_PUBLIC_DATABASE, ANALYST, "analyst");
  token = createToken(E2E_PUBLIC_DATABASE, ANALYST, "read,triage");
  proxy = await startCompressingProxy(E2E_PUBLIC_BASE);
});

test.afterAll(async () => {
  await proxy?.close();
});

test("behind a compressing proxy: GET answers a weak ETag, a PATCH with it is taken, a stale one is 412 and changes nothing", async () => {
  const api = await signedOutContext(proxy.baseUrl);
  const as = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
  const list = await (await api.get("/")).text();
  // The last brief of the first page: the one least likely to be anyone's example.
  const slug = [...list.matchAll(/href="\/briefs\/([^"?#/]+)"/g)].map((match) => match[1]).at(-1);
  expect(slug).toBeTruthy();
  const url = `/api/briefs/${slug}`;

  const read = await api.get(url, { headers: as() });
  expect(read.status()).toBe(200);
  expect(read.headers()["content-encoding"]).toBe("gzip");
  const before = (await read.json()) as { version: number; state: string; history: unknown[] };
  const weak = read.headers().etag;
  expect(weak).toBe(`W/"${before.version}"`);

  const nextState = before.state === "hunting" ? "watching" : "hunting";
  const changed = await api.patch(url, {
    headers: as({ "if-match": weak }),
    data: { state: nextState, comment: "Hunting through the proxy." },
  });
  expect(changed.status()).toBe(200);
  expect(changed.headers()["content-encoding"]).toBe("gzip");
  expect(changed.headers().etag).toBe(`W/"${before.version + 1}"`);
  expect(await changed.json()).toMatchObject({ state: nextState, version: before.version + 1, changedBy: ANALYST });

  // The page that read `weak` is stale now: refused with who changed it, and nothing overwritten.
  const stale = await api.patch(url, {
    headers: as({ "if-match": weak }),
    data: { state: "dismissed", reason: "other", comment: "Stale." },
  });
  expect(stale.status()).toBe(412);
  expect(stale.headers().etag).toBe(`W/"${before.version + 1}"`);
  expect(await stale.json()).toMatchObject({ current: { state: nextState, changedBy: ANALYST } });

  const after = (await (await api.get(url, { headers: as() })).json()) as {
    state: string;
    version: number;
    history: { actorEmail: string; toState: string; comment: string | null }[];
  };
  expect(after).toMatchObject({ state: nextState, version: before.version + 1 });
  expect(after.history).toHaveLength(before.history.length + 1);
  expect(after.history.at(-1)).toMatchObject({
    actorEmail: ANALYST,
    toState: nextState,
    comment: "Hunting through the proxy.",
  });
  await api.dispose();
});
