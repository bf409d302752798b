import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseDetection } from "@/lib/detections/sigma/parse-detection";
import { parseSigmaString } from "@/lib/detections/sigma/sigma-string";

function detectionOf(yaml: string) {
  return parseDetection(parse(yaml));
}

describe("parseDetection", () => {
  it("reads a mapping as the AND of its field conditions, with modifiers and typed values", () => {
    const { value, errors } = detectionOf(`
selection:
  AppId: 29d9ed98-a469-4536-ade2-f981bc1d605e
  UserAgent|contains|all: [python, requests]
  IsInteractive: false
  DeviceDetail.deviceId: null
condition: selection
`);
    expect(errors).toEqual([]);
    expect(value?.selections.get("selection")).toEqual({
      kind: "fields",
      alternatives: [
        [
          {
            field: "AppId",
            modifiers: [],
            values: [
              {
                kind: "string",
                raw: "29d9ed98-a469-4536-ade2-f981bc1d605e",
                parts: [{ kind: "text", text: "29d9ed98-a469-4536-ade2-f981bc1d605e" }],
              },
            ],
          },
          {
            field: "UserAgent",
            modifiers: ["contains", "all"],
            values: [
              { kind: "string", raw: "python", parts: [{ kind: "text", text: "python" }] },
              { kind: "string", raw: "requests", parts: [{ kind: "text", text: "requests" }] },
            ],
          },
          { field: "IsInteractive", modifiers: [], values: [{ kind: "boolean", value: false }] },
          { field: "DeviceDetail.deviceId", modifiers: [], values: [{ kind: "null" }] },
        ],
      ],
    });
  });

  it("reads a list of mappings as alternatives and a list of plain values as keywords", () => {
    const { value, errors } = detectionOf(`
any_client:
  - ClientAppUsed: IMAP4
  - ClientAppUsed: POP3
    ResultType: 50126
words:
  - password
  - 42
condition: any_client or words
`);
    expect(errors).toEqual([]);
    const clients = value?.selections.get("any_client");
    expect(
      clients?.kind === "fields" &&
        clients.alternatives.map((alternative) => alternative.map((condition) => condition.field)),
    ).toEqual([["ClientAppUsed"], ["ClientAppUsed", "ResultType"]]);
    expect(value?.selections.get("words")).toEqual({
      kind: "keywords",
      values: [
        { kind: "string", raw: "password", parts: [{ kind: "text", text: "password" }] },
        { kind: "number", value: 42 },
      ],
    });
  });

  it("names unknown modifiers", () => {
    expect(detectionOf("sel:\n  UserAgent|contains|sometimes|often: x\ncondition: sel").errors).toEqual([
      "selection 'sel', field 'UserAgent': unknown modifiers 'sometimes', 'often'",
    ]);
  });

  it("names selections the condition refers to but the detection lacks", () => {
    const { value, errors } = detectionOf("selection:\n  AppId: x\ncondition: selection and not filter_known");
    expect(value).toBeNull();
    expect(errors).toEqual([
      "condition: the condition names 'filter_known', which is not a selection of this detection",
    ]);
  });

  it("reports a missing condition and selections of the wrong shape", () => {
    expect(detectionOf("sel:\n  AppId: x").errors).toEqual(["'detection' has no 'condition'"]);
    expect(detectionOf("sel: just a string\ncondition: sel").errors).toEqual([
      "selection 'sel' must be a mapping of fields, a list of such mappings, or a non-empty list of keywords",
    ]);
    expect(detectionOf("sel:\n  - AppId: x\n  - loose\ncondition: sel").errors).toEqual([
      "selection 'sel' mixes field mappings with plain values",
    ]);
    expect(detectionOf("sel:\n  AppId:\n    nested: map\ncondition: sel").errors).toEqual([
      "selection 'sel', field 'AppId': values must be strings, numbers, booleans or null (or a list of those)",
    ]);
    expect(detectionOf("sel:\n  AppId: []\ncondition: sel").errors).toEqual([
      "selection 'sel', field 'AppId': the list of values is empty",
    ]);
    expect(detectionOf("'bad name':\n  AppId: x\ncondition: sel").errors[0]).toBe(
      "selection name 'bad name' may only hold letters, digits, '_' and '-'",
    );
  });

  it("rejects modifier combinations and values the specification rules out", () => {
    const errorsOf = (line: string) => detectionOf(`sel:\n  ${line}\ncondition: sel`).errors;
    expect(errorsOf("UserAgent|contains|startswith: x")).toEqual([
      "selection 'sel', field 'UserAgent': 'contains' and 'startswith' cannot be combined",
    ]);
    expect(errorsOf("UserAgent|i: x")).toEqual(["selection 'sel', field 'UserAgent': 'i' only applies after 're'"]);
    expect(errorsOf("UserAgent|exists: yes")).toEqual([
      "selection 'sel', field 'UserAgent': 'exists' takes a single true or false",
    ]);
    expect(errorsOf("UserAgent|re|contains: x")).toEqual([
      "selection 'sel', field 'UserAgent': 're' cannot be combined with 'contains'",
    ]);
    expect(errorsOf("IPAddress|cidr: 10.0.0.0/33")).toEqual([
      "selection 'sel', field 'IPAddress': '10.0.0.0/33' is not a CIDR range such as 10.0.0.0/8",
    ]);
    expect(errorsOf("IPAddress|cidr: ['2001:db8::/32', 192.168.0.0/16]")).toEqual([]);
  });

  it("reports deprecated aggregation syntax", () => {
    expect(detectionOf("sel:\n  AppId: x\ntimeframe: 5m\ncondition: sel | count() by IPAddress > 5").errors).toEqual([
      "'timeframe' belongs to the deprecated aggregation syntax; use a correlation rule",
      "condition: aggregations after '|' (count() by …) are deprecated Sigma syntax; use a correlation rule",
    ]);
  });

  it("treats a list of conditions as any of them", () => {
    const { value } = detectionOf("a:\n  AppId: x\nb:\n  AppId: y\ncondition:\n  - a\n  - b");
    expect(value?.conditionText).toBe("(a) or (b)");
    expect(value?.condition).toEqual({
      kind: "or",
      operands: [
        { kind: "selection", name: "a" },
        { kind: "selection", name: "b" },
      ],
    });
  });
});

describe("parseSigmaString", () => {
  it("splits plain strings at * and ? wildcards", () => {
    expect(parseSigmaString("Mozilla*Win?ows")).toEqual([
      { kind: "text", text: "Mozilla" },
      { kind: "wildcard", wildcard: "*" },
      { kind: "text", text: "Win" },
      { kind: "wildcard", wildcard: "?" },
      { kind: "text", text: "ows" },
    ]);
  });

  it("reads \\* and \\? as literal characters and \\\\ as one backslash", () => {
    expect(parseSigmaString("a\\*b\\?c")).toEqual([{ kind: "text", text: "a*b?c" }]);
    expect(parseSigmaString("C:\\\\Temp\\\\*")).toEqual([
      { kind: "text", text: "C:\\Temp\\" },
      { kind: "wildcard", wildcard: "*" },
    ]);
  });

  it("keeps a backslash that escapes nothing", () => {
    expect(parseSigmaString("C:\\Windows\\System32")).toEqual([{ kind: "text", text: "C:\\Windows\\System32" }]);
    expect(parseSigmaString("trailing\\")).toEqual([{ kind: "text", text: "trailing\\" }]);
  });
});
