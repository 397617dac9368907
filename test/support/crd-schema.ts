import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import Ajv, { type ValidateFunction } from "ajv";
import { RE2 } from "re2-wasm";
import { ROOT } from "./config";

/** The pinned chart's CRDs (operator v0.93.1), beside the repository; absent on a plain clone. */
export const SHARED_CRDS = path.resolve(ROOT, "..", "shared", "reference", "kube-prometheus-stack-88.5.3", "crds");
export const hasSharedCrds = fs.existsSync(SHARED_CRDS);

type Schema = { [key: string]: unknown };

interface Crd {
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { readonly name: string; readonly schema: { readonly openAPIV3Schema: Schema } }[];
  };
}

/** Every CRD's openAPIV3Schema by `apiVersion/kind`. */
export function crdSchemas(dir = SHARED_CRDS): Map<string, Schema> {
  const out = new Map<string, Schema>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, file), "utf8"))) {
      const crd = doc as Crd | null;
      if (crd?.spec?.versions === undefined) continue;
      for (const v of crd.spec.versions) out.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema.openAPIV3Schema);
    }
  }
  return out;
}

/**
 * The schema as the API server applies it to a structural CRD, in JSON Schema: where a node declares
 * `properties` and neither `additionalProperties` nor `x-kubernetes-preserve-unknown-fields`, a field it does
 * not declare is pruned by the server (it silently vanishes), so here it is refused; int-or-string becomes
 * an `anyOf`, a `set` list has unique items. CEL rules (`x-kubernetes-validations`) and list-map key
 * uniqueness are not evaluated.
 */
export function strictSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (node === null || typeof node !== "object") return node;
  const s = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith("x-kubernetes-") || k === "description") continue;
    out[k] =
      k === "properties" ? Object.fromEntries(Object.entries(v as Schema).map(([p, sub]) => [p, strictSchema(sub)])) : strictSchema(v);
  }
  if (s["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    out.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (s["x-kubernetes-list-type"] === "set") out.uniqueItems = true;
  if (s.properties !== undefined && s.additionalProperties === undefined && s["x-kubernetes-preserve-unknown-fields"] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * A validator of a CRD's strict schema. Patterns are Go RE2, as the API server reads them (`(?i)` flags and
 * all), so they run on RE2 itself.
 */
export function crdValidator(schema: Schema): ValidateFunction {
  // Kubernetes formats (int32, int64, byte...) are not JSON Schema formats; types and patterns are what matter here.
  // `code` names the engine in standalone code, which is never generated here.
  const regExp = Object.assign((p: string, f: string) => new RE2(p, f), { code: 'require("re2-wasm").RE2' });
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, code: { regExp } });
  return ajv.compile(strictSchema(schema) as Schema);
}

/** One line per problem, `<path>: <message>`, as the validator reports it. */
export function crdProblems(validate: ValidateFunction, o: unknown): string[] {
  if (validate(o)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra =
      e.keyword === "additionalProperties" ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})` : "";
    return `${e.instancePath || "/"}: ${e.message ?? e.keyword}${extra}`;
  });
}

/** Every field path a CRD schema declares, in the form {@link Models.fieldPaths} writes. */
export function schemaFieldPaths(node: Schema, at = ""): string[] {
  const props = node.properties as Record<string, Schema> | undefined;
  const items = node.items as Schema | undefined;
  const extra = node.additionalProperties;
  if (props !== undefined) {
    return Object.entries(props).flatMap(([k, sub]) => {
      const where = at === "" ? k : `${at}.${k}`;
      return [where, ...schemaFieldPaths(sub, where)];
    });
  }
  if (items !== undefined) return schemaFieldPaths(items, `${at}[]`);
  if (typeof extra === "object" && extra !== null) return schemaFieldPaths(extra as Schema, `${at}{}`);
  return [];
}
