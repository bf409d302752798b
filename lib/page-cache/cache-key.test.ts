import { describe, expect, it } from "vitest";
import { pageCacheKey, type PageRequest } from "@/lib/page-cache/cache-key";

type RequestOverrides = Partial<Omit<PageRequest, "headers">> & { headers?: Record<string, string> };

function request({ headers, ...overrides }: RequestOverrides = {}): PageRequest {
  return {
    method: "GET",
    pathname: "/",
    search: "",
    themeCookie: undefined,
    ...overrides,
    headers: new Headers({ host: "127.0.0.1:3000", ...headers }),
  };
}

describe("pageCacheKey", () => {
  it("shares list, brief, overview, coverage and detection pages", () => {
    for (const pathname of [
      "/",
      "/overview",
      "/coverage",
      "/briefs/2024-01-30-entra-id-lockouts",
      "/detections",
      "/detections/0f8c…",
    ]) {
      expect(pageCacheKey(request({ pathname }))).not.toBeNull();
    }
  });

  it("never shares the status page, API routes, preview images or other methods", () => {
    expect(pageCacheKey(request({ pathname: "/status" }))).toBeNull();
    expect(pageCacheKey(request({ pathname: "/briefs/x/opengraph-image" }))).toBeNull();
    expect(pageCacheKey(request({ pathname: "/detections/x/rule" }))).toBeNull();
    expect(pageCacheKey(request({ pathname: "/coverage.csv" }))).toBeNull();
    expect(pageCacheKey(request({ pathname: "/coverage/layer.json" }))).toBeNull();
    expect(pageCacheKey(request({ method: "POST" }))).toBeNull();
    expect(pageCacheKey(request({ method: "HEAD" }))).toBeNull();
  });

  it("leaves client-side navigations (React Server Component requests) to the renderer", () => {
    expect(pageCacheKey(request({ headers: { rsc: "1" } }))).toBeNull();
    expect(pageCacheKey(request({ headers: { "next-router-prefetch": "1" } }))).toBeNull();
    expect(pageCacheKey(request({ search: "?severity=high&_rsc=abc" }))).toBeNull();
  });

  it("tells apart queries, themes and origins, and folds unknown theme values into the default", () => {
    const plain = pageCacheKey(request());
    expect(pageCacheKey(request({ search: "?severity=high" }))).not.toBe(plain);
    expect(pageCacheKey(request({ themeCookie: "dark" }))).not.toBe(plain);
    expect(pageCacheKey(request({ themeCookie: "<script>" }))).toBe(plain);
    expect(pageCacheKey(request({ headers: { host: "soc.example" } }))).not.toBe(plain);
    expect(pageCacheKey(request({ headers: { "x-forwarded-proto": "https" } }))).not.toBe(plain);
  });
});
