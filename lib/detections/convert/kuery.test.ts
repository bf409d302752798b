import { describe, expect, it } from "vitest";
import {
  isExistsValue,
  KuerySyntaxError,
  literalValue,
  parseKuery,
  type KueryNode,
} from "@/lib/detections/convert/kuery";

const text = (value: string) => ({ kind: "text", text: value }) as const;
const star = { kind: "wildcard" } as const;
const match = (
  field: string | null,
  ...parts: ({ kind: "text"; text: string } | { kind: "wildcard" })[]
): KueryNode => ({ kind: "match", field, value: { quoted: false, parts } });
const quoted = (field: string, value: string): KueryNode => ({
  kind: "match",
  field,
  value: { quoted: true, parts: [text(value)] },
});

describe("parseKuery", () => {
  it("reads field:value with unquoted and quoted values", () => {
    expect(parseKuery("event.outcome:success")).toEqual(match("event.outcome", text("success")));
    expect(parseKuery('azure.auditlogs.operation_name:"Add member to role"')).toEqual(
      quoted("azure.auditlogs.operation_name", "Add member to role"),
    );
    expect(parseKuery("data_stream.dataset : azure.signinlogs")).toEqual(
      match("data_stream.dataset", text("azure.signinlogs")),
    );
  });

  it("keeps spaces inside an unquoted value and trims around it", () => {
    expect(parseKuery("event.action:  Sign-in activity  ")).toEqual(match("event.action", text("Sign-in activity")));
  });

  it("reads * as a wildcard in unquoted values and as a character in quoted ones", () => {
    expect(parseKuery("user_agent.original:Mozilla*Windows*")).toEqual(
      match("user_agent.original", text("Mozilla"), star, text("Windows"), star),
    );
    expect(parseKuery('user_agent.original:"Mozilla*"')).toEqual(quoted("user_agent.original", "Mozilla*"));
  });

  it("reads field:* as the field existing", () => {
    const node = parseKuery("azure.signinlogs.properties.app_id:*");
    expect(node).toEqual(match("azure.signinlogs.properties.app_id", star));
    expect(node.kind === "match" && isExistsValue(node.value)).toBe(true);
    expect(isExistsValue({ quoted: true, parts: [text("*")] })).toBe(false);
  });

  it("reads a list of values as the same boolean tree over the field", () => {
    expect(parseKuery("event.outcome:(success or Success)")).toEqual({
      kind: "or",
      operands: [match("event.outcome", text("success")), match("event.outcome", text("Success"))],
    });
    expect(parseKuery('user_agent.original:(* and not (Dsreg* or "Dalvik"))')).toEqual({
      kind: "and",
      operands: [
        match("user_agent.original", star),
        {
          kind: "not",
          operand: {
            kind: "or",
            operands: [match("user_agent.original", text("Dsreg"), star), quoted("user_agent.original", "Dalvik")],
          },
        },
      ],
    });
  });

  it("reads ranges", () => {
    expect(parseKuery("http.response.status_code >= 400")).toEqual({
      kind: "range",
      field: "http.response.status_code",
      operator: ">=",
      value: { quoted: false, parts: [text("400")] },
    });
    for (const operator of ["<", "<=", ">"] as const) {
      expect(parseKuery(`source.as.number${operator}100`)).toMatchObject({ kind: "range", operator });
    }
  });

  it("gives not precedence over and, and and over or, with parentheses overriding both", () => {
    expect(parseKuery("a:1 or b:2 and not c:3")).toEqual({
      kind: "or",
      operands: [
        match("a", text("1")),
        { kind: "and", operands: [match("b", text("2")), { kind: "not", operand: match("c", text("3")) }] },
      ],
    });
    expect(parseKuery("(a:1 or b:2) AND c:3")).toEqual({
      kind: "and",
      operands: [{ kind: "or", operands: [match("a", text("1")), match("b", text("2"))] }, match("c", text("3"))],
    });
    expect(parseKuery("a:1 and b:2 and c:3")).toEqual({
      kind: "and",
      operands: [match("a", text("1")), match("b", text("2")), match("c", text("3"))],
    });
    expect(parseKuery("NOT a:1")).toEqual({ kind: "not", operand: match("a", text("1")) });
  });

  it("reads a nested query", () => {
    expect(parseKuery('items:{ name:"x" and kind:y }')).toEqual({
      kind: "nested",
      path: "items",
      query: { kind: "and", operands: [quoted("name", "x"), match("kind", text("y"))] },
    });
  });

  it("reads a value without a field as a free-text search", () => {
    expect(parseKuery('"Add member to role"')).toEqual({
      kind: "match",
      field: null,
      value: { quoted: true, parts: [text("Add member to role")] },
    });
  });

  it("reads escapes in quoted and unquoted values", () => {
    expect(parseKuery('a:"\\"Global Administrator\\" \\\\ \\t\\u0041 C:\\x"')).toEqual(
      quoted("a", '"Global Administrator" \\ \tA C:\\x'),
    );
    expect(parseKuery("a:C\\:\\\\Windows\\*\\(1\\)\\{\\}\\<\\>")).toEqual(match("a", text("C:\\Windows*(1){}<>")));
    expect(parseKuery("a:black \\or white")).toEqual(match("a", text("black or white")));
    expect(parseKuery("a:\\u00e9t\\u00e9")).toEqual(match("a", text("été")));
  });

  it("reads wildcard and quoted field names", () => {
    expect(parseKuery("azure.auditlogs.properties.target_resources.*.type:User")).toEqual(
      match("azure.auditlogs.properties.target_resources.*.type", text("User")),
    );
    expect(parseKuery('"event.action":x')).toEqual(match("event.action", text("x")));
  });

  it("reads an empty quoted value", () => {
    expect(parseKuery('a:""')).toEqual(quoted("a", ""));
  });

  it.each([
    ["", "The query is empty at offset 0"],
    ["a:(b or c", "Expected ')' at offset 9"],
    ['a:"open', "Unterminated quoted string at offset 2"],
    ["a:", "Expected a value or '(' at offset 2"],
    ["a:b)", 'Unexpected ")" at offset 3'],
    ["a:\\q", "Unknown escape '\\q' at offset 2"],
    ["a >", "Expected a value after '>' at offset 3"],
    ["items:{ name:x", "Expected '}' at offset 14"],
  ])("refuses %j: %s", (query, message) => {
    expect(() => parseKuery(query)).toThrow(KuerySyntaxError);
    expect(() => parseKuery(query)).toThrow(message);
  });
});

describe("literalValue", () => {
  it("is the text of a value without wildcards, else null", () => {
    expect(literalValue({ quoted: false, parts: [text("a")] })).toBe("a");
    expect(literalValue({ quoted: false, parts: [text("a"), star] })).toBeNull();
  });
});
