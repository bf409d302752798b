export const CONVERSION_BACKENDS = ["sentinel", "elastic", "splunk"] as const;
export type ConversionBackend = (typeof CONVERSION_BACKENDS)[number];

/**
 * Part of a rule that a backend cannot express faithfully, so no query is produced rather than a
 * subtly different one. `construct` names the part (a modifier, a field, a correlation type…).
 */
export class UnsupportedConstructError extends Error {
  constructor(
    readonly construct: string,
    message: string,
  ) {
    super(message);
    this.name = "UnsupportedConstructError";
  }
}

/**
 * The file is not a valid Sigma rule (bad YAML, an unknown modifier, a condition naming a missing
 * selection…). It extends UnsupportedConstructError because callers that show "this backend
 * cannot convert the rule" should show these reasons too; `problems` lists each one.
 */
export class InvalidSigmaRuleError extends UnsupportedConstructError {
  constructor(readonly problems: string[]) {
    super("invalid Sigma rule", `The rule is not valid Sigma: ${problems.join("; ")}`);
    this.name = "InvalidSigmaRuleError";
  }
}

/** The file is not an Elastic rule that can be read (bad TOML, no [rule] table, a query that does not parse). */
export class InvalidElasticRuleError extends UnsupportedConstructError {
  constructor(readonly problem: string) {
    super("invalid Elastic rule", `The rule is not a valid Elastic rule: ${problem}`);
    this.name = "InvalidElasticRuleError";
  }
}

/**
 * The standard error for a construct a backend has no faithful equivalent of, e.g.
 * cannotExpress("elastic", "windash", "the 'windash' modifier") reads "The elastic backend cannot
 * express the 'windash' modifier".
 */
export function cannotExpress(
  backend: ConversionBackend,
  construct: string,
  what: string,
  why?: string,
): UnsupportedConstructError {
  return new UnsupportedConstructError(
    construct,
    `The ${backend} backend cannot express ${what}${why ? `: ${why}` : ""}`,
  );
}
