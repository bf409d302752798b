/**
 * A parser for Kibana's query language (KQL, "kuery"), the language of Elastic's query,
 * threshold and new_terms rules. It follows Kibana's own grammar:
 *
 *   query      = or
 *   or         = and ("or" and)*               keywords in any case, surrounded by whitespace
 *   and        = not ("and" not)*              and binds tighter than or
 *   not        = "not" sub | sub
 *   sub        = "(" query ")" | field ":" "{" query "}" | field range-op literal
 *              | field ":" values | value      (a value alone is a free-text search)
 *   values     = "(" value-or ")" | value      value-or/and/not: the same boolean forms over values
 *   value      = "…" (quoted: no wildcard) | unquoted literal (`*` a wildcard, `\` escapes)
 *
 * `field:(a or not b)` reads as `field:a or not field:b`, so the tree only has boolean nodes over
 * single comparisons. Escapes: in quoted strings `\"`, `\\`, `\t`, `\r`, `\n`, `\uXXXX` (another
 * backslash stays a backslash); in unquoted ones also `\(`, `\)`, `\:`, `\<`, `\>`, `\*`, `\{`,
 * `\}` and an escaped keyword (`\or`). Whitespace inside an unquoted value belongs to it unless
 * a keyword follows.
 */

/** A run of literal characters or a `*` wildcard (`?`, one character, `single`: EQL's, never kuery's). */
export type KueryValuePart = { kind: "text"; text: string } | { kind: "wildcard"; single?: true };

export type KueryValue = { quoted: boolean; parts: KueryValuePart[] };

export type KueryRangeOperator = "<" | "<=" | ">" | ">=";

/**
 * The comparisons Elastic's rule languages make, as a tree: kuery's own, and EQL's, which the EQL
 * reader (./eql) builds in the same shape so one translator serves both.
 */
export type KueryNode =
  | { kind: "and"; operands: KueryNode[] }
  | { kind: "or"; operands: KueryNode[] }
  | { kind: "not"; operand: KueryNode }
  /**
   * `field:value`; `field` is null for a free-text search. A lone unquoted `*` value means "the
   * field exists". Keywords compare exactly unless `caseInsensitive` (EQL's `:`, `like~`, `in~`).
   */
  | { kind: "match"; field: string | null; value: KueryValue; caseInsensitive?: true }
  /** EQL's `regex` / `regex~`: the whole value matches the Lucene regular expression. */
  | { kind: "regex"; field: string; pattern: string; caseInsensitive: boolean }
  | { kind: "range"; field: string; operator: KueryRangeOperator; value: KueryValue }
  /** `path:{ query }`: the query holds for one element of the nested field `path`. */
  | { kind: "nested"; path: string; query: KueryNode };

export class KuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = "KuerySyntaxError";
  }
}

const SPECIAL = new Set(["\\", "(", ")", ":", "<", ">", '"', "*", "{", "}"]);
const KEYWORDS = ["or", "and", "not"] as const;
const WHITESPACE_ESCAPES: Readonly<Record<string, string>> = { t: "\t", r: "\r", n: "\n" };

export function parseKuery(text: string): KueryNode {
  return new KueryParser(text).parse();
}

/** The text of a value with no wildcard; null when it has one. */
export function literalValue(value: KueryValue): string | null {
  return value.parts.every((part) => part.kind === "text")
    ? value.parts.map((part) => (part.kind === "text" ? part.text : "")).join("")
    : null;
}

/** Whether the value is the lone unquoted `*` that asks for the field to exist. */
export function isExistsValue(value: KueryValue): boolean {
  return !value.quoted && value.parts.length === 1 && value.parts[0].kind === "wildcard";
}

type ValueTree =
  | { kind: "and" | "or"; operands: ValueTree[] }
  | { kind: "not"; operand: ValueTree }
  | { kind: "value"; value: KueryValue };

class KueryParser {
  private position = 0;

  constructor(private readonly text: string) {}

  parse(): KueryNode {
    this.skipSpace();
    if (this.atEnd()) throw this.error("The query is empty");
    const query = this.orQuery();
    this.skipSpace();
    if (!this.atEnd()) throw this.error(`Unexpected ${JSON.stringify(this.text[this.position])}`);
    return query;
  }

  private orQuery(): KueryNode {
    return this.binary(
      "or",
      () => this.andQuery(),
      (kind, operands) => ({ kind, operands }),
    );
  }

  private andQuery(): KueryNode {
    return this.binary(
      "and",
      () => this.notQuery(),
      (kind, operands) => ({ kind, operands }),
    );
  }

  private notQuery(): KueryNode {
    return this.takeNot() ? { kind: "not", operand: this.subQuery() } : this.subQuery();
  }

  private subQuery(): KueryNode {
    this.skipSpace();
    if (this.peek() === "(") {
      this.position++;
      const query = this.orQuery();
      this.expect(")");
      return query;
    }
    const start = this.position;
    const first = this.literal();
    if (first === null) throw this.error("Expected a field, a value or '('");
    this.skipSpace();
    const operator = this.rangeOperator();
    if (operator !== null) {
      this.skipSpace();
      const value = this.literal();
      if (value === null) throw this.error(`Expected a value after '${operator}'`);
      return { kind: "range", field: this.fieldName(first, start), operator, value };
    }
    if (this.peek() !== ":") return { kind: "match", field: null, value: first };
    const field = this.fieldName(first, start);
    this.position++;
    this.skipSpace();
    if (this.peek() === "{") {
      this.position++;
      const query = this.orQuery();
      this.expect("}");
      return { kind: "nested", path: field, query };
    }
    return distribute(field, this.listOfValues());
  }

  private listOfValues(): ValueTree {
    this.skipSpace();
    if (this.peek() === "(") {
      this.position++;
      const values = this.binary(
        "or",
        () => this.andValues(),
        (kind, operands): ValueTree => ({ kind, operands }),
      );
      this.expect(")");
      return values;
    }
    const value = this.literal();
    if (value === null) throw this.error("Expected a value or '('");
    return { kind: "value", value };
  }

  private andValues(): ValueTree {
    return this.binary(
      "and",
      () => this.notValues(),
      (kind, operands): ValueTree => ({ kind, operands }),
    );
  }

  private notValues(): ValueTree {
    return this.takeNot() ? { kind: "not", operand: this.listOfValues() } : this.listOfValues();
  }

  /** One or more `operand`s joined by the keyword `keyword`, flattened into one node. */
  private binary<Node>(
    keyword: "and" | "or",
    operand: () => Node,
    build: (kind: "and" | "or", operands: Node[]) => Node,
  ): Node {
    const operands = [operand()];
    while (this.takeKeyword(keyword)) operands.push(operand());
    return operands.length === 1 ? operands[0] : build(keyword, operands);
  }

  /** `not` followed by whitespace (or an opening parenthesis, as Kibana allows `not(…)`). */
  private takeNot(): boolean {
    this.skipSpace();
    const word = this.text.slice(this.position, this.position + 3);
    const after = this.text[this.position + 3];
    if (word.toLowerCase() !== "not" || !(after === undefined || isSpace(after) || after === "(")) return false;
    if (after === undefined) throw this.error("Expected a query after 'not'");
    this.position += 3;
    return true;
  }

  /** Whitespace, the keyword, whitespace; consumed only when all three are there. */
  private takeKeyword(keyword: "and" | "or"): boolean {
    const match = new RegExp(`^\\s+${keyword}\\s+`, "i").exec(this.text.slice(this.position));
    if (match === null) return false;
    this.position += match[0].length;
    return true;
  }

  private rangeOperator(): KueryRangeOperator | null {
    for (const operator of ["<=", ">=", "<", ">"] as const) {
      if (this.text.startsWith(operator, this.position)) {
        this.position += operator.length;
        return operator;
      }
    }
    return null;
  }

  private literal(): KueryValue | null {
    return this.peek() === '"' ? this.quoted() : this.unquoted();
  }

  private quoted(): KueryValue {
    const start = this.position;
    this.position++;
    let text = "";
    while (!this.atEnd() && this.peek() !== '"') {
      const character = this.text[this.position];
      const next = this.text[this.position + 1];
      if (character === "\\" && next !== undefined && (next === "\\" || next === '"')) {
        text += next;
        this.position += 2;
      } else if (character === "\\" && next !== undefined && Object.hasOwn(WHITESPACE_ESCAPES, next)) {
        text += WHITESPACE_ESCAPES[next];
        this.position += 2;
      } else if (character === "\\" && next === "u") {
        text += this.unicodeEscape();
      } else {
        text += character;
        this.position++;
      }
    }
    if (this.atEnd()) throw new KuerySyntaxError("Unterminated quoted string", start);
    this.position++;
    return { quoted: true, parts: [{ kind: "text", text }] };
  }

  /** Characters up to a special character or a keyword, trimmed; null if there are none. */
  private unquoted(): KueryValue | null {
    const parts: KueryValuePart[] = [];
    let text = "";
    const flush = () => {
      if (text !== "") parts.push({ kind: "text", text });
      text = "";
    };
    while (!this.atEnd()) {
      const character = this.text[this.position];
      const next = this.text[this.position + 1];
      if (character === "\\") {
        if (next === undefined) throw this.error("A backslash ends the query");
        if (Object.hasOwn(WHITESPACE_ESCAPES, next)) {
          text += WHITESPACE_ESCAPES[next];
          this.position += 2;
        } else if (next === "u") {
          text += this.unicodeEscape();
        } else if (SPECIAL.has(next)) {
          text += next;
          this.position += 2;
        } else {
          const keyword = KEYWORDS.find(
            (word) => this.text.slice(this.position + 1, this.position + 1 + word.length).toLowerCase() === word,
          );
          if (keyword === undefined) throw this.error(`Unknown escape '\\${next}'`);
          text += this.text.slice(this.position + 1, this.position + 1 + keyword.length);
          this.position += 1 + keyword.length;
        }
      } else if (character === "*") {
        flush();
        parts.push({ kind: "wildcard" });
        this.position++;
      } else if (SPECIAL.has(character) || this.keywordAhead()) {
        break;
      } else {
        text += character;
        this.position++;
      }
    }
    flush();
    trimParts(parts);
    return parts.length === 0 ? null : { quoted: false, parts };
  }

  /** Whether the value ends here: whitespace then `or` / `and` / `not` then whitespace, or a `not` at the very start. */
  private keywordAhead(): boolean {
    return /^\s+(or|and|not)\s/i.test(this.text.slice(this.position));
  }

  private unicodeEscape(): string {
    const hex = this.text.slice(this.position + 2, this.position + 6);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error("Expected four hexadecimal digits after '\\u'");
    this.position += 6;
    return String.fromCharCode(Number.parseInt(hex, 16));
  }

  private fieldName(value: KueryValue, start: number): string {
    const name = value.parts.map((part) => (part.kind === "text" ? part.text : "*")).join("");
    if (name === "" || /\s/.test(name)) throw new KuerySyntaxError(`Invalid field name ${JSON.stringify(name)}`, start);
    return name;
  }

  private expect(character: string): void {
    this.skipSpace();
    if (this.peek() !== character) throw this.error(`Expected '${character}'`);
    this.position++;
  }

  private skipSpace(): void {
    while (!this.atEnd() && isSpace(this.text[this.position])) this.position++;
  }

  private peek(): string | undefined {
    return this.text[this.position];
  }

  private atEnd(): boolean {
    return this.position >= this.text.length;
  }

  private error(message: string): KuerySyntaxError {
    return new KuerySyntaxError(message, this.position);
  }
}

function isSpace(character: string): boolean {
  return character === " " || character === "\t" || character === "\r" || character === "\n";
}

/** Whitespace around an unquoted value is not part of it. */
function trimParts(parts: KueryValuePart[]): void {
  const first = parts[0];
  if (first?.kind === "text") first.text = first.text.replace(/^\s+/, "");
  const last = parts.at(-1);
  if (last?.kind === "text") last.text = last.text.replace(/\s+$/, "");
  for (let index = parts.length - 1; index >= 0; index--) {
    const part = parts[index];
    if (part.kind === "text" && part.text === "") parts.splice(index, 1);
  }
}

/** `field:(a or not b)` as `field:a or not field:b`. */
function distribute(field: string, values: ValueTree): KueryNode {
  switch (values.kind) {
    case "value":
      return { kind: "match", field, value: values.value };
    case "not":
      return { kind: "not", operand: distribute(field, values.operand) };
    default:
      return { kind: values.kind, operands: values.operands.map((operand) => distribute(field, operand)) };
  }
}
