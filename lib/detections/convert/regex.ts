import type { SigmaStringPart } from "@/lib/detections/sigma/types";
import { cannotExpress, InvalidSigmaRuleError, type ConversionBackend } from "./errors";

/**
 * Sigma `re` values are PCRE-style regular expressions, unanchored (they match anywhere in the
 * value). Sentinel runs RE2, Splunk PCRE and Elastic Lucene's regular expressions, which differ.
 * A value is parsed into the subset whose meaning is the same everywhere (literals, `.`, classes,
 * \d \w \s and their negations, groups, alternation, greedy or lazy quantifiers, anchors, \b) and
 * re-rendered per dialect; anything outside it (lookaround, back-references, possessive
 * quantifiers, Unicode properties…) is refused instead of being passed on with another meaning.
 */

export type RegexFlags = { caseInsensitive: boolean; multiline: boolean; dotAll: boolean };

type Shorthand = "d" | "D" | "w" | "W" | "s" | "S";

type ClassItem =
  | { kind: "char"; char: string }
  | { kind: "range"; from: string; to: string }
  | { kind: "shorthand"; letter: Shorthand };

export type RegexNode =
  | { kind: "alternation"; options: RegexNode[] }
  | { kind: "sequence"; items: RegexNode[] }
  | { kind: "group"; body: RegexNode }
  | { kind: "literal"; char: string }
  | { kind: "any" }
  | { kind: "class"; negated: boolean; items: ClassItem[] }
  | { kind: "shorthand"; letter: Shorthand }
  | { kind: "word-boundary"; negated: boolean }
  | { kind: "start" }
  | { kind: "end" }
  | { kind: "repeat"; body: RegexNode; min: number; max: number | null; lazy: boolean };

export type SigmaRegex = { source: string; flags: RegexFlags; pattern: RegexNode };

export function parseSigmaRegex(source: string, flags: RegexFlags, backend: ConversionBackend): SigmaRegex {
  const parser = new RegexParser(source, backend);
  const leadingFlags = parser.readLeadingFlags();
  const pattern = parser.parse();
  return {
    source,
    flags: {
      caseInsensitive: flags.caseInsensitive || leadingFlags.includes("i"),
      multiline: flags.multiline || leadingFlags.includes("m"),
      dotAll: flags.dotAll || leadingFlags.includes("s"),
    },
    pattern,
  };
}

class RegexParser {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly backend: ConversionBackend,
  ) {}

  /** `(?i)`, `(?ms)`… at the very start set flags for the whole expression, as everywhere. */
  readLeadingFlags(): string {
    const match = /^\(\?([ims]+)\)/.exec(this.source);
    if (!match) return "";
    this.position = match[0].length;
    return match[1];
  }

  parse(): RegexNode {
    const node = this.parseAlternation();
    if (this.position < this.source.length) throw this.invalid("unbalanced ')'");
    return node;
  }

  private parseAlternation(): RegexNode {
    const options = [this.parseSequence()];
    while (this.peek() === "|") {
      this.position++;
      options.push(this.parseSequence());
    }
    return options.length === 1 ? options[0] : { kind: "alternation", options };
  }

  private parseSequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.position < this.source.length && this.peek() !== "|" && this.peek() !== ")") {
      items.push(this.parseQuantified());
    }
    return items.length === 1 ? items[0] : { kind: "sequence", items };
  }

  private parseQuantified(): RegexNode {
    const atom = this.parseAtom();
    const quantifier = this.readQuantifier();
    if (!quantifier) return atom;
    if (atom.kind === "start" || atom.kind === "end" || atom.kind === "word-boundary")
      throw this.invalid("a quantifier follows an anchor");
    if (this.peek() === "+") throw this.unsupported("possessive quantifiers", "a possessive quantifier (such as a++)");
    const lazy = this.peek() === "?";
    if (lazy) this.position++;
    if (this.readQuantifier(false)) throw this.invalid("two quantifiers in a row");
    return { kind: "repeat", body: atom, ...quantifier, lazy };
  }

  private readQuantifier(consume = true): { min: number; max: number | null } | null {
    const character = this.peek();
    const simple =
      character === "*"
        ? { min: 0, max: null }
        : character === "+"
          ? { min: 1, max: null }
          : character === "?"
            ? { min: 0, max: 1 }
            : null;
    if (simple) {
      if (consume) this.position++;
      return simple;
    }
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.position));
    if (!braces) return null;
    const min = Number(braces[1]);
    const max = braces[2] === undefined ? min : braces[3] === "" ? null : Number(braces[3]);
    if (max !== null && max < min) throw this.invalid(`the quantifier ${braces[0]} has its bounds reversed`);
    if (consume) this.position += braces[0].length;
    return { min, max };
  }

  private parseAtom(): RegexNode {
    const character = this.source[this.position];
    if (character === "(") return this.parseGroup();
    if (character === "[") return this.parseClass();
    if (character === "\\") return this.parseEscape(false);
    if (character === "*" || character === "+" || character === "?" || this.readQuantifier(false))
      throw this.invalid(`'${character}' has nothing to repeat`);
    this.position++;
    if (character === ".") return { kind: "any" };
    if (character === "^") return { kind: "start" };
    if (character === "$") return { kind: "end" };
    return { kind: "literal", char: character };
  }

  private parseGroup(): RegexNode {
    const rest = this.source.slice(this.position);
    let prefix = "(";
    if (rest.startsWith("(?")) {
      if (rest.startsWith("(?:")) prefix = "(?:";
      else if (/^\(\?P?<[A-Za-z_]\w*>/.test(rest)) prefix = /^\(\?P?<[A-Za-z_]\w*>/.exec(rest)![0];
      else if (/^\(\?<?[=!]/.test(rest))
        throw this.unsupported("lookaround", "lookahead and lookbehind assertions ((?=…), (?!…), (?<=…), (?<!…))");
      else if (rest.startsWith("(?>")) throw this.unsupported("atomic groups", "atomic groups ((?>…))");
      else if (/^\(\?[imsx-]+[:)]/.test(rest))
        throw this.unsupported("inline flags", "inline flags other than one group at the very start (such as (?i))");
      else throw this.unsupported("special groups", `the group syntax '${rest.slice(0, 3)}'`);
    }
    this.position += prefix.length;
    const body = this.parseAlternation();
    if (this.peek() !== ")") throw this.invalid("a '(' is never closed");
    this.position++;
    return { kind: "group", body };
  }

  private parseClass(): RegexNode {
    this.position++;
    const negated = this.peek() === "^";
    if (negated) this.position++;
    const items: ClassItem[] = [];
    let first = true;
    while (this.position < this.source.length && (this.peek() !== "]" || first)) {
      first = false;
      if (this.source.startsWith("[:", this.position))
        throw this.unsupported("POSIX classes", "POSIX character classes such as [:alpha:]");
      const start = this.parseClassAtom();
      if (this.peek() === "-" && this.source[this.position + 1] !== "]" && this.position + 1 < this.source.length) {
        this.position++;
        const end = this.parseClassAtom();
        if (start.kind !== "char" || end.kind !== "char")
          throw this.invalid("a range in a character class uses a shorthand such as \\d");
        if (start.char > end.char) throw this.invalid(`the range ${start.char}-${end.char} is reversed`);
        items.push({ kind: "range", from: start.char, to: end.char });
      } else {
        items.push(start);
      }
    }
    if (this.peek() !== "]") throw this.invalid("a '[' is never closed");
    this.position++;
    return { kind: "class", negated, items };
  }

  private parseClassAtom(): ClassItem {
    if (this.peek() === "\\") {
      const escaped = this.parseEscape(true);
      if (escaped.kind === "literal") return { kind: "char", char: escaped.char };
      if (escaped.kind === "shorthand") return escaped;
      throw this.invalid("\\b inside a character class");
    }
    return { kind: "char", char: this.source[this.position++] };
  }

  private parseEscape(inClass: boolean): Extract<RegexNode, { kind: "literal" | "shorthand" | "word-boundary" }> {
    const letter = this.source[this.position + 1];
    if (letter === undefined) throw this.invalid("it ends with a lone backslash");
    this.position += 2;
    if ("dDwWsS".includes(letter)) return { kind: "shorthand", letter: letter as Shorthand };
    if ((letter === "b" || letter === "B") && !inClass) return { kind: "word-boundary", negated: letter === "B" };
    const control: Record<string, string> = { t: "\t", n: "\n", r: "\r", f: "\f", v: "\v" };
    if (letter in control) return { kind: "literal", char: control[letter] };
    if (letter === "x") return { kind: "literal", char: this.readHexEscape() };
    if (/[1-9]/.test(letter) || letter === "k")
      throw this.unsupported("back-references", "back-references (\\1, \\k<name>)");
    if (/[A-Za-z0-9]/.test(letter))
      throw this.unsupported(
        `\\${letter}`,
        `the escape \\${letter}, whose meaning differs between regular expression dialects`,
      );
    return { kind: "literal", char: letter };
  }

  private readHexEscape(): string {
    const match = /^(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{2}))/.exec(this.source.slice(this.position));
    if (!match) throw this.invalid("\\x is not followed by a hexadecimal code");
    this.position += match[0].length;
    return String.fromCodePoint(parseInt(match[1] ?? match[2], 16));
  }

  private peek(): string | undefined {
    return this.source[this.position];
  }

  private invalid(reason: string): InvalidSigmaRuleError {
    return new InvalidSigmaRuleError([`'${this.source}' is not a valid regular expression: ${reason}`]);
  }

  private unsupported(construct: string, what: string) {
    return cannotExpress(
      this.backend,
      `regular expression ${construct}`,
      `${what} in a regular expression`,
      `'${this.source}' cannot be translated without changing what it matches`,
    );
  }
}

/** Whether the expression can match an empty value (such a test cannot mean "some element matches"). */
export function canMatchEmpty(node: RegexNode): boolean {
  switch (node.kind) {
    case "alternation":
      return node.options.some(canMatchEmpty);
    case "sequence":
      return node.items.every(canMatchEmpty);
    case "group":
      return canMatchEmpty(node.body);
    case "repeat":
      return node.min === 0 || canMatchEmpty(node.body);
    case "start":
    case "end":
    case "word-boundary":
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// RE2 (Sentinel) and PCRE (Splunk): the parsed subset is written the same way in both.

const STANDARD_SPECIAL = new Set([..."\\^$.|?*+()[]{}"]);
const STANDARD_CLASS_SPECIAL = new Set([..."\\]-^["]);

/** The regular expression for RE2 and PCRE, with Sigma's flags as a leading (?ims) group. */
export function toStandardRegex(regex: SigmaRegex): string {
  const flags =
    (regex.flags.caseInsensitive ? "i" : "") + (regex.flags.multiline ? "m" : "") + (regex.flags.dotAll ? "s" : "");
  return (flags ? `(?${flags})` : "") + renderStandard(regex.pattern);
}

function renderStandard(node: RegexNode): string {
  switch (node.kind) {
    case "alternation":
      return node.options.map(renderStandard).join("|");
    case "sequence":
      return node.items.map(renderStandard).join("");
    case "group":
      return `(${renderStandard(node.body)})`;
    case "literal":
      return standardLiteral(node.char, STANDARD_SPECIAL);
    case "any":
      return ".";
    case "class":
      return `[${node.negated ? "^" : ""}${node.items.map(renderStandardClassItem).join("")}]`;
    case "shorthand":
      return `\\${node.letter}`;
    case "word-boundary":
      return node.negated ? "\\B" : "\\b";
    case "start":
      return "^";
    case "end":
      return "$";
    case "repeat":
      return renderStandard(node.body) + quantifierText(node) + (node.lazy ? "?" : "");
  }
}

function renderStandardClassItem(item: ClassItem): string {
  if (item.kind === "shorthand") return `\\${item.letter}`;
  if (item.kind === "range")
    return `${standardLiteral(item.from, STANDARD_CLASS_SPECIAL)}-${standardLiteral(item.to, STANDARD_CLASS_SPECIAL)}`;
  return standardLiteral(item.char, STANDARD_CLASS_SPECIAL);
}

const CONTROL_ESCAPES: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f", "\v": "\\v" };

function standardLiteral(char: string, special: Set<string>): string {
  if (char in CONTROL_ESCAPES) return CONTROL_ESCAPES[char];
  const code = char.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `\\x{${code.toString(16).padStart(2, "0")}}`;
  return special.has(char) ? `\\${char}` : char;
}

function quantifierText(node: Extract<RegexNode, { kind: "repeat" }>): string {
  if (node.min === 0 && node.max === null) return "*";
  if (node.min === 1 && node.max === null) return "+";
  if (node.min === 0 && node.max === 1) return "?";
  if (node.max === node.min) return `{${node.min}}`;
  return `{${node.min},${node.max ?? ""}}`;
}

/**
 * A Sigma wildcard value as an anchored, case-insensitive RE2 or PCRE expression: `*` is `.*` and
 * `?` is `.`, both across line breaks (hence `s`), as Sigma's wildcards match any character. The
 * end anchor is `$` in RE2 but `\z` in PCRE, where `$` would also match before a final line break.
 */
export function wildcardToStandardRegex(
  parts: readonly SigmaStringPart[],
  dialect: "re2" | "pcre",
  cased = false,
): string {
  const body = parts
    .map((part) => (part.kind === "wildcard" ? (part.wildcard === "*" ? ".*" : ".") : escapeStandardText(part.text)))
    .join("");
  const caseInsensitive =
    !cased && parts.some((part) => part.kind === "text" && part.text.toLowerCase() !== part.text.toUpperCase());
  return `(?${caseInsensitive ? "i" : ""}s)^${body}${dialect === "re2" ? "$" : "\\z"}`;
}

/** Text that matches itself in RE2 and PCRE. */
export function escapeStandardText(text: string): string {
  return [...text].map((char) => standardLiteral(char, STANDARD_SPECIAL)).join("");
}

// ---------------------------------------------------------------------------------------------
// Lucene (Elastic RLIKE): always anchored at both ends, no \d-style shorthands, no \b, no flags.

const LUCENE_SPECIAL = new Set([...'\\.?+*|{}[]()"#@&<>~^$']);
const LUCENE_CLASS_SPECIAL = new Set([...'\\]-^["']);
const SHORTHAND_CLASSES: Record<"d" | "w" | "s", Exclude<ClassItem, { kind: "shorthand" }>[]> = {
  d: [{ kind: "range", from: "0", to: "9" }],
  w: [
    { kind: "range", from: "a", to: "z" },
    { kind: "range", from: "A", to: "Z" },
    { kind: "range", from: "0", to: "9" },
    { kind: "char", char: "_" },
  ],
  s: [..." \t\n\r\f\v"].map((char) => ({ kind: "char", char }) as const),
};

export type LuceneRegex = { pattern: string; warnings: string[] };

/**
 * The expression as a Lucene regular expression, which must match the whole value: each
 * top-level alternative gets `.*` on the sides it is not anchored. With `lowerCase` (for a
 * case-insensitive expression matched against a lower-cased field) literals and class ranges are
 * lower-cased.
 */
export function toLuceneRegex(regex: SigmaRegex, backend: ConversionBackend): LuceneRegex {
  const warnings: string[] = [];
  const context: LuceneContext = { backend, lowerCase: regex.flags.caseInsensitive, source: regex.source };
  if (regex.flags.multiline && containsAnchor(regex.pattern)) {
    throw cannotExpress(
      backend,
      "regular expression multiline anchors",
      "'^' and '$' under the 'm' (multiline) flag in a regular expression",
      "Lucene regular expressions always match the whole value",
    );
  }
  if (!regex.flags.dotAll && containsKind(regex.pattern, "any")) {
    warnings.push(
      `In the regular expression '${regex.source}', '.' also matches line breaks in Elastic (Lucene) regular expressions.`,
    );
  }
  const options = regex.pattern.kind === "alternation" ? regex.pattern.options : [regex.pattern];
  const pattern = options.map((option) => renderLuceneAlternative(option, context)).join("|");
  return { pattern, warnings };
}

type LuceneContext = { backend: ConversionBackend; lowerCase: boolean; source: string };

function renderLuceneAlternative(option: RegexNode, context: LuceneContext): string {
  const items = option.kind === "sequence" ? [...option.items] : [option];
  const anchoredStart = items[0]?.kind === "start";
  const anchoredEnd = items.at(-1)?.kind === "end" && items.length > (anchoredStart ? 1 : 0);
  const inner = items.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  if (inner.some((item) => containsAnchor(item))) {
    throw cannotExpress(
      context.backend,
      "regular expression inner anchors",
      "'^' or '$' anywhere but at the start or end of the expression",
      `'${context.source}' cannot be translated to Lucene's whole-value matching`,
    );
  }
  return (
    (anchoredStart ? "" : ".*") + inner.map((item) => renderLucene(item, context)).join("") + (anchoredEnd ? "" : ".*")
  );
}

function renderLucene(node: RegexNode, context: LuceneContext): string {
  switch (node.kind) {
    case "alternation":
      return node.options.map((option) => renderLucene(option, context)).join("|");
    case "sequence":
      return node.items.map((item) => renderLucene(item, context)).join("");
    case "group":
      return `(${renderLucene(node.body, context)})`;
    case "literal":
      return luceneLiteral(context.lowerCase ? node.char.toLowerCase() : node.char, LUCENE_SPECIAL);
    case "any":
      return ".";
    case "class":
      return renderLuceneClass(node.negated, node.items, context);
    case "shorthand": {
      const base = node.letter.toLowerCase() as "d" | "w" | "s";
      return renderLuceneClass(node.letter !== base, SHORTHAND_CLASSES[base], context);
    }
    case "word-boundary":
      throw cannotExpress(
        context.backend,
        "regular expression word boundaries",
        "word boundaries (\\b, \\B) in a regular expression",
        "Lucene regular expressions have none",
      );
    case "start":
    case "end":
      throw cannotExpress(
        context.backend,
        "regular expression inner anchors",
        "'^' or '$' anywhere but at the start or end of the expression",
        `'${context.source}' cannot be translated to Lucene's whole-value matching`,
      );
    case "repeat":
      return renderLucene(node.body, context) + quantifierText(node);
  }
}

type PlainClassItem = Exclude<ClassItem, { kind: "shorthand" }>;

function renderLuceneClass(negated: boolean, items: ClassItem[], context: LuceneContext): string {
  const plainItems = items.flatMap((item): PlainClassItem[] => {
    if (item.kind !== "shorthand") return [item];
    if (item.letter !== item.letter.toLowerCase()) {
      throw cannotExpress(
        context.backend,
        "regular expression negated shorthand in a class",
        `\\${item.letter} inside a character class`,
        "Lucene classes cannot hold a negated set",
      );
    }
    return SHORTHAND_CLASSES[item.letter as "d" | "w" | "s"];
  });
  const rendered = plainItems.map((item) => {
    if (item.kind === "char")
      return luceneLiteral(context.lowerCase ? item.char.toLowerCase() : item.char, LUCENE_CLASS_SPECIAL);
    const [from, to] = caseFoldedRange(item.from, item.to, context);
    return `${luceneLiteral(from, LUCENE_CLASS_SPECIAL)}-${luceneLiteral(to, LUCENE_CLASS_SPECIAL)}`;
  });
  return `[${negated ? "^" : ""}${rendered.join("")}]`;
}

/**
 * The range to match against a lower-cased value. A range within A-Z becomes the same range of
 * a-z; an ASCII range without upper-case letters stays. Any other range would have to be split
 * by case, which is not attempted.
 */
function caseFoldedRange(from: string, to: string, context: LuceneContext): [string, string] {
  if (!context.lowerCase) return [from, to];
  if (from >= "A" && to <= "Z") return [from.toLowerCase(), to.toLowerCase()];
  const overlapsUpperCase = from <= "Z" && to >= "A";
  if (!overlapsUpperCase && to <= "\u007f") return [from, to];
  throw cannotExpress(
    context.backend,
    "regular expression case-insensitive range",
    `the range ${from}-${to} in a case-insensitive regular expression`,
    "only ranges within A-Z, or without upper-case letters, can be matched against a lower-cased value",
  );
}

function luceneLiteral(char: string, special: Set<string>): string {
  return special.has(char) ? `\\${char}` : char;
}

function containsAnchor(node: RegexNode): boolean {
  return containsKind(node, "start") || containsKind(node, "end");
}

function containsKind(node: RegexNode, kind: RegexNode["kind"]): boolean {
  if (node.kind === kind) return true;
  if (node.kind === "alternation") return node.options.some((option) => containsKind(option, kind));
  if (node.kind === "sequence") return node.items.some((item) => containsKind(item, kind));
  if (node.kind === "group" || node.kind === "repeat") return containsKind(node.body, kind);
  return false;
}

/**
 * Characters a Lucene regular expression (Elastic's RLIKE and EQL's regex, which enable all of
 * Lucene's optional operators) reserves for features the other dialects lack or spell
 * differently — `#` (the empty language), `&` (intersection), `<` `>` (numeric ranges), `~`
 * (complement), `"` (a quoted run) — and `^` `$`, which Lucene takes literally where the others anchor.
 */
const LUCENE_ONLY = new Set([...'#&<>~"^$']);

/** What Lucene's `@` means in the rule's expression: any text, which the standard dialects write `.*`. */
export const LUCENE_ANY_STRING_NOTE =
  "The rule's regular expression holds '@', which Elastic's Lucene regular expressions read as any text (not the character '@'); the query keeps that reading.";

/**
 * A Lucene regular expression, which must match the whole value, as an anchored pattern in the
 * syntax Sigma's `re` reads (with `s`: Lucene's `.` matches any character). `@` (any string) is
 * written `.*`, and `anyString` says whether the expression held one. Refuses, naming it, a
 * character Lucene reads differently.
 */
export function anchoredLuceneRegex(
  pattern: string,
  field: string,
  backend: ConversionBackend,
): { source: string; anyString: boolean } {
  let inClass = false;
  let anyString = false;
  let source = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === "\\") {
      source += pattern.slice(index, index + 2);
      index++;
      continue;
    }
    if (char === "[") inClass = true;
    else if (char === "]") inClass = false;
    else if (!inClass && char === "@") {
      anyString = true;
      source += ".*";
      continue;
    } else if (!inClass && LUCENE_ONLY.has(char))
      throw cannotExpress(
        backend,
        field,
        `the character '${char}' in the regular expression ${JSON.stringify(pattern)} on '${field}'`,
        "Lucene's regular expressions read it differently from the other SIEMs' dialects",
      );
    source += char;
  }
  return { source: `^(?:${source})$`, anyString };
}
