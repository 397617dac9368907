import yaml from "js-yaml";

/** Deep copy with every map's keys sorted, so serialised output never depends on insertion order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** YAML with sorted keys, no line folding and no anchors: byte-for-byte stable. */
export function toYaml(value: unknown): string {
  return yaml.dump(sortKeys(value), { lineWidth: -1, noRefs: true, sortKeys: true, quotingType: '"' });
}

/** Pretty JSON with sorted keys and a trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
