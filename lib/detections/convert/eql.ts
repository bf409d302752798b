import type { KueryNode, KueryValue, KueryValuePart } from "./kuery";

/**
 * A reader for the EQL (Event Query Language) that Elastic's eql rules are written in, as far as
 * those rules use it:
 *
 *   query     = sequence | event
 *   event     = category "where" condition                category: a name, or "any"
 *   sequence  = "sequence" ["by" fields] ["with" "maxspan" "=" span] step step+ ["until" step]
 *   step      = "[" event "]" ["by" fields] ["with" "runs" "=" n]     "![" … "]": a missing event
 *   condition = or; or = and ("or" and)*; and = not ("and" not)*; not = "not" not | "(" condition ")" | test
 *   test      = field op value | field ":" values | field ("like" | "like~" | "regex" | "regex~") values
 *             | field ["not"] ("in" | "in~") "(" value ("," value)* ")" | field ("==" | "!=") null
 *
 * Comparisons become the tree kuery rules are read into (./kuery): `==` and `like` compare
 * exactly, `:`, `like~` and `in~` without regard to case; `*` and `?` are wildcards only for `:`
 * and `like`. A field may be written with backquoted parts (a.`0`.b). Anything else — functions,
 * pipes, a field compared with a field — is an EqlSyntaxError naming it, so the converter refuses
 * the rule with the reason.
 */

export type EqlEvent = { category: string; condition: KueryNode | null };

export type EqlStep = {
  event: EqlEvent;
  keys: string[];
  /** `with runs=n`: the step repeats n times. */
  runs: number;
};

export type EqlSpan = { amount: number; unit: "ms" | "s" | "m" | "h" | "d"; text: string; seconds: number };

export type EqlQuery =
  | { kind: "event"; event: EqlEvent }
  | {
      kind: "sequence";
      keys: string[];
      maxspan: EqlSpan | null;
      steps: EqlStep[];
      /** Constructs the converter cannot express, by name: `until`, a missing-event step (`![…]`). */
      unsupported: string[];
    };

export class EqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    /** The construct the query uses that is not read, when that is why it failed. */
    readonly construct: string | null = null,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = "EqlSyntaxError";
  }
}

type Token =
  | { kind: "word"; text: string; offset: number }
  | { kind: "string"; text: string; offset: number }
  | { kind: "number"; text: string; offset: number }
  | { kind: "symbol"; text: string; offset: number }
  | { kind: "end"; offset: number };

const SYMBOLS = ["==", "!=", "<=", ">=", "![", "<", ">", ":", "(", ")", "[", "]", ",", "=", "|"];
const SPAN_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 } as const;

export function parseEql(text: string): EqlQuery {
  return new EqlParser(tokenize(text)).query();
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (text.startsWith("//", index)) {
      while (index < text.length && text[index] !== "\n") index++;
      continue;
    }
    if (text.startsWith("/*", index)) {
      const end = text.indexOf("*/", index + 2);
      index = end === -1 ? text.length : end + 2;
      continue;
    }
    const start = index;
    if (text.startsWith('"""', index)) {
      const end = text.indexOf('"""', index + 3);
      if (end === -1) throw new EqlSyntaxError("Unterminated string", start);
      tokens.push({ kind: "string", text: text.slice(index + 3, end), offset: start });
      index = end + 3;
      continue;
    }
    if (char === '"' || char === "'") {
      const [value, next] = quotedString(text, index);
      tokens.push({ kind: "string", text: value, offset: start });
      index = next;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, index));
    if (symbol !== undefined) {
      tokens.push({ kind: "symbol", text: symbol, offset: start });
      index += symbol.length;
      continue;
    }
    if (/[-0-9]/.test(char) && /^-?\d/.test(text.slice(index, index + 2))) {
      const match = /^-?\d+(?:\.\d+)?/.exec(text.slice(index))!;
      tokens.push({ kind: "number", text: match[0], offset: start });
      index += match[0].length;
      continue;
    }
    if (/[A-Za-z_@`]/.test(char)) {
      let word = "";
      while (index < text.length) {
        if (text[index] === "`") {
          const end = text.indexOf("`", index + 1);
          if (end === -1) throw new EqlSyntaxError("Unterminated backquoted field", index);
          word += text.slice(index + 1, end);
          index = end + 1;
        } else if (/[\w.@~]/.test(text[index])) {
          word += text[index++];
        } else break;
      }
      tokens.push({ kind: "word", text: word, offset: start });
      continue;
    }
    throw new EqlSyntaxError(`Unexpected character ${JSON.stringify(char)}`, start);
  }
  tokens.push({ kind: "end", offset: text.length });
  return tokens;
}

const STRING_ESCAPES: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "'": "'", "\\": "\\" };

function quotedString(text: string, start: number): [string, number] {
  const quote = text[start];
  let value = "";
  let index = start + 1;
  while (index < text.length && text[index] !== quote) {
    if (text[index] === "\\" && index + 1 < text.length) {
      const escaped = text[index + 1];
      value += STRING_ESCAPES[escaped] ?? `\\${escaped}`;
      index += 2;
    } else value += text[index++];
  }
  if (index >= text.length) throw new EqlSyntaxError("Unterminated string", start);
  return [value, index + 1];
}

class EqlParser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  query(): EqlQuery {
    const result: EqlQuery = this.isWord("sequence") ? this.sequence() : { kind: "event", event: this.event() };
    const next = this.peek();
    if (next.kind === "symbol" && next.text === "|")
      throw new EqlSyntaxError("A pipe after the query is not read", next.offset, "pipe");
    if (next.kind !== "end") throw this.unexpected();
    return result;
  }

  private sequence(): EqlQuery {
    this.expectWord("sequence");
    let keys: string[] = [];
    let maxspan: EqlSpan | null = null;
    if (this.takeWord("by")) keys = this.fields();
    if (this.takeWord("with")) {
      this.expectWord("maxspan");
      this.expectSymbol("=");
      maxspan = this.span();
    }
    const steps: EqlStep[] = [];
    const unsupported: string[] = [];
    for (;;) {
      const next = this.peek();
      if (next.kind === "symbol" && next.text === "![") {
        unsupported.push("missing-event step");
        this.position++;
        this.stepBody(true);
        continue;
      }
      if (next.kind === "symbol" && next.text === "[") {
        this.position++;
        steps.push(this.stepBody(false));
        continue;
      }
      break;
    }
    if (this.takeWord("until")) {
      unsupported.push("until");
      this.expectSymbol("[");
      this.stepBody(false);
    }
    if (steps.length === 0) throw this.unexpected();
    return { kind: "sequence", keys, maxspan, steps, unsupported };
  }

  /** After `[`: the event, `]`, and the step's `by` and `with runs=`. */
  private stepBody(missing: boolean): EqlStep {
    const event = this.event();
    this.expectSymbol("]");
    let keys: string[] = [];
    let runs = 1;
    if (this.takeWord("by")) keys = this.fields();
    const following = this.peekAt(1);
    if (!missing && this.isWord("with") && following.kind === "word" && following.text === "runs") {
      this.position += 2;
      this.expectSymbol("=");
      const count = this.next();
      if (count.kind !== "number" || !/^\d+$/.test(count.text)) throw this.unexpected(count);
      runs = Number(count.text);
    }
    return { event, keys, runs };
  }

  private event(): EqlEvent {
    const category = this.next();
    if (category.kind !== "word" && category.kind !== "string") throw this.unexpected(category);
    this.expectWord("where");
    const condition = this.or();
    return { category: category.text, condition: isTrue(condition) ? null : condition };
  }

  private fields(): string[] {
    const fields = [this.field()];
    while (this.takeSymbol(",")) fields.push(this.field());
    return fields;
  }

  private field(): string {
    const token = this.next();
    if (token.kind !== "word" || isKeyword(token.text)) throw this.unexpected(token);
    return token.text;
  }

  private span(): EqlSpan {
    const token = this.next();
    const match = token.kind === "word" || token.kind === "number" ? /^(\d+)(ms|s|m|h|d)?$/.exec(token.text) : null;
    let unit = match?.[2];
    if (match && unit === undefined) {
      const following = this.peek();
      if (following.kind === "word" && /^(ms|s|m|h|d)$/.test(following.text)) {
        unit = following.text;
        this.position++;
      }
    }
    if (match === null || unit === undefined) throw this.unexpected(token);
    const amount = Number(match[1]);
    const typed = unit as EqlSpan["unit"];
    return { amount, unit: typed, text: `${amount}${typed}`, seconds: amount * SPAN_SECONDS[typed] };
  }

  private or(): KueryNode {
    const operands = [this.and()];
    while (this.takeWord("or")) operands.push(this.and());
    return operands.length === 1 ? operands[0] : { kind: "or", operands };
  }

  private and(): KueryNode {
    const operands = [this.not()];
    while (this.takeWord("and")) operands.push(this.not());
    return operands.length === 1 ? operands[0] : { kind: "and", operands };
  }

  private not(): KueryNode {
    if (this.takeWord("not")) return { kind: "not", operand: this.not() };
    if (this.takeSymbol("(")) {
      const inner = this.or();
      this.expectSymbol(")");
      return inner;
    }
    return this.test();
  }

  private test(): KueryNode {
    const start = this.peek();
    if (start.kind === "word" && (start.text === "true" || start.text === "false")) {
      this.position++;
      return start.text === "true" ? TRUE_NODE : { kind: "not", operand: TRUE_NODE };
    }
    const field = this.field();
    const operator = this.peek();
    if (operator.kind === "symbol" && operator.text === "(")
      throw new EqlSyntaxError(`The function ${field}() is not read`, start.offset, `${field}()`);
    this.position++;
    if (operator.kind === "symbol") {
      switch (operator.text) {
        case "==":
        case "!=": {
          const value = this.value();
          const node: KueryNode =
            value === null
              ? { kind: "not", operand: exists(field) }
              : { kind: "match", field, value: literal(value.text) };
          return operator.text === "!=" ? { kind: "not", operand: node } : node;
        }
        case ":":
          return anyOf(this.values().map((value) => ({ ...wildcardMatch(field, value), caseInsensitive: true })));
        case "<":
        case "<=":
        case ">":
        case ">=": {
          const value = this.value();
          if (value === null) throw this.unexpected(operator);
          return { kind: "range", field, operator: operator.text, value: literal(value.text) };
        }
      }
    }
    if (operator.kind === "word") {
      const negated = operator.text === "not";
      const word = negated ? this.next() : operator;
      if (word.kind === "word") {
        const node = this.wordTest(field, word.text);
        if (node !== null) return negated ? { kind: "not", operand: node } : node;
      }
    }
    throw this.unexpected(operator);
  }

  private wordTest(field: string, operator: string): KueryNode | null {
    switch (operator) {
      case "like":
      case "like~":
        return anyOf(
          this.values().map((value) => {
            const node = wildcardMatch(field, value);
            return operator === "like~" ? { ...node, caseInsensitive: true } : node;
          }),
        );
      case "regex":
      case "regex~":
        return anyOf(
          this.values().map((value): KueryNode => ({
            kind: "regex",
            field,
            pattern: value,
            caseInsensitive: operator === "regex~",
          })),
        );
      case "in":
      case "in~": {
        this.expectSymbol("(");
        const values = [this.listValue()];
        while (this.takeSymbol(",")) values.push(this.listValue());
        this.expectSymbol(")");
        return anyOf(
          values.map((value): KueryNode => {
            const node: KueryNode = { kind: "match", field, value: literal(value) };
            return operator === "in~" ? { ...node, caseInsensitive: true } : node;
          }),
        );
      }
      default:
        return null;
    }
  }

  /** One value, or a parenthesised list of them (for `:`, `like`, `regex`). */
  private values(): string[] {
    if (this.takeSymbol("(")) {
      const values = [this.listValue()];
      while (this.takeSymbol(",")) values.push(this.listValue());
      this.expectSymbol(")");
      return values;
    }
    return [this.listValue()];
  }

  private listValue(): string {
    const value = this.value();
    if (value === null) throw this.unexpected();
    return value.text;
  }

  /** A literal: its text (strings, numbers, true/false), or null for `null`. */
  private value(): { text: string } | null {
    const token = this.next();
    if (token.kind === "string" || token.kind === "number") return { text: token.text };
    if (token.kind === "word" && (token.text === "true" || token.text === "false")) return { text: token.text };
    if (token.kind === "word" && token.text === "null") return null;
    if (token.kind === "word")
      throw new EqlSyntaxError(`A field compared with a field (${token.text}) is not read`, token.offset, token.text);
    throw this.unexpected(token);
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private peekAt(ahead: number): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (token.kind !== "end") this.position++;
    return token;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === "word" && token.text === word;
  }

  private takeWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.position++;
    return true;
  }

  private expectWord(word: string): void {
    if (!this.takeWord(word)) throw this.unexpected();
  }

  private takeSymbol(symbol: string): boolean {
    const token = this.peek();
    if (token.kind !== "symbol" || token.text !== symbol) return false;
    this.position++;
    return true;
  }

  private expectSymbol(symbol: string): void {
    if (!this.takeSymbol(symbol)) throw this.unexpected();
  }

  private unexpected(token: Token = this.peek()): EqlSyntaxError {
    return new EqlSyntaxError(
      token.kind === "end" ? "Unexpected end of query" : `Unexpected ${JSON.stringify(token.text)}`,
      token.offset,
    );
  }
}

const KEYWORDS = new Set([
  "and",
  "or",
  "not",
  "where",
  "by",
  "with",
  "sequence",
  "until",
  "in",
  "in~",
  "like",
  "like~",
]);

function isKeyword(word: string): boolean {
  return KEYWORDS.has(word);
}

/** `true` as a condition: a match no event fails, read back as no condition at all. */
const TRUE_NODE: KueryNode = { kind: "and", operands: [] };

function isTrue(node: KueryNode): boolean {
  return node.kind === "and" && node.operands.length === 0;
}

function exists(field: string): KueryNode {
  return { kind: "match", field, value: { quoted: false, parts: [{ kind: "wildcard" }] } };
}

function literal(text: string): KueryValue {
  return { quoted: true, parts: [{ kind: "text", text }] };
}

/** `*` and `?` as wildcards; the lone `*` of EQL's `:` still means any value, that is, the field exists. */
function wildcardMatch(field: string, pattern: string): Extract<KueryNode, { kind: "match" }> {
  const parts: KueryValuePart[] = [];
  for (const char of pattern) {
    if (char === "*") parts.push({ kind: "wildcard" });
    else if (char === "?") parts.push({ kind: "wildcard", single: true });
    else if (parts.at(-1)?.kind === "text") (parts.at(-1) as { kind: "text"; text: string }).text += char;
    else parts.push({ kind: "text", text: char });
  }
  return { kind: "match", field, value: { quoted: false, parts } };
}

function anyOf(nodes: KueryNode[]): KueryNode {
  return nodes.length === 1 ? nodes[0] : { kind: "or", operands: nodes };
}
