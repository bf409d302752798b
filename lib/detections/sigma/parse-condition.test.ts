import { describe, expect, it } from "vitest";
import { parseCondition } from "@/lib/detections/sigma/parse-condition";

const NAMES = ["selection", "filter_a", "filter_b", "sel_app", "sel_ip", "_helper"];
const ref = (name: string) => ({ kind: "selection", name });

describe("parseCondition", () => {
  it("reads a single selection", () => {
    expect(parseCondition("selection", NAMES)).toEqual(ref("selection"));
  });

  it("binds not tighter than and, and and tighter than or", () => {
    expect(parseCondition("selection or not filter_a and filter_b", NAMES)).toEqual({
      kind: "or",
      operands: [
        ref("selection"),
        { kind: "and", operands: [{ kind: "not", operand: ref("filter_a") }, ref("filter_b")] },
      ],
    });
  });

  it("groups with parentheses and flattens chains of the same operator", () => {
    expect(parseCondition("selection and not (filter_a or filter_b) and sel_app", NAMES)).toEqual({
      kind: "and",
      operands: [
        ref("selection"),
        { kind: "not", operand: { kind: "or", operands: [ref("filter_a"), ref("filter_b")] } },
        ref("sel_app"),
      ],
    });
  });

  it("expands 1 of / all of a pattern to the selections it matches", () => {
    expect(parseCondition("1 of sel_*", NAMES)).toEqual({
      kind: "quantified",
      quantifier: "one",
      pattern: "sel_*",
      selections: ["sel_app", "sel_ip"],
    });
    expect(parseCondition("all of filter_*", NAMES)).toEqual({
      kind: "quantified",
      quantifier: "all",
      pattern: "filter_*",
      selections: ["filter_a", "filter_b"],
    });
  });

  it("expands them to every selection not starting with an underscore", () => {
    expect(parseCondition("all of them", NAMES)).toMatchObject({
      quantifier: "all",
      selections: ["selection", "filter_a", "filter_b", "sel_app", "sel_ip"],
    });
    expect(parseCondition("1 of them and not _helper", NAMES)).toMatchObject({
      kind: "and",
      operands: [{ quantifier: "one" }, { kind: "not", operand: ref("_helper") }],
    });
  });

  it("accepts keywords in any case", () => {
    expect(parseCondition("selection AND NOT filter_a", NAMES)).toEqual({
      kind: "and",
      operands: [ref("selection"), { kind: "not", operand: ref("filter_a") }],
    });
  });

  it("names unknown selections and patterns that match nothing", () => {
    expect(() => parseCondition("selection and filtr", NAMES)).toThrow(
      "the condition names 'filtr', which is not a selection of this detection",
    );
    expect(() => parseCondition("1 of nope_*", NAMES)).toThrow("the pattern 'nope_*' matches no selection");
  });

  it("rejects malformed conditions with a reason", () => {
    expect(() => parseCondition("", NAMES)).toThrow("the condition is empty");
    expect(() => parseCondition("(selection", NAMES)).toThrow("a '(' is never closed");
    expect(() => parseCondition("selection)", NAMES)).toThrow("a ')' has no matching '('");
    expect(() => parseCondition("selection filter_a", NAMES)).toThrow(
      "unexpected 'filter_a' after a complete condition",
    );
    expect(() => parseCondition("selection and", NAMES)).toThrow("the condition ends where a selection was expected");
    expect(() => parseCondition("2 of sel_*", NAMES)).toThrow("'2 of' is not a Sigma quantifier");
    expect(() => parseCondition("sel_*", NAMES)).toThrow("the pattern 'sel_*' needs '1 of' or 'all of' before it");
  });
});
