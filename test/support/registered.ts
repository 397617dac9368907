import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import { SECRET_PLACEHOLDER } from "../../render";
import type { StackConfig } from "../../config";
import type { Registered } from "./mocks";
import { isSecretValue, unwrapSecret } from "./capture";
import { renderToTemp } from "./tools";

/** Paths in a value where `canary` occurs outside any secret-signed value. */
export function plainOccurrences(value: unknown, canary: string, at: string): string[] {
  if (isSecretValue(value)) return [];
  if (typeof value === "string") return value.includes(canary) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainOccurrences(v, canary, `${at}[${i}]`));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => plainOccurrences(v, canary, `${at}.${k}`));
  return [];
}

/** The registered Kubernetes objects (the chart release excepted) in rendered form: `canary` secrets replaced by the render placeholder. */
export function registeredObjects(registered: readonly Registered[], canary: string): Record<string, unknown>[] {
  return registered
    .filter((r) => "kind" in r.inputs && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh"))
    .map((r) => {
      const o = structuredClone(r.inputs);
      if (o.kind === "Secret") {
        const data = unwrapSecret(o.stringData) as Record<string, unknown>;
        o.stringData = Object.fromEntries(
          Object.entries(data).map(([k, v]) => [k, unwrapSecret(v) === canary ? SECRET_PLACEHOLDER : unwrapSecret(v)]),
        );
      }
      return o;
    });
}

/** The Kubernetes objects `render` writes for a stack (helm-values.yaml excepted). */
export function renderedObjects(stack: StackConfig): Record<string, unknown>[] {
  const dir = path.join(renderToTemp(stack), "kubernetes");
  return fs
    .readdirSync(dir)
    .filter((f) => f !== "helm-values.yaml")
    .map((f) => yaml.load(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>);
}

/** `<kind>/<name>` of an object, to pair registered and rendered objects. */
export function kindName(o: Record<string, unknown>): string {
  return `${String(o.kind)}/${(o.metadata as { name: string }).name}`;
}
