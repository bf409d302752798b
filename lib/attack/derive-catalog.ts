import { z } from "zod";

/**
 * Turns ATT&CK Enterprise as MITRE publishes it (STIX 2.1 bundles of attack patterns, tactics and
 * the matrix) into the compact catalog the dashboard ships: active techniques and sub-techniques
 * with their tactics, parent and platforms, the tactics in matrix order, and the revoked or
 * deprecated IDs, so that a brief or rule citing one can say so. Pure: scripts/attack/derive.ts
 * reads the files and writes the result.
 */

const externalReference = z.object({ source_name: z.string(), external_id: z.string().optional() });

const attackPatternSchema = z.object({
  type: z.literal("attack-pattern"),
  name: z.string(),
  external_references: z.array(externalReference),
  kill_chain_phases: z.array(z.object({ kill_chain_name: z.string(), phase_name: z.string() })).optional(),
  x_mitre_platforms: z.array(z.string()).optional(),
  x_mitre_is_subtechnique: z.boolean().optional(),
  x_mitre_domains: z.array(z.string()).optional(),
  x_mitre_deprecated: z.boolean().optional(),
  revoked: z.boolean().optional(),
});

const tacticObjectSchema = z.object({
  type: z.literal("x-mitre-tactic"),
  id: z.string(),
  name: z.string(),
  x_mitre_shortname: z.string(),
  external_references: z.array(externalReference),
});

const matrixSchema = z.object({ type: z.literal("x-mitre-matrix"), tactic_refs: z.array(z.string()) });

export type StixObject = Record<string, unknown>;

export type CatalogTactic = { id: string; shortname: string; name: string };
export type CatalogTechnique = { id: string; name: string; tactics: string[]; platforms: string[]; parent?: string };
export type RetiredTechnique = { id: string; name: string; status: "revoked" | "deprecated" };

export type AttackCatalogData = {
  domain: "enterprise-attack";
  version: string;
  /** MITRE's copyright designation, which every copy of the data carries. */
  notice: string;
  tactics: CatalogTactic[];
  techniques: CatalogTechnique[];
  retired: RetiredTechnique[];
};

const DOMAIN = "enterprise-attack";
const KILL_CHAIN = "mitre-attack";

function attackId(references: z.infer<typeof externalReference>[]): string | undefined {
  return references.find((reference) => reference.source_name === KILL_CHAIN)?.external_id;
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The quoted copyright line of MITRE's licence text ("© 2025 The MITRE Corporation. …"). */
export function copyrightNotice(licenceText: string): string {
  const line = licenceText.split("\n").find((text) => text.includes("The MITRE Corporation") && text.includes("©"));
  if (!line) throw new Error("The licence text has no MITRE copyright line");
  return line.trim().replace(/^"|"$/g, "");
}

/**
 * Builds the catalog from every STIX object of the release. The output depends only on the objects,
 * never on the order they were read in, so deriving twice writes the same bytes.
 */
export function deriveCatalog(objects: StixObject[], version: string, notice: string): AttackCatalogData {
  const matrices = objects
    .filter((object) => object.type === "x-mitre-matrix")
    .map((object) => matrixSchema.parse(object));
  if (matrices.length !== 1) throw new Error(`Expected one x-mitre-matrix object, found ${matrices.length}`);
  const tacticObjects = new Map(
    objects
      .filter((object) => object.type === "x-mitre-tactic")
      .map((object) => {
        const tactic = tacticObjectSchema.parse(object);
        return [tactic.id, tactic] as const;
      }),
  );
  const tactics: CatalogTactic[] = matrices[0].tactic_refs.map((ref) => {
    const tactic = tacticObjects.get(ref);
    const id = tactic && attackId(tactic.external_references);
    if (!tactic || !id) throw new Error(`The matrix names tactic ${ref}, which the release does not hold`);
    return { id, shortname: tactic.x_mitre_shortname, name: tactic.name };
  });
  const tacticOrder = new Map(tactics.map((tactic, index) => [tactic.shortname, index]));

  const techniques: CatalogTechnique[] = [];
  const retired: RetiredTechnique[] = [];
  for (const object of objects.filter((candidate) => candidate.type === "attack-pattern")) {
    const pattern = attackPatternSchema.parse(object);
    if (pattern.x_mitre_domains && !pattern.x_mitre_domains.includes(DOMAIN)) continue;
    const id = attackId(pattern.external_references);
    if (!id) throw new Error(`Attack pattern "${pattern.name}" has no ATT&CK ID`);
    if (pattern.revoked || pattern.x_mitre_deprecated) {
      retired.push({ id, name: pattern.name, status: pattern.revoked ? "revoked" : "deprecated" });
      continue;
    }
    const phases = (pattern.kill_chain_phases ?? [])
      .filter((phase) => phase.kill_chain_name === KILL_CHAIN)
      .map((phase) => phase.phase_name);
    const unknownPhase = phases.find((phase) => !tacticOrder.has(phase));
    if (unknownPhase) throw new Error(`${id} is placed under "${unknownPhase}", which is not a tactic of the matrix`);
    techniques.push({
      id,
      name: pattern.name,
      tactics: [...new Set(phases)].sort((a, b) => tacticOrder.get(a)! - tacticOrder.get(b)!),
      platforms: [...new Set(pattern.x_mitre_platforms ?? [])].sort(),
      ...(pattern.x_mitre_is_subtechnique ? { parent: id.split(".")[0] } : {}),
    });
  }

  const known = new Set(techniques.map((technique) => technique.id));
  if (known.size !== techniques.length) throw new Error("An ATT&CK ID appears twice among active techniques");
  const orphan = techniques.find((technique) => technique.parent && !known.has(technique.parent));
  if (orphan) throw new Error(`Sub-technique ${orphan.id} has no active parent technique`);
  return { domain: DOMAIN, version, notice, tactics, techniques: techniques.sort(byId), retired: retired.sort(byId) };
}

/** JSON with one tactic or technique a line, so a new release reads as a diff of techniques. */
export function serialiseCatalog(catalog: AttackCatalogData): string {
  const list = (items: unknown[]) => `[\n${items.map((item) => `    ${JSON.stringify(item)}`).join(",\n")}\n  ]`;
  return [
    "{",
    `  "domain": ${JSON.stringify(catalog.domain)},`,
    `  "version": ${JSON.stringify(catalog.version)},`,
    `  "notice": ${JSON.stringify(catalog.notice)},`,
    `  "tactics": ${list(catalog.tactics)},`,
    `  "techniques": ${list(catalog.techniques)},`,
    `  "retired": ${list(catalog.retired)}`,
    "}",
    "",
  ].join("\n");
}
