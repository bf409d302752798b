// Prints the NOTIFY_CONFIG the end-to-end server runs with: one target of each kind, posting to the
// feed server's /hooks/ on the port given (playwright.config.ts writes it to data/e2e-notify.json).
// With "auth" after the port: the sign-in server's, a webhook for the team's state changes of the
// briefs e2e/triage.spec.ts feeds it (data/e2e-auth-notify.json).
const feedPort = Number(process.argv[2]);
const hook = (name: string) => `http://127.0.0.1:${feedPort}/hooks/${name}`;

const AUTH_TARGETS = [
  {
    name: "team-states",
    kind: "webhook",
    url: hook("team-states"),
    filter: "tag=e2e_triage_feed",
    events: ["state-changed"],
    secretEnv: "E2E_NOTIFY_SECRET",
  },
];

process.stdout.write(
  JSON.stringify(
    {
      targets:
        process.argv[3] === "auth"
          ? AUTH_TARGETS
          : [
              {
                name: "soc-webhook",
                kind: "webhook",
                url: hook("soc-webhook"),
                filter: "severity=high,critical&tag=e2e_notify",
                events: ["new", "severity-raised"],
                secretEnv: "E2E_NOTIFY_SECRET",
              },
              { name: "low-slack", kind: "slack", url: hook("low-slack"), filter: "severity=low&tag=e2e_notify" },
              { name: "gone-teams", kind: "teams", url: hook("gone-teams"), filter: "tag=e2e_notify" },
            ],
    },
    null,
    2,
  ),
);
