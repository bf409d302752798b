import { afterEach, describe, expect, it, vi } from "vitest";
import { errorMessage } from "@/lib/log/error-message";
import { logEvent } from "@/lib/log/log-event";

afterEach(() => vi.restoreAllMocks());

describe("errorMessage", () => {
  it("gives an Error's message and anything else as text", () => {
    expect(errorMessage(new TypeError("bad feed"))).toBe("bad feed");
    expect(errorMessage("plain")).toBe("plain");
    expect(errorMessage(42)).toBe("42");
  });
});

describe("logEvent", () => {
  it("writes one JSON line with the event first, failures to standard error", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    logEvent("ingest.ok", { created: 3 });
    logEvent("ingest.failed", { error: "timeout" }, "error");
    expect(out.mock.calls).toEqual([['{"event":"ingest.ok","created":3}']]);
    expect(err.mock.calls).toEqual([['{"event":"ingest.failed","error":"timeout"}']]);
  });
});
