import type { StackSpec } from "../spec";
import { ruleFiles } from "../rules";
import { helmValues, objectKey, stackObjects } from "../manifests";
import { toYaml } from "./yaml";

export { listStacks, readStackFile, StackFileError, type StackFile } from "./stack-file";
export { sortKeys, toJson, toYaml } from "./yaml";

/** What stands in for every secret value in rendered output. */
export const SECRET_PLACEHOLDER = "<secret: set with pulumi config set --secret>";

/** A rendered file: path relative to the output directory, and its content. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Everything `render` writes for a stack, from the same generators the Pulumi program uses.
 * Secrets are replaced by {@link SECRET_PLACEHOLDER}. Sorted by path; byte-for-byte deterministic.
 */
export function renderStack(stack: StackSpec): RenderedFile[] {
  const files: RenderedFile[] = [];
  for (const f of ruleFiles(stack)) {
    files.push({ path: `prometheus/rules/${f.fileName}`, content: toYaml({ groups: f.groups }) });
  }
  for (const o of stackObjects(stack, { grafanaAdminPassword: SECRET_PLACEHOLDER })) {
    files.push({ path: `kubernetes/${objectKey(o)}.yaml`, content: toYaml(o) });
  }
  files.push({ path: "kubernetes/helm-values.yaml", content: toYaml(helmValues(stack.platform)) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
