import { describe, expect, it } from "vitest";
import { parseRuleSources, RULE_LIBRARIES } from "@/lib/rule-libraries/rule-sources";
import { readEnv } from "@/lib/env";

describe("parseRuleSources", () => {
  it("defaults to both public libraries on GitHub", () => {
    expect(parseRuleSources(undefined)).toEqual([
      { name: "sigmahq", url: RULE_LIBRARIES.sigmahq.defaultUrl },
      { name: "elastic", url: RULE_LIBRARIES.elastic.defaultUrl },
    ]);
  });

  it("reads NAME=URL pairs, and an empty value turns syncing off", () => {
    expect(
      parseRuleSources(" Elastic=https://mirror.example.org/rules.zip , sigmahq=http://10.0.0.5/sigma.tar.gz"),
    ).toEqual([
      { name: "elastic", url: "https://mirror.example.org/rules.zip" },
      { name: "sigmahq", url: "http://10.0.0.5/sigma.tar.gz" },
    ]);
    expect(parseRuleSources("")).toEqual([]);
  });

  it("names the bad entry", () => {
    expect(() => parseRuleSources("splunk=https://example.org/a.zip")).toThrow(
      /"splunk=https:\/\/example.org\/a.zip" must be NAME=URL with NAME one of sigmahq, elastic/,
    );
    expect(() => parseRuleSources("elastic")).toThrow(/must be NAME=URL/);
    expect(() => parseRuleSources("elastic=ftp://example.org/a.zip")).toThrow(/only http\(s\)/);
    expect(() => parseRuleSources("elastic=not a url")).toThrow(/not a URL/);
    expect(() => parseRuleSources("elastic=https://a.example/x.zip,elastic=https://b.example/y.zip")).toThrow(
      /names elastic twice/,
    );
  });

  it("stops start-up with the variable named", () => {
    expect(() => readEnv({ RULE_SOURCES: "elastic" })).toThrow(/RULE_SOURCES: .*must be NAME=URL/);
    expect(() => readEnv({ RULES_SYNC_INTERVAL_HOURS: "-1" })).toThrow(/RULES_SYNC_INTERVAL_HOURS/);
    expect(readEnv({}).RULES_SYNC_INTERVAL_HOURS).toBe(24);
  });
});
