import { describe, expect, it } from "vitest";
import { UnsupportedConstructError } from "@/lib/detections/convert/errors";
import { buildFilterExpression } from "@/lib/detections/convert/filter-expression";
import { parseDetection } from "@/lib/detections/sigma/parse-detection";
import { parse } from "yaml";

/** Resolves Sigma fields to their own names, except Status, which stands for two fields. */
const resolveField = (name: string) => (name === "Status" ? ["status.code", "status.reason"] : [name]);

function filterOf(yaml: string) {
  const { value, errors } = parseDetection(parse(yaml));
  if (!value) throw new Error(errors.join("; "));
  return buildFilterExpression(value, { backend: "splunk", resolveField });
}

describe("buildFilterExpression", () => {
  it("classifies wildcard values as equality, prefix, suffix, substring or a general pattern", () => {
    expect(filterOf("s:\n  F: [exact, 'pre*', '*suf', '*mid*', 'a*b', 'x?', '*']\ncondition: s")).toEqual({
      kind: "or",
      operands: [
        { kind: "equals", value: "exact", field: "F" },
        { kind: "text", position: "startswith", text: "pre", field: "F" },
        { kind: "text", position: "endswith", text: "suf", field: "F" },
        { kind: "text", position: "contains", text: "mid", field: "F" },
        {
          kind: "wildcard",
          parts: [
            { kind: "text", text: "a" },
            { kind: "wildcard", wildcard: "*" },
            { kind: "text", text: "b" },
          ],
          field: "F",
        },
        {
          kind: "wildcard",
          parts: [
            { kind: "text", text: "x" },
            { kind: "wildcard", wildcard: "?" },
          ],
          field: "F",
        },
        { kind: "present", field: "F" },
      ],
    });
  });

  it("merges the exact values of a list into one test, and keeps each value apart under all", () => {
    expect(filterOf("s:\n  F: [1, two, 'th*']\ncondition: s")).toEqual({
      kind: "or",
      operands: [
        { kind: "one-of", values: [1, "two"], field: "F" },
        { kind: "text", position: "startswith", text: "th", field: "F" },
      ],
    });
    expect(filterOf("s:\n  F|all: [1, two]\ncondition: s")).toEqual({
      kind: "and",
      operands: [
        { kind: "equals", value: 1, field: "F" },
        { kind: "equals", value: "two", field: "F" },
      ],
    });
  });

  it("applies contains around wildcards inside the value", () => {
    expect(filterOf("s:\n  F|contains: 'a*b'\ncondition: s")).toMatchObject({
      kind: "wildcard",
      parts: [{ wildcard: "*" }, { text: "a" }, { wildcard: "*" }, { text: "b" }, { wildcard: "*" }],
    });
    expect(filterOf("s:\n  F|endswith: 50053\ncondition: s")).toEqual({
      kind: "text",
      position: "endswith",
      text: "50053",
      field: "F",
    });
  });

  it("reads null as no value and exists as having one or not", () => {
    expect(filterOf("s:\n  F: null\n  G|exists: true\n  H|exists: false\ncondition: s")).toEqual({
      kind: "and",
      operands: [
        { kind: "absent", field: "F" },
        { kind: "present", field: "G" },
        { kind: "absent", field: "H" },
      ],
    });
  });

  it("tests a Sigma field that stands for several fields on any of them, and absence on all of them", () => {
    expect(filterOf("s:\n  Status|contains: denied\ncondition: s")).toEqual({
      kind: "or",
      operands: [
        { kind: "text", position: "contains", text: "denied", field: "status.code" },
        { kind: "text", position: "contains", text: "denied", field: "status.reason" },
      ],
    });
    expect(filterOf("s:\n  Status: null\ncondition: s")).toEqual({
      kind: "and",
      operands: [
        { kind: "absent", field: "status.code" },
        { kind: "absent", field: "status.reason" },
      ],
    });
  });

  it("follows the condition: not, quantifiers and nesting", () => {
    expect(filterOf("a:\n  F: 1\nb:\n  G: 2\nc:\n  H: 3\ncondition: 1 of a or all of b and not c")).toEqual({
      kind: "or",
      operands: [
        { kind: "equals", value: 1, field: "F" },
        {
          kind: "and",
          operands: [
            { kind: "equals", value: 2, field: "G" },
            { kind: "not", operand: { kind: "equals", value: 3, field: "H" } },
          ],
        },
      ],
    });
  });

  it.each([["windash"], ["base64"], ["base64offset"], ["utf16le"], ["wide"], ["expand"], ["fieldref"], ["gt"]])(
    "refuses the '%s' modifier, naming it",
    (modifier) => {
      const attempt = () => filterOf(`s:\n  F|${modifier}: x\ncondition: s`);
      expect(attempt).toThrow(UnsupportedConstructError);
      expect(attempt).toThrow(`The splunk backend cannot express the '${modifier}' modifier`);
    },
  );

  it("marks every text test of a 'cased' condition case-sensitive, and merges its exact values", () => {
    expect(filterOf("s:\n  F|cased: [Exact, Other, 'Pre*', 'a?c', 7]\ncondition: s")).toEqual({
      kind: "or",
      operands: [
        { kind: "one-of", values: ["Exact", "Other", 7], cased: true, field: "F" },
        { kind: "text", position: "startswith", text: "Pre", cased: true, field: "F" },
        {
          kind: "wildcard",
          parts: [
            { kind: "text", text: "a" },
            { kind: "wildcard", wildcard: "?" },
            { kind: "text", text: "c" },
          ],
          cased: true,
          field: "F",
        },
      ],
    });
  });

  it("refuses keyword searches", () => {
    expect(() => filterOf("keywords:\n  - mimikatz\ncondition: keywords")).toThrow(
      "The splunk backend cannot express a keyword search (a selection of plain values with no field)",
    );
  });
});
