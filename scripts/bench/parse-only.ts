// The baseline the ingest benchmark divides by: read a feed file and parse it, nothing else.
//   tsx --conditions=react-server scripts/bench/parse-only.ts PATH
import fs from "node:fs/promises";
import { parseFeed } from "@/lib/feed/parse-feed";

const file = process.argv[2];
if (!file) {
  console.error("Usage: tsx --conditions=react-server scripts/bench/parse-only.ts PATH");
  process.exit(2);
}
const parsed = await parseFeed(await fs.readFile(file, "utf8"));
console.log(`parsed ${parsed.items.length} items`);
