import fs from "node:fs/promises";
import { parseArgs } from "node:util";
import { BACKENDS } from "@/lib/detections/backends";
import { convertElasticRule, convertSigma, UnsupportedConstructError } from "@/lib/detections/convert";
import { errorMessage } from "@/lib/log/error-message";

const USAGE = `Usage: npm run rules:convert -- PATH --to ${BACKENDS.map((entry) => entry.backend).join("|")}`;

async function main(): Promise<number> {
  let values: { to?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ allowPositionals: true, options: { to: { type: "string" } } }));
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  const backend = BACKENDS.find((entry) => entry.backend === values.to)?.backend;
  if (positionals.length !== 1 || !backend) {
    console.error(USAGE);
    return 2;
  }
  const text = await fs.readFile(positionals[0], "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read ${positionals[0]}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  // Elastic detection-rules files are TOML; everything else is read as Sigma YAML.
  const convert = positionals[0].toLowerCase().endsWith(".toml") ? convertElasticRule : convertSigma;
  try {
    const result = convert(text, backend);
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    for (const note of result.notes) console.error(`note: ${note}`);
    console.log(result.query);
    return 0;
  } catch (error) {
    if (error instanceof UnsupportedConstructError) {
      console.error(`Cannot convert ${positionals[0]} to ${backend}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(errorMessage(error));
    process.exit(1);
  },
);
