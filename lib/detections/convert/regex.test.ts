import { describe, expect, it } from "vitest";
import { InvalidSigmaRuleError, UnsupportedConstructError } from "@/lib/detections/convert/errors";
import {
  canMatchEmpty,
  parseSigmaRegex,
  toLuceneRegex,
  toStandardRegex,
  wildcardToStandardRegex,
} from "@/lib/detections/convert/regex";
import { parseSigmaString } from "@/lib/detections/sigma/sigma-string";

const NO_FLAGS = { caseInsensitive: false, multiline: false, dotAll: false };
const parse = (source: string, flags = NO_FLAGS) => parseSigmaRegex(source, flags, "elastic");
const lucene = (source: string, flags = NO_FLAGS) => toLuceneRegex(parse(source, flags), "elastic");

describe("parseSigmaRegex and toStandardRegex (RE2, PCRE)", () => {
  it("round-trips the portable subset", () => {
    for (const source of [
      "^a.b*c+?d{2,3}e{4}f{5,}$",
      "(?:ab|cd)[^x-z\\d_]\\s\\W\\b",
      "\\.\\*\\\\\\/",
      "(?P<name>x)|(?<other>y)",
    ]) {
      expect(toStandardRegex(parse(source))).toBe(
        source.replace("(?:", "(").replace("(?P<name>", "(").replace("(?<other>", "(").replace("\\/", "/"),
      );
    }
  });

  it("writes Sigma's i, m and s modifiers, and a leading (?i), as one flag group", () => {
    expect(toStandardRegex(parse("abc", { caseInsensitive: true, multiline: true, dotAll: false }))).toBe("(?im)abc");
    expect(toStandardRegex(parse("(?s)a.c"))).toBe("(?s)a.c");
  });

  it("writes control characters and hexadecimal escapes as escapes", () => {
    expect(toStandardRegex(parse("a\\tb\\x41\\x{1F600}"))).toBe("a\\tbA😀");
  });

  it("refuses constructs whose meaning differs between dialects", () => {
    const construct = (source: string) => {
      try {
        parse(source);
      } catch (error) {
        if (error instanceof UnsupportedConstructError) return error.construct;
        throw error;
      }
      return null;
    };
    expect(construct("a(?=b)")).toBe("regular expression lookaround");
    expect(construct("(?<!a)b")).toBe("regular expression lookaround");
    expect(construct("(a)\\1")).toBe("regular expression back-references");
    expect(construct("a++")).toBe("regular expression possessive quantifiers");
    expect(construct("(?>a)")).toBe("regular expression atomic groups");
    expect(construct("a(?i)b")).toBe("regular expression inline flags");
    expect(construct("\\p{L}")).toBe("regular expression \\p");
    expect(construct("[[:alpha:]]")).toBe("regular expression POSIX classes");
  });

  it("reports an invalid expression as an invalid rule", () => {
    expect(() => parse("(ab")).toThrow(InvalidSigmaRuleError);
    expect(() => parse("ab)")).toThrow("'ab)' is not a valid regular expression: unbalanced ')'");
    expect(() => parse("*a")).toThrow("'*' has nothing to repeat");
    expect(() => parse("[z-a]")).toThrow("the range z-a is reversed");
  });
});

describe("toLuceneRegex", () => {
  it("matches the whole value: .* on each side an alternative is not anchored", () => {
    expect(lucene("abc").pattern).toBe(".*abc.*");
    expect(lucene("^abc$").pattern).toBe("abc");
    expect(lucene("^a|b$").pattern).toBe("a.*|.*b");
  });

  it("expands \\d, \\w and \\s and escapes Lucene's reserved characters", () => {
    expect(lucene('^\\d+\\.\\w\\S#@&<>~"$').pattern).toBe('[0-9]+\\.[a-zA-Z0-9_][^ \t\n\r\f\v]\\#\\@\\&\\<\\>\\~\\"');
  });

  it("lower-cases literals and upper-case ranges for a case-insensitive expression", () => {
    expect(lucene("^Admin[A-Z0-9]+$", { ...NO_FLAGS, caseInsensitive: true }).pattern).toBe("admin[a-z0-9]+");
    expect(lucene("[a-f0-9!-/]", { ...NO_FLAGS, caseInsensitive: true }).pattern).toBe(".*[a-f0-9!-/].*");
    for (const range of ["A-z", "0-Z", "@-["]) {
      expect(() => lucene(`[${range}]`, { ...NO_FLAGS, caseInsensitive: true })).toThrow(
        `the range ${range} in a case-insensitive regular expression`,
      );
    }
  });

  it("refuses what Lucene cannot express and warns about '.'", () => {
    expect(() => lucene("\\bword")).toThrow("word boundaries");
    expect(() => lucene("[\\D]")).toThrow("\\D inside a character class");
    expect(() => lucene("^a", { ...NO_FLAGS, multiline: true })).toThrow("under the 'm' (multiline) flag");
    expect(lucene("a.c").warnings).toEqual([
      "In the regular expression 'a.c', '.' also matches line breaks in Elastic (Lucene) regular expressions.",
    ]);
    expect(lucene("a.c", { ...NO_FLAGS, dotAll: true }).warnings).toEqual([]);
  });
});

describe("helpers", () => {
  it("tells whether an expression can match an empty value", () => {
    expect(canMatchEmpty(parse(".*").pattern)).toBe(true);
    expect(canMatchEmpty(parse("^(a|)$").pattern)).toBe(true);
    expect(canMatchEmpty(parse("a?b").pattern)).toBe(false);
  });

  it("turns Sigma wildcards into an anchored expression per dialect", () => {
    expect(wildcardToStandardRegex(parseSigmaString("Ad?in*.exe"), "re2")).toBe("(?is)^Ad.in.*\\.exe$");
    expect(wildcardToStandardRegex(parseSigmaString("10.*.?"), "pcre")).toBe("(?s)^10\\..*\\..\\z");
  });
});
