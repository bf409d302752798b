import { z } from "zod";
import catalogJson from "@/data/attack/enterprise-attack-v18.1.json";
import type { AttackCatalogData, CatalogTactic, CatalogTechnique } from "@/lib/attack/derive-catalog";

/**
 * ATT&CK Enterprise as the dashboard ships it (data/attack/, derived by scripts/attack/derive.ts
 * from MITRE's release; MITRE's licence is beside it). Imported, not read from disk, so the build
 * bundles exactly this file.
 */
const catalogSchema = z.object({
  domain: z.literal("enterprise-attack"),
  version: z.string(),
  notice: z.string(),
  tactics: z.array(z.object({ id: z.string(), shortname: z.string(), name: z.string() })),
  techniques: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      tactics: z.array(z.string()),
      platforms: z.array(z.string()),
      parent: z.string().optional(),
    }),
  ),
  retired: z.array(z.object({ id: z.string(), name: z.string(), status: z.enum(["revoked", "deprecated"]) })),
});

export const ATTACK: AttackCatalogData = catalogSchema.parse(catalogJson);

/** "18.1" → "18": the ATT&CK version as Navigator layers name it. */
export const ATTACK_MAJOR_VERSION = ATTACK.version.split(".")[0];

export type TechniqueStatus = "active" | "revoked" | "deprecated" | "unknown";

/** What the dashboard knows of a technique ID cited by a brief or a rule. */
export type TechniqueInfo = {
  id: string;
  /** The ATT&CK name; null for an ID this ATT&CK release never had. */
  name: string | null;
  status: TechniqueStatus;
  /** Active techniques only; empty otherwise. */
  tactics: string[];
  platforms: string[];
  parent: string | null;
};

const active = new Map<string, CatalogTechnique>(ATTACK.techniques.map((technique) => [technique.id, technique]));
const retired = new Map(ATTACK.retired.map((technique) => [technique.id, technique]));
const tacticsByShortname = new Map<string, CatalogTactic>(ATTACK.tactics.map((tactic) => [tactic.shortname, tactic]));

const subTechniques = new Map<string, CatalogTechnique[]>();
for (const technique of ATTACK.techniques) {
  if (!technique.parent) continue;
  subTechniques.set(technique.parent, [...(subTechniques.get(technique.parent) ?? []), technique]);
}

export function techniqueInfo(rawId: string): TechniqueInfo {
  const id = rawId.trim().toUpperCase();
  const technique = active.get(id);
  if (technique)
    return {
      id,
      name: technique.name,
      status: "active",
      tactics: technique.tactics,
      platforms: technique.platforms,
      parent: technique.parent ?? null,
    };
  const gone = retired.get(id);
  const parent = id.includes(".") ? id.split(".")[0] : null;
  return { id, name: gone?.name ?? null, status: gone?.status ?? "unknown", tactics: [], platforms: [], parent };
}

const STATUS_NOTES: Record<Exclude<TechniqueStatus, "active">, string> = {
  revoked: "revoked in ATT&CK",
  deprecated: "deprecated in ATT&CK",
  unknown: `not in ATT&CK v${ATTACK.version}`,
};

/** How a technique reads wherever it is shown: "T1110.003 Password Spraying", "T1066 Indicator Removal from Tools (revoked in ATT&CK)". */
export function techniqueLabel(id: string): string {
  const info = techniqueInfo(id);
  const name = info.name ? `${info.id} ${info.name}` : info.id;
  return info.status === "active" ? name : `${name} (${STATUS_NOTES[info.status]})`;
}

/** Active sub-techniques of a technique, by ID. */
export function subTechniquesOf(id: string): CatalogTechnique[] {
  return subTechniques.get(id) ?? [];
}

export function findAttackTactic(shortname: string): CatalogTactic | undefined {
  return tacticsByShortname.get(shortname);
}

/** Active techniques (not sub-techniques), by ID. */
export function parentTechniques(): CatalogTechnique[] {
  return ATTACK.techniques.filter((technique) => !technique.parent);
}
