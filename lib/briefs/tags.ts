import { findTactic } from "@/lib/attack/tactics";
import { isTechniqueId } from "@/lib/attack/techniques";

export const TAG_KINDS = ["tactic", "technique", "platform", "topic"] as const;
export type TagKind = (typeof TAG_KINDS)[number];

export type TagInput = { name: string; kind: TagKind; label: string };

/**
 * Spellings of one platform collapse to one tag, so `microsoft_entra_id`, `microsoft-entra-id`,
 * `Azure AD` and `entra_id` all file under `entra_id`.
 */
const PLATFORM_ALIASES: Record<string, string> = {
  microsoft_entra_id: "entra_id",
  microsoft_entra: "entra_id",
  entra: "entra_id",
  entraid: "entra_id",
  azure_ad: "entra_id",
  azuread: "entra_id",
  aad: "entra_id",
  azure_active_directory: "entra_id",
  microsoft_azure: "azure",
  amazon_web_services: "aws",
  google_cloud_platform: "gcp",
  google_cloud: "gcp",
  office_365: "microsoft_365",
  office365: "microsoft_365",
  o365: "microsoft_365",
  m365: "microsoft_365",
  mac_os: "macos",
  osx: "macos",
  k8s: "kubernetes",
  gsuite: "google_workspace",
};

const PLATFORM_LABELS: Record<string, string> = {
  entra_id: "Entra ID",
  azure: "Azure",
  aws: "AWS",
  gcp: "Google Cloud",
  microsoft_365: "Microsoft 365",
  google_workspace: "Google Workspace",
  windows: "Windows",
  linux: "Linux",
  macos: "macOS",
  kubernetes: "Kubernetes",
  okta: "Okta",
  github: "GitHub",
  active_directory: "Active Directory",
  exchange: "Exchange",
  sharepoint: "SharePoint",
  salesforce: "Salesforce",
  containers: "Containers",
  network: "Network",
  saas: "SaaS",
  iaas: "IaaS",
};

/** Lower case, words joined by single underscores: "Microsoft-Entra ID" → "microsoft_entra_id". */
export function normaliseTagName(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
}

/** Words that read wrong title-cased. */
const WORD_SPELLINGS: Record<string, string> = {
  oauth: "OAuth",
  mfa: "MFA",
  sso: "SSO",
  saml: "SAML",
  api: "API",
  ad: "AD",
  adfs: "ADFS",
  aitm: "AiTM",
  bec: "BEC",
  c2: "C2",
  cve: "CVE",
  dns: "DNS",
  ip: "IP",
  iam: "IAM",
  rce: "RCE",
  vpn: "VPN",
  pim: "PIM",
};

function titleCase(name: string): string {
  return name
    .split("_")
    .map((word) => WORD_SPELLINGS[word] ?? word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

export function techniqueTag(id: string): TagInput {
  return { name: id.trim().toLowerCase(), kind: "technique", label: id.trim().toUpperCase() };
}

/** Classifies one free category as an ATT&CK tactic or technique, a platform or a topic; empty text gives null. */
export function classifyTag(raw: string): TagInput | null {
  if (isTechniqueId(raw)) return techniqueTag(raw);
  const normalised = normaliseTagName(raw);
  if (!normalised) return null;
  const tactic = findTactic(normalised);
  if (tactic) return { name: tactic.slug, kind: "tactic", label: tactic.name };
  const platform = PLATFORM_ALIASES[normalised] ?? normalised;
  const platformLabel = PLATFORM_LABELS[platform];
  if (platformLabel) return { name: platform, kind: "platform", label: platformLabel };
  return { name: normalised, kind: "topic", label: titleCase(normalised) };
}
