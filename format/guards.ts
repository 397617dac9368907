/** Type guards for parsed YAML and JSON, shared by the config parser and every reader of rendered files. */

/** True for a plain object (a YAML mapping, a JSON object): not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
