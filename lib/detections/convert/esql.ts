/**
 * A reader for ES|QL, the piped query language of Elastic's esql rules, as far as those rules use
 * it: the commands FROM (with METADATA), WHERE, EVAL, STATS … BY, KEEP, DROP, RENAME, SORT,
 * LIMIT, DISSECT and MV_EXPAND, and expressions with AND / OR / NOT, comparisons, arithmetic,
 * IN, LIKE, RLIKE, IS [NOT] NULL, function calls and time spans (`15 minutes`). Keywords and
 * function names are read in any case; a field may be written with backquotes (`a.0.b`, a.`as`.b).
 * Any other command is kept by name, so the converter can refuse it naming it.
 */

export type EsqlExpression =
  | { kind: "field"; name: string }
  | { kind: "literal"; value: string | number | boolean | null }
  /** A time span: `15 minutes`, `1 hour`. */
  | { kind: "span"; amount: number; unit: EsqlSpanUnit }
  | { kind: "compare"; operator: "==" | "!=" | "<" | "<=" | ">" | ">="; left: EsqlExpression; right: EsqlExpression }
  | { kind: "arithmetic"; operator: "+" | "-" | "*" | "/" | "%"; left: EsqlExpression; right: EsqlExpression }
  | { kind: "and" | "or"; operands: EsqlExpression[] }
  | { kind: "not"; operand: EsqlExpression }
  | { kind: "in"; value: EsqlExpression; list: EsqlExpression[] }
  | { kind: "like" | "rlike"; value: EsqlExpression; pattern: string }
  | { kind: "is-null"; value: EsqlExpression }
  /** A function call; `name` lower-cased; `star`: COUNT(*). */
  | { kind: "call"; name: string; args: EsqlExpression[]; star?: true };

export type EsqlSpanUnit = "millisecond" | "second" | "minute" | "hour" | "day" | "week" | "month" | "year";

/** `name = expression`; an unnamed expression is named by its text, as ES|QL names it. */
export type EsqlAssignment = { name: string; expression: EsqlExpression };

export type EsqlCommand =
  | { kind: "from"; sources: string[] }
  | { kind: "where"; condition: EsqlExpression }
  | { kind: "eval"; assignments: EsqlAssignment[] }
  | { kind: "stats"; aggregations: EsqlAssignment[]; by: EsqlAssignment[] }
  | { kind: "keep"; patterns: string[] }
  | { kind: "drop"; patterns: string[] }
  | { kind: "rename"; renames: { from: string; to: string }[] }
  | { kind: "sort"; keys: { expression: EsqlExpression; descending: boolean }[] }
  | { kind: "limit"; count: number }
  | { kind: "dissect"; input: EsqlExpression; pattern: string }
  | { kind: "mv_expand"; field: string }
  | { kind: "other"; name: string };

export class EsqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = "EsqlSyntaxError";
  }
}

/** A token, with `end`: the offset just after its text. */
type Token =
  | { kind: "word"; text: string; offset: number; end: number; quoted: boolean }
  | { kind: "string"; text: string; offset: number; end: number }
  | { kind: "number"; text: string; offset: number; end: number }
  | { kind: "symbol"; text: string; offset: number; end: number }
  | { kind: "end"; offset: number; end: number };

const SYMBOLS = ["==", "!=", "<=", ">=", "<", ">", "=", "(", ")", ",", "|", "+", "-", "*", "/", "%", "."];
const SPAN_UNITS: Readonly<Record<string, EsqlSpanUnit>> = {
  ms: "millisecond",
  millisecond: "millisecond",
  milliseconds: "millisecond",
  s: "second",
  sec: "second",
  second: "second",
  seconds: "second",
  min: "minute",
  minute: "minute",
  minutes: "minute",
  h: "hour",
  hour: "hour",
  hours: "hour",
  d: "day",
  day: "day",
  days: "day",
  w: "week",
  week: "week",
  weeks: "week",
  mo: "month",
  month: "month",
  months: "month",
  y: "year",
  year: "year",
  years: "year",
};

export function parseEsql(text: string): EsqlCommand[] {
  return new EsqlParser(text, tokenize(text)).commands();
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
      if (end === -1) throw new EsqlSyntaxError("Unterminated string", start);
      tokens.push({ kind: "string", text: text.slice(index + 3, end), offset: start, end: end + 3 });
      index = end + 3;
      continue;
    }
    if (char === '"') {
      let value = "";
      index++;
      while (index < text.length && text[index] !== '"') {
        if (text[index] === "\\" && index + 1 < text.length) {
          const escaped = text[index + 1];
          value += ({ n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" } as Record<string, string>)[escaped] ?? escaped;
          index += 2;
        } else value += text[index++];
      }
      if (index >= text.length) throw new EsqlSyntaxError("Unterminated string", start);
      index++;
      tokens.push({ kind: "string", text: value, offset: start, end: index });
      continue;
    }
    if (/\d/.test(char)) {
      const match = /^\d+(?:\.\d+)?/.exec(text.slice(index))!;
      index += match[0].length;
      tokens.push({ kind: "number", text: match[0], offset: start, end: index });
      continue;
    }
    if (/[A-Za-z_@`]/.test(char)) {
      // A field name runs over its dots and backquoted parts: Esql.@timestamp.min, source.`as`.number.
      let word = "";
      let quoted = false;
      while (index < text.length) {
        if (text[index] === "`") {
          const end = text.indexOf("`", index + 1);
          if (end === -1) throw new EsqlSyntaxError("Unterminated backquoted name", index);
          word += text.slice(index + 1, end);
          quoted = true;
          index = end + 1;
        } else if (/[\w@]/.test(text[index])) {
          word += text[index++];
        } else if (text[index] === "." && /[\w@`*]/.test(text[index + 1] ?? "")) {
          word += text[index++];
        } else if (text[index] === "*" && (word.endsWith(".") || word === "")) {
          word += text[index++];
        } else break;
      }
      tokens.push({ kind: "word", text: word, offset: start, end: index, quoted });
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, index));
    if (symbol !== undefined) {
      index += symbol.length;
      tokens.push({ kind: "symbol", text: symbol, offset: start, end: index });
      continue;
    }
    throw new EsqlSyntaxError(`Unexpected character ${JSON.stringify(char)}`, start);
  }
  tokens.push({ kind: "end", offset: text.length, end: text.length });
  return tokens;
}

class EsqlParser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  commands(): EsqlCommand[] {
    const commands = [this.command()];
    while (this.takeSymbol("|")) commands.push(this.command());
    if (this.peek().kind !== "end") throw this.unexpected();
    return commands;
  }

  private command(): EsqlCommand {
    const token = this.next();
    if (token.kind !== "word") throw this.unexpected(token);
    const name = token.text.toLowerCase();
    switch (name) {
      case "from":
        return this.from();
      case "where":
        return { kind: "where", condition: this.expression() };
      case "eval":
        return { kind: "eval", assignments: this.assignments() };
      case "stats": {
        const aggregations = this.isKeyword("by") ? [] : this.assignments();
        const by = this.takeKeyword("by") ? this.assignments() : [];
        return { kind: "stats", aggregations, by };
      }
      case "keep":
      case "drop":
        return { kind: name, patterns: this.names() };
      case "rename": {
        const renames = [this.rename()];
        while (this.takeSymbol(",")) renames.push(this.rename());
        return { kind: "rename", renames };
      }
      case "sort": {
        const keys = [this.sortKey()];
        while (this.takeSymbol(",")) keys.push(this.sortKey());
        return { kind: "sort", keys };
      }
      case "limit": {
        const count = this.next();
        if (count.kind !== "number") throw this.unexpected(count);
        return { kind: "limit", count: Number(count.text) };
      }
      case "dissect": {
        const input = this.primary();
        const pattern = this.next();
        if (pattern.kind !== "string") throw this.unexpected(pattern);
        if (this.isKeyword("append_separator")) return this.skipCommand("dissect append_separator");
        return { kind: "dissect", input, pattern: pattern.text };
      }
      case "mv_expand":
        return { kind: "mv_expand", field: this.name() };
      default:
        return this.skipCommand(name);
    }
  }

  /** A command not read: its name is kept, its arguments skipped to the next pipe. */
  private skipCommand(name: string): EsqlCommand {
    while (!(this.peek().kind === "end" || (this.peek().kind === "symbol" && this.peekText() === "|"))) this.position++;
    return { kind: "other", name: name.toUpperCase() };
  }

  private from(): EsqlCommand {
    const sources = [this.source()];
    while (this.takeSymbol(",")) sources.push(this.source());
    if (this.takeKeyword("metadata")) this.names();
    return { kind: "from", sources };
  }

  /** An index pattern: the text up to a comma, a pipe or METADATA. */
  private source(): string {
    const start = this.peek().offset;
    let end = start;
    while (
      this.peek().kind !== "end" &&
      !(this.peek().kind === "symbol" && (this.peekText() === "," || this.peekText() === "|")) &&
      !this.isKeyword("metadata")
    ) {
      end = this.next().end;
    }
    const source = this.text.slice(start, end).trim();
    if (source === "") throw this.unexpected();
    return source;
  }

  private assignments(): EsqlAssignment[] {
    const assignments = [this.assignment()];
    while (this.takeSymbol(",")) assignments.push(this.assignment());
    return assignments;
  }

  private assignment(): EsqlAssignment {
    const token = this.peek();
    const next = this.tokens[this.position + 1];
    if (token.kind === "word" && next?.kind === "symbol" && next.text === "=") {
      this.position += 2;
      return { name: token.text, expression: this.expression() };
    }
    const start = token.offset;
    const expression = this.expression();
    return { name: this.text.slice(start, this.tokens[this.position - 1].end), expression };
  }

  private rename(): { from: string; to: string } {
    const from = this.name();
    if (this.takeKeyword("as")) return { from, to: this.name() };
    // RENAME new = old, ES|QL's newer form.
    this.expectSymbol("=");
    return { from: this.name(), to: from };
  }

  private sortKey(): { expression: EsqlExpression; descending: boolean } {
    const expression = this.expression();
    const descending = this.takeKeyword("desc");
    if (!descending) this.takeKeyword("asc");
    if (this.takeKeyword("nulls") && !this.takeKeyword("first")) this.expectKeyword("last");
    return { expression, descending };
  }

  private names(): string[] {
    const names = [this.name()];
    while (this.takeSymbol(",")) names.push(this.name());
    return names;
  }

  private name(): string {
    const token = this.next();
    if (token.kind !== "word") throw this.unexpected(token);
    return token.text;
  }

  // Expressions, loosest first: OR, AND, NOT, comparison and predicates, + -, * / %, unary, primary.

  private expression(): EsqlExpression {
    const operands = [this.and()];
    while (this.takeKeyword("or")) operands.push(this.and());
    return operands.length === 1 ? operands[0] : { kind: "or", operands };
  }

  private and(): EsqlExpression {
    const operands = [this.not()];
    while (this.takeKeyword("and")) operands.push(this.not());
    return operands.length === 1 ? operands[0] : { kind: "and", operands };
  }

  private not(): EsqlExpression {
    if (this.takeKeyword("not")) return { kind: "not", operand: this.not() };
    return this.predicate();
  }

  private predicate(): EsqlExpression {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === "symbol" && ["==", "!=", "<", "<=", ">", ">="].includes(token.text)) {
      this.position++;
      const operator = token.text as Extract<EsqlExpression, { kind: "compare" }>["operator"];
      return { kind: "compare", operator, left, right: this.additive() };
    }
    const negated = this.takeKeyword("not");
    let node: EsqlExpression | null = null;
    if (this.takeKeyword("in")) {
      this.expectSymbol("(");
      const list = [this.additive()];
      while (this.takeSymbol(",")) list.push(this.additive());
      this.expectSymbol(")");
      node = { kind: "in", value: left, list };
    } else if (this.isKeyword("like") || this.isKeyword("rlike")) {
      const kind = this.isKeyword("rlike") ? "rlike" : "like";
      this.position++;
      const pattern = this.next();
      if (pattern.kind !== "string") throw this.unexpected(pattern);
      node = { kind, value: left, pattern: pattern.text };
    } else if (!negated && this.takeKeyword("is")) {
      const isNot = this.takeKeyword("not");
      this.expectKeyword("null");
      const test: EsqlExpression = { kind: "is-null", value: left };
      return isNot ? { kind: "not", operand: test } : test;
    }
    if (node === null) {
      if (negated) throw this.unexpected();
      return left;
    }
    return negated ? { kind: "not", operand: node } : node;
  }

  private additive(): EsqlExpression {
    let left = this.multiplicative();
    for (;;) {
      const token = this.peek();
      if (token.kind !== "symbol" || (token.text !== "+" && token.text !== "-")) return left;
      this.position++;
      left = { kind: "arithmetic", operator: token.text, left, right: this.multiplicative() };
    }
  }

  private multiplicative(): EsqlExpression {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token.kind !== "symbol" || !["*", "/", "%"].includes(token.text)) return left;
      this.position++;
      const operator = token.text as "*" | "/" | "%";
      left = { kind: "arithmetic", operator, left, right: this.unary() };
    }
  }

  private unary(): EsqlExpression {
    if (this.takeSymbol("-")) {
      const operand = this.unary();
      if (operand.kind === "literal" && typeof operand.value === "number")
        return { kind: "literal", value: -operand.value };
      return { kind: "arithmetic", operator: "-", left: { kind: "literal", value: 0 }, right: operand };
    }
    return this.primary();
  }

  private primary(): EsqlExpression {
    const token = this.next();
    switch (token.kind) {
      case "string":
        return { kind: "literal", value: token.text };
      case "number": {
        const unit = this.peek();
        if (unit.kind === "word" && !unit.quoted && Object.hasOwn(SPAN_UNITS, unit.text.toLowerCase())) {
          this.position++;
          return { kind: "span", amount: Number(token.text), unit: SPAN_UNITS[unit.text.toLowerCase()] };
        }
        return { kind: "literal", value: Number(token.text) };
      }
      case "symbol":
        if (token.text === "(") {
          const inner = this.expression();
          this.expectSymbol(")");
          return inner;
        }
        throw this.unexpected(token);
      case "word": {
        const lower = token.text.toLowerCase();
        if (!token.quoted && (lower === "true" || lower === "false"))
          return { kind: "literal", value: lower === "true" };
        if (!token.quoted && lower === "null") return { kind: "literal", value: null };
        if (this.takeSymbol("(")) {
          if (this.takeSymbol("*")) {
            this.expectSymbol(")");
            return { kind: "call", name: lower, args: [], star: true };
          }
          const args: EsqlExpression[] = [];
          if (!this.takeSymbol(")")) {
            args.push(this.expression());
            while (this.takeSymbol(",")) args.push(this.expression());
            this.expectSymbol(")");
          }
          return { kind: "call", name: lower, args };
        }
        return { kind: "field", name: token.text };
      }
      default:
        throw this.unexpected(token);
    }
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private peekText(): string {
    const token = this.peek();
    return token.kind === "end" ? "" : token.text;
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (token.kind !== "end") this.position++;
    return token;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === "word" && !token.quoted && token.text.toLowerCase() === word;
  }

  private takeKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.position++;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.takeKeyword(word)) throw this.unexpected();
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

  private unexpected(token: Token = this.peek()): EsqlSyntaxError {
    return new EsqlSyntaxError(
      token.kind === "end" ? "Unexpected end of query" : `Unexpected ${JSON.stringify(token.text)}`,
      token.offset,
    );
  }
}
