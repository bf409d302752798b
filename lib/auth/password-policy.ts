import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { dictionary as commonDictionary, adjacencyGraphs } from "@zxcvbn-ts/language-common";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let checker: ZxcvbnFactory | undefined;

/**
 * Why a password is refused, or null when it may be used: at least 12 characters (ASVS 6.2.1) and not
 * a common password or an easy variation of one (a leaked-password list and keyboard patterns,
 * checked offline), nor built from the user's own email or name.
 */
export function passwordProblem(password: string, userInputs: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`;
  checker ??= new ZxcvbnFactory({ dictionary: commonDictionary, graphs: adjacencyGraphs });
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@.\s_-]+/)]).filter((part) => part.length >= 3);
  if (checker.check(password, inputs).score < 3)
    return "This password is too common or too easy to guess: use a longer phrase of unrelated words.";
  return null;
}
