import type { ConditionNode } from "./types";

/** A condition that cannot be read; the message names the offending word or selection. */
export class ConditionSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConditionSyntaxError";
  }
}

type Token = { kind: "open" } | { kind: "close" } | { kind: "pipe" } | { kind: "word"; text: string };

const KEYWORDS = new Set(["and", "or", "not", "of", "them", "all"]);
const IDENTIFIER = /^[A-Za-z0-9_*-]+$/;

/**
 * Parses a Sigma condition against the detection's selection names. Precedence is
 * not > and > or; parentheses group. `1 of x*` and `all of x*` expand to the selections the
 * pattern matches, `them` to every selection except those starting with an underscore (the
 * specification keeps those for helpers referenced by name). Keywords are case-insensitive.
 */
export function parseCondition(text: string, selectionNames: readonly string[]): ConditionNode {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new ConditionSyntaxError("the condition is empty");
  const parser = new ConditionParser(tokens, selectionNames);
  const node = parser.parseOr();
  parser.expectEnd();
  return node;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\()|(\))|(\|)|([^\s()|]+))/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    if (match[1]) tokens.push({ kind: "open" });
    else if (match[2]) tokens.push({ kind: "close" });
    else if (match[3]) tokens.push({ kind: "pipe" });
    else if (match[4]) tokens.push({ kind: "word", text: match[4] });
  }
  return tokens;
}

class ConditionParser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly selectionNames: readonly string[],
  ) {}

  parseOr(): ConditionNode {
    const operands = [this.parseAnd()];
    while (this.peekKeyword("or")) {
      this.position++;
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: "or", operands };
  }

  private parseAnd(): ConditionNode {
    const operands = [this.parseNot()];
    while (this.peekKeyword("and")) {
      this.position++;
      operands.push(this.parseNot());
    }
    return operands.length === 1 ? operands[0] : { kind: "and", operands };
  }

  private parseNot(): ConditionNode {
    if (this.peekKeyword("not")) {
      this.position++;
      return { kind: "not", operand: this.parseNot() };
    }
    return this.parseAtom();
  }

  private parseAtom(): ConditionNode {
    const token = this.tokens[this.position];
    if (token === undefined) throw new ConditionSyntaxError("the condition ends where a selection was expected");
    if (token.kind === "pipe") throw this.aggregationError();
    if (token.kind === "close") throw new ConditionSyntaxError("unexpected ')' where a selection was expected");
    if (token.kind === "open") {
      this.position++;
      const inner = this.parseOr();
      if (this.tokens[this.position]?.kind !== "close") throw new ConditionSyntaxError("a '(' is never closed");
      this.position++;
      return inner;
    }
    if (this.tokens[this.position + 1]?.kind === "word" && this.wordAt(this.position + 1) === "of") {
      return this.parseQuantified(token.text);
    }
    if (KEYWORDS.has(token.text.toLowerCase())) {
      throw new ConditionSyntaxError(`unexpected '${token.text}' where a selection was expected`);
    }
    this.position++;
    return this.selectionReference(token.text);
  }

  private parseQuantified(quantifierText: string): ConditionNode {
    const quantifier = quantifierText.toLowerCase() === "all" ? "all" : quantifierText === "1" ? "one" : null;
    if (quantifier === null) {
      throw new ConditionSyntaxError(`'${quantifierText} of' is not a Sigma quantifier; use '1 of' or 'all of'`);
    }
    this.position += 2;
    const target = this.tokens[this.position];
    if (target?.kind !== "word")
      throw new ConditionSyntaxError(`'${quantifierText} of' must be followed by a selection pattern or 'them'`);
    this.position++;
    const pattern = target.text;
    const selections =
      pattern.toLowerCase() === "them"
        ? this.selectionNames.filter((name) => !name.startsWith("_"))
        : this.matchPattern(pattern);
    if (selections.length === 0) {
      throw new ConditionSyntaxError(
        pattern.toLowerCase() === "them"
          ? "'them' matches no selection"
          : `the pattern '${pattern}' matches no selection`,
      );
    }
    return { kind: "quantified", quantifier, pattern, selections };
  }

  private matchPattern(pattern: string): string[] {
    if (!IDENTIFIER.test(pattern)) throw new ConditionSyntaxError(`'${pattern}' is not a selection pattern`);
    const expression = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
    return this.selectionNames.filter((name) => expression.test(name));
  }

  private selectionReference(name: string): ConditionNode {
    if (name.includes("*")) throw new ConditionSyntaxError(`the pattern '${name}' needs '1 of' or 'all of' before it`);
    if (!IDENTIFIER.test(name)) throw new ConditionSyntaxError(`'${name}' is not a selection name`);
    if (!this.selectionNames.includes(name))
      throw new ConditionSyntaxError(`the condition names '${name}', which is not a selection of this detection`);
    return { kind: "selection", name };
  }

  expectEnd(): void {
    const token = this.tokens[this.position];
    if (token === undefined) return;
    if (token.kind === "pipe") throw this.aggregationError();
    if (token.kind === "close") throw new ConditionSyntaxError("a ')' has no matching '('");
    const text = token.kind === "word" ? token.text : "(";
    throw new ConditionSyntaxError(`unexpected '${text}' after a complete condition (missing 'and' or 'or'?)`);
  }

  private aggregationError(): ConditionSyntaxError {
    return new ConditionSyntaxError(
      "aggregations after '|' (count() by …) are deprecated Sigma syntax; use a correlation rule",
    );
  }

  private peekKeyword(keyword: string): boolean {
    return this.wordAt(this.position) === keyword;
  }

  private wordAt(position: number): string | undefined {
    const token = this.tokens[position];
    return token?.kind === "word" ? token.text.toLowerCase() : undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
