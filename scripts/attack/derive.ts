// Derives the ATT&CK catalog the dashboard ships from ATT&CK Enterprise as MITRE publishes it (one
// STIX bundle per object, in attack-pattern/, x-mitre-tactic/ and x-mitre-matrix/), and copies
// MITRE's licence beside it. Run by a developer when a new ATT&CK release comes out; the product
// and its tests read only the output. Running it again on the same release changes nothing.
//   tsx scripts/attack/derive.ts [--from ../shared/attack] [--version 18.1] [--out data/attack]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { copyrightNotice, deriveCatalog, serialiseCatalog, type StixObject } from "@/lib/attack/derive-catalog";
import { errorMessage } from "@/lib/log/error-message";

const root = path.resolve(import.meta.dirname, "..", "..");
const USAGE = "Usage: tsx scripts/attack/derive.ts [--from ../shared/attack] [--version 18.1] [--out data/attack]";
const FOLDERS = ["attack-pattern", "x-mitre-tactic", "x-mitre-matrix"];

function readBundles(folder: string): StixObject[] {
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .flatMap((name) => {
      const bundle = JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")) as { objects?: StixObject[] };
      if (!Array.isArray(bundle.objects)) throw new Error(`${path.join(folder, name)} is not a STIX bundle`);
      return bundle.objects;
    });
}

function main(): number {
  let values: { from: string; version: string; out: string };
  try {
    ({ values } = parseArgs({
      options: {
        from: { type: "string", default: "../shared/attack" },
        version: { type: "string", default: "18.1" },
        out: { type: "string", default: "data/attack" },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  const from = path.resolve(root, values.from);
  const release = path.join(from, `enterprise-attack-v${values.version}`);
  const licence = path.join(from, "LICENSE.txt");
  for (const required of [...FOLDERS.map((folder) => path.join(release, folder)), licence]) {
    if (!fs.existsSync(required)) {
      console.error(
        `${required} is missing: --from must hold enterprise-attack-v${values.version}/{${FOLDERS.join(",")}} and LICENSE.txt\n${USAGE}`,
      );
      return 2;
    }
  }

  const licenceText = fs.readFileSync(licence, "utf8");
  const objects = FOLDERS.flatMap((folder) => readBundles(path.join(release, folder)));
  const catalog = deriveCatalog(objects, values.version, copyrightNotice(licenceText));
  const out = path.resolve(root, values.out);
  fs.mkdirSync(out, { recursive: true });
  const target = path.join(out, `enterprise-attack-v${values.version}.json`);
  fs.writeFileSync(target, serialiseCatalog(catalog));
  fs.writeFileSync(path.join(out, "LICENSE.txt"), licenceText);
  const subTechniques = catalog.techniques.filter((technique) => technique.parent).length;
  console.log(
    `${path.relative(root, target)}: ${catalog.tactics.length} tactics, ${catalog.techniques.length - subTechniques} techniques, ${subTechniques} sub-techniques, ${catalog.retired.length} revoked or deprecated`,
  );
  return 0;
}

try {
  process.exit(main());
} catch (error) {
  console.error(`Derivation stopped: ${errorMessage(error)}`);
  process.exit(1);
}
