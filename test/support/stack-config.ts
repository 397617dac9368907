import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { ROOT } from "./config";

/** Pulumi.<stack>.yaml's config as the engine hands it to a program: every value a string (objects as JSON). */
export function engineConfig(stack: string, extra: Record<string, unknown> = {}): Record<string, string> {
  const doc = yaml.load(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...doc.config, ...extra })) out[k] = typeof v === "string" ? v : JSON.stringify(v);
  return out;
}
