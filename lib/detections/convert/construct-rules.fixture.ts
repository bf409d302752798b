/**
 * One small Sigma file per construct the converter supports, shared by the golden tests of the
 * three backends: each backend's test states, by hand, the exact query it expects for every key.
 */

function signInRule(detection: string): string {
  return `title: Construct under test
logsource:
  product: azure
  service: signinlogs
detection:
${detection
  .trim()
  .split("\n")
  .map((line) => `  ${line}`)
  .join("\n")}
`;
}

const FAILED_SIGN_IN_RULE = `title: Failed sign-in
name: failed_signin
logsource:
  product: azure
  service: signinlogs
detection:
  selection:
    ResultType: 50126
  condition: selection
`;

/** The sample from the brief: a Smart Lockout sign-in rule and a value_count correlation over it. */
export const SMART_LOCKOUT_FILE = `title: Entra ID Sign-in Blocked by Smart Lockout
id: 6f0b7a52-3a1c-4a8e-9d55-2c8f1b7e4d10
name: entra_id_smart_lockout_signin
status: experimental
description: A sign-in attempt was rejected because Smart Lockout locked the account (error 50053).
logsource:
  product: azure
  service: signinlogs
detection:
  selection:
    ResultType: 50053
  condition: selection
level: low
tags:
  - attack.credential_access
  - attack.t1110
---
title: Entra ID Excessive Account Lockouts Detected
id: 0d9e6a3f-7b2c-4f61-8a9e-5c3d2b1a0f77
status: experimental
correlation:
  type: value_count
  rules:
    - entra_id_smart_lockout_signin
  group-by:
    - IPAddress
  timespan: 1h
  condition:
    gte: 10
    field: UserPrincipalName
level: high
tags:
  - attack.credential_access
  - attack.t1110.003
`;

export const CONSTRUCT_RULES = {
  mapSelection: signInRule(`
selection:
  AppDisplayName: Azure Portal
  ClientAppUsed: Browser
condition: selection`),
  listOfMaps: signInRule(`
selection:
  - ClientAppUsed: IMAP4
  - ResultType: 50053
    UserType: Guest
condition: selection`),
  numberList: signInRule(`
selection:
  ResultType:
    - 50053
    - 50126
condition: selection`),
  textList: signInRule(`
selection:
  ClientAppUsed:
    - IMAP4
    - POP3
    - Authenticated SMTP
condition: selection`),
  contains: signInRule(`
selection:
  UserAgent|contains: python
condition: selection`),
  startswith: signInRule(`
selection:
  UserAgent|startswith: Mozilla/5.0
condition: selection`),
  endswith: signInRule(`
selection:
  UserPrincipalName|endswith: '@contoso.com'
condition: selection`),
  containsAll: signInRule(`
selection:
  UserAgent|contains|all:
    - python
    - requests
condition: selection`),
  regex: signInRule(`
selection:
  UserAgent|re: '^python-requests/\\d+\\.'
condition: selection`),
  regexCaseInsensitive: signInRule(`
selection:
  UserAgent|re|i: 'curl/[0-9]+'
condition: selection`),
  cidr: signInRule(`
selection:
  IPAddress|cidr: 10.0.0.0/8
condition: selection`),
  cidrList: signInRule(`
selection:
  IpAddress|cidr:
    - 10.0.0.0/8
    - '2001:db8::/32'
condition: selection`),
  existsTrue: signInRule(`
selection:
  DeviceDetail.deviceId|exists: true
condition: selection`),
  existsFalse: signInRule(`
selection:
  DeviceDetail.deviceId|exists: false
condition: selection`),
  wildcardStar: signInRule(`
selection:
  UserAgent: 'Mozilla*Windows NT*'
condition: selection`),
  wildcardQuestionMark: signInRule(`
selection:
  UserPrincipalName: 'admin?@contoso.com'
condition: selection`),
  escapedWildcard: signInRule(`
selection:
  ResultDescription: 'Literal\\*Star'
condition: selection`),
  nullValue: signInRule(`
selection:
  UserAgent: null
condition: selection`),
  not: signInRule(`
selection:
  ResultType: 50126
filter:
  AppDisplayName: Azure Portal
condition: selection and not filter`),
  notCidr: signInRule(`
selection:
  ResultType: 50126
filter_internal:
  IPAddress|cidr: 10.0.0.0/8
condition: selection and not filter_internal`),
  notRegex: signInRule(`
selection:
  ResultType: 50126
filter_scripts:
  UserAgent|re|i: python
condition: selection and not filter_scripts`),
  parentheses: signInRule(`
sel_app:
  AppDisplayName: Azure Portal
sel_client:
  ClientAppUsed: IMAP4
sel_error:
  ResultType: 50126
condition: (sel_app or sel_client) and sel_error`),
  precedence: signInRule(`
sel_app:
  AppDisplayName: Azure Portal
sel_client:
  ClientAppUsed: IMAP4
sel_error:
  ResultType: 50126
condition: sel_app or sel_client and not sel_error`),
  oneOfPattern: signInRule(`
selection_imap:
  ClientAppUsed: IMAP4
selection_pop:
  ClientAppUsed: POP3
condition: 1 of selection_*`),
  allOfThem: signInRule(`
sel_error:
  ResultType: 50126
sel_client:
  ClientAppUsed: IMAP4
_unused_helper:
  AppId: 00000000-0000-0000-0000-000000000000
condition: all of them`),
  eventCount: `${FAILED_SIGN_IN_RULE}---
title: Password spray from one address
correlation:
  type: event_count
  rules:
    - failed_signin
  group-by:
    - IPAddress
    - AppId
  timespan: 10m
  condition:
    gte: 50
`,
  valueCount: SMART_LOCKOUT_FILE,
  quotesAndBackslashes: signInRule(`
selection:
  ResultDescription|contains: 'a "quoted" C:\\path'
condition: selection`),
  backslashEquality: signInRule(`
selection:
  UserPrincipalName: 'CONTOSO\\\\jdoe'
condition: selection`),
  regexQuotesAndBackslashes: signInRule(`
selection:
  UserAgent|re: 'a"b\\\\c'
condition: selection`),
} as const;

export type ConstructName = keyof typeof CONSTRUCT_RULES;
