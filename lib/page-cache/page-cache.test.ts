import { describe, expect, it } from "vitest";
import { isShareable, PageCache, type RenderedPage } from "@/lib/page-cache/page-cache";

function html(body: string, extraHeaders: [string, string][] = []): RenderedPage {
  return { status: 200, headers: [["content-type", "text/html; charset=utf-8"], ...extraHeaders], body };
}

function counter(page: (call: number) => RenderedPage) {
  let calls = 0;
  const render = async () => page(++calls);
  return { render, calls: () => calls };
}

describe("PageCache", () => {
  it("renders a page once per data version and serves it again until the version changes", async () => {
    const cache = new PageCache({ maxChars: 1000, maxAgeMs: 60_000 });
    const renders = counter((call) => html(`render ${call}`));
    expect((await cache.page("/", "v1", renders.render)).body).toBe("render 1");
    expect((await cache.page("/", "v1", renders.render)).body).toBe("render 1");
    expect((await cache.page("/", "v2", renders.render)).body).toBe("render 2");
    expect(renders.calls()).toBe(2);
  });

  it("shares one render among concurrent requests for the same page", async () => {
    const cache = new PageCache({ maxChars: 1000, maxAgeMs: 60_000 });
    const renders = counter((call) => html(`render ${call}`));
    const pages = await Promise.all(Array.from({ length: 32 }, () => cache.page("/?q=token", "v1", renders.render)));
    expect(new Set(pages.map((page) => page.body))).toEqual(new Set(["render 1"]));
    expect(renders.calls()).toBe(1);
  });

  it("renders again once a page is older than the maximum age", async () => {
    let now = 0;
    const cache = new PageCache({ maxChars: 1000, maxAgeMs: 100, now: () => now });
    const renders = counter((call) => html(`render ${call}`));
    await cache.page("/status-like", "v1", renders.render);
    now = 100;
    expect((await cache.page("/status-like", "v1", renders.render)).body).toBe("render 1");
    now = 101;
    expect((await cache.page("/status-like", "v1", renders.render)).body).toBe("render 2");
  });

  it("keeps neither errors nor pages that are not plain successful HTML, but still returns them", async () => {
    const cache = new PageCache({ maxChars: 1000, maxAgeMs: 60_000 });
    const notFound = counter(() => ({ ...html("missing"), status: 404 }));
    expect((await cache.page("/briefs/x", "v1", notFound.render)).status).toBe(404);
    await cache.page("/briefs/x", "v1", notFound.render);
    expect(notFound.calls()).toBe(2);

    const failing = async (): Promise<RenderedPage> => {
      throw new Error("connection refused");
    };
    await expect(cache.page("/", "v1", failing)).rejects.toThrow("connection refused");
    const renders = counter(() => html("recovered"));
    expect((await cache.page("/", "v1", renders.render)).body).toBe("recovered");
    expect(cache.size).toBe(1);
  });

  it("drops the least recently used pages first when over its size budget", async () => {
    const cache = new PageCache({ maxChars: 30, maxAgeMs: 60_000 });
    const page = (body: string) => async () => html(body);
    await cache.page("a", "v1", page("a".repeat(10)));
    await cache.page("b", "v1", page("b".repeat(10)));
    await cache.page("a", "v1", page("never rendered"));
    await cache.page("c", "v1", page("c".repeat(15)));
    expect(cache.size).toBe(2);
    // "a" was used after "b", so "b" went first.
    expect((await cache.page("a", "v1", page("a rerendered"))).body).toBe("a".repeat(10));
    expect((await cache.page("b", "v1", page("b rerendered"))).body).toBe("b rerendered");
  });

  it("does not keep a page larger than the whole budget", async () => {
    const cache = new PageCache({ maxChars: 5, maxAgeMs: 60_000 });
    await cache.page("/", "v1", async () => html("too large"));
    expect(cache.size).toBe(0);
  });
});

describe("isShareable", () => {
  it("accepts successful HTML only, and never a response that sets a cookie", () => {
    expect(isShareable(html("ok"))).toBe(true);
    expect(isShareable({ ...html("ok"), status: 500 })).toBe(false);
    expect(isShareable({ status: 200, headers: [["content-type", "image/png"]], body: "" })).toBe(false);
    expect(isShareable(html("ok", [["Set-Cookie", "theme=dark"]]))).toBe(false);
  });
});
