import { describe, expect, it } from "vitest";
import { briefListHref } from "@/lib/briefs/list-href";
import { describeFilters, parseBriefListParams } from "@/lib/briefs/validations";

describe("parseBriefListParams", () => {
  it("reads every filter from the query string", () => {
    expect(
      parseBriefListParams({
        severity: "critical,High",
        tactic: "credential_access,Privilege Escalation",
        tag: "Microsoft-Entra-ID,T1110.003",
        type: "Advisory",
        q: "  token   theft ",
        from: "2024-01-01",
        to: "2024-12-31",
        rule: "none",
        status: "in_review,Dismissed",
        assignee: " Ana@Example.org ",
        decided: "no",
        sort: "severity",
        page: "3",
      }),
    ).toEqual({
      severity: ["critical", "high"],
      tactic: ["credential_access", "privilege_escalation"],
      tag: ["entra_id", "t1110.003"],
      type: "advisory",
      q: "token theft",
      from: "2024-01-01",
      to: "2024-12-31",
      rule: "none",
      status: ["in_review", "dismissed"],
      assignee: "ana@example.org",
      decided: "no",
      sort: "severity",
      page: 3,
    });
  });

  it("falls back to defaults for bad values instead of failing", () => {
    expect(
      parseBriefListParams({
        severity: "nope,,",
        tactic: "jumping",
        type: "<script>",
        from: "2024-02-31",
        to: "yesterday",
        rule: "some",
        status: "closed",
        assignee: "not an email",
        decided: "maybe",
        sort: "random",
        page: "-2",
      }),
    ).toEqual({
      severity: [],
      tactic: [],
      tag: [],
      type: undefined,
      q: "",
      from: undefined,
      to: undefined,
      rule: undefined,
      status: [],
      assignee: undefined,
      decided: undefined,
      sort: "newest",
      page: 1,
    });
    expect(parseBriefListParams({ severity: ["low", "high"], page: "abc" })).toMatchObject({
      severity: ["low"],
      page: 1,
    });
  });
});

describe("briefListHref", () => {
  it("writes only what differs from the defaults, in one order, keeping commas readable", () => {
    expect(briefListHref({})).toBe("/");
    expect(briefListHref({ severity: ["high", "critical"], page: 1, sort: "newest" })).toBe("/?severity=high,critical");
    expect(briefListHref({ status: ["new", "in_review"], assignee: "me", decided: "no" })).toBe(
      "/?status=new,in_review&assignee=me&decided=no",
    );
    expect(briefListHref({ q: "token theft", tactic: ["persistence"], page: 2 })).toBe(
      "/?tactic=persistence&q=token+theft&page=2",
    );
  });

  it("round-trips through the parser", () => {
    const params = parseBriefListParams({
      severity: "high,critical",
      tag: "entra_id",
      q: "lockout",
      rule: "none",
      sort: "oldest",
    });
    const href = briefListHref(params);
    expect(parseBriefListParams(Object.fromEntries(new URL(href, "http://x").searchParams))).toEqual(params);
  });
});

describe("describeFilters", () => {
  it("names a filtered view in words", () => {
    expect(describeFilters(parseBriefListParams({ severity: "high,critical", tactic: "credential_access" }))).toBe(
      "High and critical briefs — Credential Access",
    );
    expect(describeFilters(parseBriefListParams({ tag: "entra_id", q: "token" }), { entra_id: "Entra ID" })).toBe(
      "Briefs — Entra ID, “token”",
    );
    expect(describeFilters(parseBriefListParams({}))).toBe("Briefs");
    expect(describeFilters(parseBriefListParams({ severity: "high", rule: "none" }))).toBe(
      "High briefs — without a rule",
    );
  });
});
