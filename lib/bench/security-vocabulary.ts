/**
 * Words and phrases for synthetic threat briefs. Theme-specific terms (such as "refresh token")
 * appear mostly in briefs of that theme, so a full-text search over the synthetic corpus matches a
 * realistic share of briefs rather than nearly all of them.
 */

export const SEVERITY_WEIGHTS = [
  ["critical", 8],
  ["high", 30],
  ["medium", 35],
  ["low", 20],
  ["info", 7],
] as const;

export const TYPE_WEIGHTS = [
  ["advisory", 40],
  ["detection", 30],
  ["campaign", 15],
  ["vulnerability", 15],
] as const;

export type Theme = {
  /** Category text as the feed publishes it. */
  name: string;
  weight: number;
  /** Title fragments, such as "Password Spraying". */
  titles: readonly string[];
  /** Nouns and noun phrases the brief's sentences are built from. */
  terms: readonly string[];
};

export type PlatformTheme = Theme & { label: string; components: readonly string[] };

export const PLATFORMS: readonly PlatformTheme[] = [
  {
    name: "entra_id", label: "Entra ID", weight: 22,
    titles: ["Sign-In", "Conditional Access", "Directory Role"],
    terms: ["sign-in logs", "Conditional Access policy", "service principal", "app registration", "directory role", "guest account", "Smart Lockout", "audit logs", "named location"],
    components: ["Authentication Broker", "Graph API", "Seamless SSO"],
  },
  {
    name: "azure", label: "Azure", weight: 16,
    titles: ["Subscription", "Key Vault", "Storage Account"],
    terms: ["Azure subscription", "Key Vault secret", "storage account key", "managed identity", "activity log", "resource group", "automation runbook", "virtual machine extension"],
    components: ["Arc Agent", "Resource Manager", "Automation Service"],
  },
  {
    name: "aws", label: "AWS", weight: 14,
    titles: ["IAM", "S3 Bucket", "CloudTrail"],
    terms: ["IAM role", "access key", "CloudTrail trail", "S3 bucket policy", "assumed role session", "EC2 instance profile", "Lambda function", "GuardDuty finding"],
    components: ["IAM Identity Center", "Systems Manager", "Cognito"],
  },
  {
    name: "gcp", label: "Google Cloud", weight: 7,
    titles: ["Service Account", "Cloud Storage", "IAM Binding"],
    terms: ["service account key", "IAM binding", "Cloud Audit Logs", "Cloud Storage bucket", "workload identity", "Compute Engine metadata"],
    components: ["Cloud Build", "Workload Identity Federation", "Cloud Functions"],
  },
  {
    name: "windows", label: "Windows", weight: 14,
    titles: ["LSASS", "Scheduled Task", "Registry Run Key"],
    terms: ["LSASS memory", "scheduled task", "registry run key", "PowerShell script block", "WMI subscription", "Event ID 4625", "Sysmon event", "local administrator group"],
    components: ["Print Spooler", "SMB Server", "Kerberos KDC"],
  },
  {
    name: "linux", label: "Linux", weight: 9,
    titles: ["SSH", "Cron", "Kernel Module"],
    terms: ["SSH authorized_keys file", "cron job", "kernel module", "sudoers entry", "systemd unit", "auditd record", "bash history"],
    components: ["OpenSSH Server", "polkit", "glibc Loader"],
  },
  {
    name: "okta", label: "Okta", weight: 6,
    titles: ["Okta Session", "Identity Provider", "Admin Console"],
    terms: ["Okta System Log", "identity provider", "admin console session", "Okta Verify push", "authentication policy", "support case HAR file"],
    components: ["Workflows", "Admin Console", "Verify"],
  },
  {
    name: "microsoft_365", label: "Microsoft 365", weight: 10,
    titles: ["Mailbox", "Inbox Rule", "SharePoint"],
    terms: ["mailbox", "inbox rule", "unified audit log", "SharePoint site", "Teams message", "mail forwarding rule", "OneDrive share link"],
    components: ["Exchange Online", "Teams", "SharePoint Online"],
  },
  {
    name: "kubernetes", label: "Kubernetes", weight: 6,
    titles: ["Cluster", "Pod", "Service Account Token"],
    terms: ["cluster role binding", "privileged pod", "kubelet API", "service account token", "container image", "admission controller", "kube-apiserver audit log"],
    components: ["kubelet", "Ingress Controller", "etcd"],
  },
];

export const TACTICS: readonly Theme[] = [
  {
    name: "credential_access", weight: 24,
    titles: ["Credential Harvesting", "Password Spraying", "Credential Dumping"],
    terms: ["credentials", "password hash", "credential dump", "plaintext password", "failed sign-in", "password spray"],
  },
  {
    name: "persistence", weight: 18,
    titles: ["Backdoor Account Creation", "Persistence Mechanism", "Federated Domain Backdoor"],
    terms: ["backdoor account", "new federated domain", "added credential", "startup item", "rogue application secret", "dormant admin account"],
  },
  {
    name: "privilege_escalation", weight: 12,
    titles: ["Privilege Escalation", "Role Assignment Abuse", "Elevated Access"],
    terms: ["role assignment", "global administrator role", "elevated privileges", "privileged group membership", "setuid binary"],
  },
  {
    name: "initial_access", weight: 16,
    titles: ["Initial Access", "Exposed Service Exploitation", "Valid Account Abuse"],
    terms: ["valid account", "exposed service", "public-facing application", "VPN appliance", "remote access portal"],
  },
  {
    name: "defense_evasion", weight: 10,
    titles: ["Logging Disabled", "Security Tool Tampering", "Audit Policy Change"],
    terms: ["diagnostic setting", "audit policy", "EDR sensor", "log deletion", "obfuscated command line", "masqueraded binary"],
  },
  {
    name: "lateral_movement", weight: 8,
    titles: ["Lateral Movement", "Remote Service Abuse", "Pass-the-Hash"],
    terms: ["remote desktop session", "SMB share", "pass-the-hash attempt", "remote service", "jump host"],
  },
  {
    name: "discovery", weight: 8,
    titles: ["Directory Enumeration", "Cloud Resource Discovery", "Permission Enumeration"],
    terms: ["directory enumeration", "group membership query", "resource inventory", "permission listing", "LDAP query"],
  },
  {
    name: "exfiltration", weight: 8,
    titles: ["Data Exfiltration", "Bulk Download", "Cloud Storage Exfiltration"],
    terms: ["bulk download", "archive file", "external storage", "outbound transfer", "large egress volume"],
  },
  {
    name: "impact", weight: 6,
    titles: ["Destructive Activity", "Resource Hijacking", "Mass Deletion"],
    terms: ["mass deletion", "encrypted files", "resource hijacking", "cryptomining workload", "service outage"],
  },
  {
    name: "execution", weight: 8,
    titles: ["Malicious Script Execution", "Command Execution", "Remote Code Execution"],
    terms: ["encoded PowerShell command", "script interpreter", "malicious macro", "run command", "shell command"],
  },
  {
    name: "collection", weight: 5,
    titles: ["Email Collection", "Data Staging", "Mailbox Search"],
    terms: ["mailbox search", "staged data", "email collection", "clipboard data", "screen capture"],
  },
  {
    name: "command_and_control", weight: 6,
    titles: ["Command and Control Beaconing", "C2 Tunnel", "Remote Access Tool"],
    terms: ["beacon", "C2 server", "DNS tunnel", "remote access tool", "reverse proxy", "web shell"],
  },
];

export const TOPICS: readonly Theme[] = [
  {
    name: "brute_force", weight: 14,
    titles: ["Excessive Account Lockouts", "Password Spraying Surge", "Credential Stuffing"],
    terms: ["account lockout", "brute-force attempt", "password spraying", "credential stuffing", "error code 50053", "lockout threshold"],
  },
  {
    name: "oauth", weight: 11,
    titles: ["Illicit OAuth Consent Grant", "Malicious OAuth Application", "OAuth Device Code Abuse"],
    terms: ["OAuth consent grant", "OAuth token", "device code flow", "delegated permission", "redirect URI", "client secret"],
  },
  {
    name: "phishing", weight: 14,
    titles: ["Adversary-in-the-Middle Phishing", "QR Code Phishing", "Credential Phishing Kit"],
    terms: ["phishing email", "AiTM proxy", "lure document", "credential phishing page", "QR code lure", "typosquatted domain"],
  },
  {
    name: "ransomware", weight: 10,
    titles: ["Ransomware Pre-Encryption Activity", "Shadow Copy Deletion", "Ransomware Staging"],
    terms: ["ransom note", "shadow copy deletion", "encryption binary", "backup deletion", "double extortion"],
  },
  {
    name: "token_theft", weight: 10,
    titles: ["Primary Refresh Token Theft", "Session Token Replay", "Access Token Theft"],
    terms: ["refresh token", "access token", "session token", "token replay", "stolen session cookie", "token protection"],
  },
  {
    name: "mfa_fatigue", weight: 7,
    titles: ["MFA Push Bombing", "Repeated MFA Denials", "MFA Fatigue"],
    terms: ["MFA push request", "push notification flood", "number matching", "MFA denial", "approval prompt"],
  },
  {
    name: "supply_chain", weight: 6,
    titles: ["Compromised Package Update", "CI/CD Pipeline Compromise", "Trojanised Dependency"],
    terms: ["build pipeline", "compromised dependency", "signed update", "package registry", "CI runner"],
  },
  {
    name: "federated_identity", weight: 5,
    titles: ["Federation Trust Modification", "Golden SAML", "Rogue Identity Provider"],
    terms: ["federation trust", "token-signing certificate", "SAML assertion", "ADFS server", "issuer URI"],
  },
  {
    name: "cryptomining", weight: 4,
    titles: ["Cryptomining Deployment", "GPU Instance Abuse", "Cryptojacking"],
    terms: ["mining pool", "GPU instance", "XMRig miner", "compute quota increase"],
  },
  {
    name: "insider_threat", weight: 4,
    titles: ["Insider Data Theft", "Departing Employee Exfiltration", "Privileged Insider Abuse"],
    terms: ["departing employee", "personal cloud storage", "unusual working hours", "privileged insider"],
  },
];

/** Terms any brief may use; earlier ones are more common (see createZipfPicker). */
export const COMMON_TERMS = [
  "user account", "access", "production systems", "authentication", "tenant settings", "administrator", "network", "endpoint",
  "logs", "credentials", "sensitive data", "business units", "security team", "alert", "policy", "session",
  "IP address", "identity", "configuration", "workload", "permissions", "application", "file share", "host",
  "domain controller", "firewall", "proxy", "email", "browser", "device", "certificate", "API", "web server",
  "database", "backup", "VPN", "cloud resources", "service account", "user agent", "telemetry", "SIEM", "EDR",
  "registry", "process tree", "command line", "hash", "domain", "DNS query", "HTTP request", "geolocation",
  "baseline", "anomaly", "threshold", "time window", "detection rule", "Sigma rule", "KQL query", "playbook",
  "incident", "triage", "containment", "remediation", "patch", "vulnerability", "exploit", "payload", "loader",
  "dropper", "implant", "infrastructure", "hosting provider", "residential proxy", "Tor exit node", "botnet",
  "campaign", "victim", "supplier", "contractor", "helpdesk", "self-service password reset", "legacy authentication",
  "IMAP", "SMTP", "POP", "Kerberos ticket", "NTLM", "LDAP", "SAML", "OIDC", "JWT", "API token", "secret",
  "key material", "encryption", "TLS certificate", "user principal name", "object ID", "correlation ID",
  "risk score", "impossible travel", "unfamiliar location", "anonymous IP", "sign-in risk", "user risk",
  "privileged identity management", "just-in-time access", "least privilege", "zero trust", "allowlist",
  "blocklist", "quarantine", "forensic image", "memory dump", "timeline", "indicator of compromise", "YARA rule",
  "threat hunting", "retention period", "audit trail", "change management", "asset inventory", "attack surface",
] as const;

export const ACTORS = [
  "The attacker", "A threat actor", "The adversary", "The operator", "An intrusion set", "A financially motivated group",
  "A state-sponsored group", "An initial access broker", "A cybercrime affiliate", "A malicious insider",
  "An unauthenticated remote attacker", "The intruder",
] as const;

export const VERBS = [
  "abuses", "enumerates", "harvests", "targets", "compromises", "modifies", "registers", "deploys", "replays",
  "leverages", "exploits", "disables", "creates", "queries", "exfiltrates", "stages", "impersonates", "intercepts",
  "tampers with", "hijacks", "reuses", "downloads", "uploads", "grants itself", "resets", "adds", "deletes",
  "forges", "relays", "scans",
] as const;

export const ADJECTIVES = [
  "suspicious", "anomalous", "unusual", "coordinated", "automated", "high-volume", "low-and-slow", "targeted",
  "opportunistic", "persistent", "stealthy", "previously unseen", "rare", "repeated", "unauthorised", "malicious",
  "privileged", "external", "dormant", "short-lived",
] as const;

export const GOALS = [
  "gain a foothold", "escalate privileges", "maintain access", "evade detection", "move laterally",
  "steal sensitive data", "stage an encryptor", "harvest further credentials", "bypass multi-factor authentication",
  "persist after a password reset", "establish command and control", "disrupt operations", "monetise access",
] as const;

export const SOURCES = [
  "sign-in logs", "audit logs", "EDR telemetry", "proxy logs", "firewall logs", "DNS logs", "CloudTrail events",
  "the unified audit log", "Sysmon events", "honeypot sensors", "incident response engagements", "partner reporting",
] as const;

export const SECTORS = [
  "financial", "healthcare", "government", "manufacturing", "education", "retail", "energy", "telecommunications",
  "legal", "technology", "logistics", "non-profit",
] as const;

export const DEFENDER_ACTIONS = [
  "Deploy detections for", "Enable", "Enforce", "Review", "Restrict", "Monitor", "Block", "Rotate", "Audit",
  "Alert on", "Disable", "Require approval for", "Baseline", "Investigate", "Hunt for",
] as const;

/** Attack-chain step labels in rough kill-chain order, so a brief's steps read in sequence. */
export const STEP_LABELS = [
  "Reconnaissance", "Resource Development", "Initial Access", "Phishing Delivery", "Credential Harvesting",
  "Authentication Attempt", "MFA Bypass", "Session Hijacking", "Execution", "Persistence", "Privilege Escalation",
  "Defense Evasion", "Discovery", "Lateral Movement", "Collection", "Data Staging", "Command and Control",
  "Exfiltration", "Impact", "Cleanup",
] as const;

/** Real ATT&CK technique IDs, with the names briefs cite them by. */
export const TECHNIQUES = [
  ["T1110.003", "Password Spraying"], ["T1110.004", "Credential Stuffing"], ["T1078.004", "Cloud Accounts"],
  ["T1528", "Steal Application Access Token"], ["T1550.001", "Application Access Token"],
  ["T1098.001", "Additional Cloud Credentials"], ["T1566.002", "Spearphishing Link"],
  ["T1621", "Multi-Factor Authentication Request Generation"], ["T1486", "Data Encrypted for Impact"],
  ["T1195.002", "Compromise Software Supply Chain"], ["T1059.001", "PowerShell"], ["T1003.001", "LSASS Memory"],
  ["T1021.001", "Remote Desktop Protocol"], ["T1567.002", "Exfiltration to Cloud Storage"],
  ["T1562.001", "Disable or Modify Tools"], ["T1136.003", "Create Cloud Account"], ["T1087.004", "Cloud Account"],
  ["T1114.002", "Remote Email Collection"], ["T1071.001", "Web Protocols"], ["T1053.005", "Scheduled Task"],
  ["T1190", "Exploit Public-Facing Application"], ["T1133", "External Remote Services"],
  ["T1484.002", "Trust Modification"], ["T1539", "Steal Web Session Cookie"], ["T1557", "Adversary-in-the-Middle"],
] as const;

export const LOG_QUERIES = [
  'event.dataset: "azure.signinlogs"',
  'eventName: "CreateAccessKey"',
  "EventID: 4625 and LogonType: 3",
  'Operation: "New-InboxRule"',
  'protoPayload.methodName: "SetIamPolicy"',
  'verb: "create" and objectRef.resource: "clusterrolebindings"',
] as const;
