export { attackTags, type AttackTags } from "./attack-tags";
export { ConditionSyntaxError, parseCondition } from "./parse-condition";
export { parseDetection } from "./parse-detection";
export { parseSigmaDocuments, SigmaParseError } from "./parse-yaml";
export { parseSigmaString } from "./sigma-string";
export * from "./types";
export { validateSigmaRule, type SigmaValidationOptions } from "./validate";
