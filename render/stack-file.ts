import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { CONFIG_KEYS, LIMITS, SECRET_KEYS, configNamespaceIssues, formatIssues, sizeIssue, type StackInput } from "../config";

function shortLine(s: string): string {
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

/** What a Pulumi.<stack>.yaml holds for this project, read without the Pulumi CLI. */
export interface StackFile extends StackInput {
  /** Secret config keys that the file sets (their values are never read). */
  readonly secretKeys: readonly string[];
}

const PREFIX = "kube-observability:";

/** Thrown for a stack file that cannot be read; the message is meant for the user as is. */
export class StackFileError extends Error {
  override name = "StackFileError";
}

/** Stacks that have a Pulumi.<stack>.yaml in `dir`. */
export function listStacks(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

function isSecure(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 1 && "secure" in value) return true;
  // `pulumi config set --secret --path 'key["sub"]'` stores a map whose every leaf is secure.
  return keys.length > 0 && Object.values(value).every(isSecure);
}

/**
 * Reads the project's config keys from Pulumi.<stack>.yaml as `pulumi config` would present them.
 * Secret values (`secure:`) are never decrypted or returned: only their keys are.
 */
export function readStackFile(dir: string, stack: string): StackFile {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const known = listStacks(dir);
    throw new StackFileError(`no stack "${stack}": ${file} does not exist; stacks here: ${known.length > 0 ? known.join(", ") : "none"}`);
  }
  const bytes = fs.statSync(file).size;
  if (bytes > LIMITS.stackFileBytes) {
    throw new StackFileError(`${file} is ${bytes} bytes; a stack file of at most ${LIMITS.stackFileBytes} bytes is read`);
  }
  let doc: unknown;
  try {
    doc = yaml.load(fs.readFileSync(file, "utf8"));
  } catch (e) {
    // The first line is the reason and position; the rest quotes the file, which may be huge or secret.
    throw new StackFileError(`${file} is not valid YAML: ${shortLine((e as Error).message.split("\n")[0] ?? "")}`);
  }
  // An alias bomb is small as text and loads fast (aliases are shared), but expands when walked.
  const tooBig = sizeIssue(doc);
  if (tooBig !== undefined) throw new StackFileError(`${file}: ${tooBig.message}`);
  if (doc !== undefined && doc !== null && (typeof doc !== "object" || Array.isArray(doc))) {
    throw new StackFileError(`${file}: must be a map with a 'config' key, as pulumi config writes it`);
  }
  const raw = (doc as { config?: unknown } | null)?.config ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new StackFileError(`${file}: 'config' must be a map`);
  const misspelt = configNamespaceIssues(Object.keys(raw), PREFIX.slice(0, -1));
  if (misspelt.length > 0) throw new StackFileError(`${file}: ${formatIssues(misspelt)}`);
  const config: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(raw).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!key.startsWith(PREFIX)) continue; // Other namespaces (kubernetes:context...) belong to providers.
    const name = key.slice(PREFIX.length);
    if (isSecure(value)) {
      secretKeys.push(name);
    } else if ((SECRET_KEYS as readonly string[]).includes(name)) {
      throw new StackFileError(
        `${file}: ${key} is a secret and is set in plaintext; set it with \`pulumi config set --secret ${name} ...\``,
      );
    } else {
      config[name] = value;
    }
  }
  return { stack, config, secretKeys };
}

export { CONFIG_KEYS };
