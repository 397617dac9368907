/**
 * Serialisation every layer shares, below all of them: YAML and JSON with sorted keys, byte-for-byte
 * deterministic. It imports nothing of ours.
 */
export { sortKeys } from "./keys";
export { toJson } from "./json";
export { toYaml, toYamlReference } from "./yaml";
