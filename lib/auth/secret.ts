import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readEnv } from "@/lib/env";

let cached: string | undefined;

/**
 * The secret that signs session cookies: AUTH_SECRET, else one generated on first start and kept in
 * data/auth-secret, so `npm start` needs no configuration and sessions survive a restart. Instances
 * that share a database but not a data folder must share AUTH_SECRET.
 */
export function authSecret(): string {
  if (cached) return cached;
  const configured = readEnv().AUTH_SECRET;
  if (configured) return (cached = configured);
  const file = path.join(process.cwd(), "data", "auth-secret");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // wx: two processes starting together keep the first one's secret.
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable secret: delete it to have one generated`);
  return (cached = secret);
}
