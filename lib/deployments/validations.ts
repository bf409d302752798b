import { BACKENDS, type Backend } from "@/lib/detections/backends";

/** The SIEMs a rule can be marked deployed to: the ones its panel shows a query for. */
export const SIEMS = BACKENDS.map<Backend>(({ backend }) => backend);
export type Siem = Backend;

export function isSiem(value: unknown): value is Siem {
  return typeof value === "string" && (SIEMS as string[]).includes(value);
}

export function siemLabel(siem: Siem): string {
  return BACKENDS.find(({ backend }) => backend === siem)?.label ?? siem;
}

/** A wrong value from a caller, with the field it came in, so the API can name it (400). */
export class DeploymentInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Writes need an analyst: a viewer's request that reaches this far is refused here too. */
export class DeploymentRefusedError extends Error {}

export const MAX_REFERENCE_ID_LENGTH = 200;
export const MAX_REFERENCE_URL_LENGTH = 500;

// A SIEM rule id: what Sentinel (a GUID), Elastic (a rule_id) and Splunk (a saved-search name) use.
const PLAIN_ID = /^[\p{L}\p{N}][\p{L}\p{N} ._:/#@+=-]*$/u;

/**
 * The reference an analyst gives for a deployment: nothing, the SIEM's rule id (plain text) or a
 * link to the rule there (http or https only: it is shown as a link, and a javascript: URL would run).
 */
export function parseReference(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new DeploymentInputError("reference", "reference must be a string.");
  const text = value.trim();
  if (!text) return null;
  // Anything with a scheme's "://" is a link and must be one; an id is only ever shown as text.
  if (text.includes("://")) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new DeploymentInputError("reference", "reference is not a valid link.");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new DeploymentInputError("reference", "reference must be a rule id or an http(s) link.");
    if (text.length > MAX_REFERENCE_URL_LENGTH)
      throw new DeploymentInputError(
        "reference",
        `reference links are at most ${MAX_REFERENCE_URL_LENGTH} characters.`,
      );
    return url.toString();
  }
  if (text.length > MAX_REFERENCE_ID_LENGTH)
    throw new DeploymentInputError("reference", `reference ids are at most ${MAX_REFERENCE_ID_LENGTH} characters.`);
  if (!PLAIN_ID.test(text))
    throw new DeploymentInputError(
      "reference",
      "reference must be a rule id (letters, digits, spaces and . _ : / # @ + = -) or an http(s) link.",
    );
  return text;
}

/** Whether a stored reference is a link (shown as one) rather than a rule id. */
export function isReferenceLink(reference: string): boolean {
  return /^https?:\/\//i.test(reference);
}

/**
 * The JSON body of PUT /api/detections/{id}/deployments/{siem}: empty, or {"reference": "…"}. Any
 * other field is refused by name, so a typo (`"ref"`) does not silently deploy without a reference.
 */
export function parseDeploymentBody(text: string): { reference: string | null } {
  if (!text.trim()) return { reference: null };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DeploymentInputError("body", 'The body must be JSON, such as {"reference": "…"}, or empty.');
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new DeploymentInputError("body", 'The body must be a JSON object, such as {"reference": "…"}.');
  const unknown = Object.keys(body).find((key) => key !== "reference");
  if (unknown) throw new DeploymentInputError(unknown, `Unknown field ${unknown}: the body takes only reference.`);
  return { reference: parseReference((body as { reference?: unknown }).reference) };
}
