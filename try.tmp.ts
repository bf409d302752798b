import { readFileSync, readdirSync } from "node:fs";
import { convertElasticRule, UnsupportedConstructError } from "@/lib/detections/convert";
import { kustoDiagnostics } from "@/lib/detections/convert/kusto-check";
const dir = "lib/detections/convert/fixtures/elastic";
for (const f of [...readdirSync(dir).map((f) => `${dir}/${f}`), "lib/detections/importers/fixtures/elastic/azure/entra_signin_password_spray_many_users.toml", "lib/detections/importers/fixtures/elastic/azure/entra_audit_federated_credential_changed.toml"]) {
  console.log("#####", f);
  for (const b of ["sentinel", "splunk", "elastic"] as const) {
    try { const r = convertElasticRule(readFileSync(f, "utf8"), b); console.log(`--- ${b} (${r.language})\n${r.query}\n  warnings: ${JSON.stringify(r.warnings)}`); if (b === "sentinel") console.log("  kusto:", kustoDiagnostics(r.query)); }
    catch (e) { if (e instanceof UnsupportedConstructError) console.log(`--- ${b} REFUSED: ${e.message}`); else throw e; }
  }
}
