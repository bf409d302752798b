/** The SIEMs a Sigma rule is converted for, in the order their tabs show. */
export const BACKENDS = [
  { backend: "sentinel", label: "Microsoft Sentinel", language: "KQL" },
  { backend: "elastic", label: "Elastic", language: "ES|QL" },
  { backend: "splunk", label: "Splunk", language: "SPL" },
] as const;

export type Backend = (typeof BACKENDS)[number]["backend"];
