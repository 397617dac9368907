import type { StackConfig } from "../config";
import { toYaml } from "../format";
import { generate, generatedRuleFiles, stackObjects, type Generated } from "../generate";
import { alertmanagerConfigSecret, objectKey, placeholderScaleOutSecrets, type KubeObject } from "../manifests";
import { alertmanagerConfig, placeholderCredentials } from "../alerting";

export { listStacks, readStackFile, StackFileError, type StackFile } from "./stack-file";
export { sortKeys, toJson, toYaml } from "../format";

/** What stands in for every secret value in rendered output. */
export const SECRET_PLACEHOLDER = "<secret: set with pulumi config set --secret>";
/** What stands in for a secret URL (Slack, webhook, heartbeat): a URL, so that amtool still accepts the file. */
export const SECRET_URL_PLACEHOLDER = "https://secret.invalid/set-with-pulumi-config-set-secret";

/** A rendered file: path relative to the output directory, and its content. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

/**
 * An object's YAML. A PrometheusRule whose `spec` holds only a rule file's `groups` reuses that file's
 * YAML: `spec` sorts after its other keys, and one level deeper is every non-empty line (literal
 * block lines included) indented by two more spaces, which is what toYaml would write.
 */
function objectYaml(o: KubeObject, groupsYaml: ReadonlyMap<unknown, string>): string {
  const { spec, ...head } = o as KubeObject & { spec?: unknown };
  const groups =
    o.kind === "PrometheusRule" && typeof spec === "object" && spec !== null && Object.keys(spec).length === 1
      ? (spec as { groups?: unknown }).groups
      : undefined;
  const text = groups !== undefined ? groupsYaml.get(groups) : undefined;
  if (text === undefined || Object.keys(head).length === 0 || Object.keys(head).some((k) => k >= "spec")) return toYaml(o);
  return `${toYaml(head)}spec:\n${text.replace(/^(?!$)/gm, "  ")}`;
}

/**
 * Everything `render` writes for a stack: its one generation ({@link generate}, the same the Pulumi
 * program registers) mapped to files. Secrets are replaced by {@link SECRET_PLACEHOLDER}. Sorted by
 * path; byte-for-byte deterministic.
 */
export function renderStack(stack: StackConfig): RenderedFile[] {
  return renderGenerated(generate(stack));
}

/** The files of one generation (see {@link renderStack}). */
export function renderGenerated(g: Generated): RenderedFile[] {
  const { stack } = g;
  const files: RenderedFile[] = [];
  const groupsYaml = new Map<unknown, string>();
  for (const { ruleFile, ruleFileYaml } of generatedRuleFiles(g)) {
    groupsYaml.set(ruleFile.groups, ruleFileYaml);
    files.push({ path: `prometheus/rules/${ruleFile.fileName}`, content: ruleFileYaml });
  }
  // promtool unit tests of every SLO; their rule_files point at ../rules/<service>.yaml.
  for (const t of g.ruleTests) files.push({ path: t.path, content: toYaml(t.file) });
  const p = stack.platform;
  const objects = stackObjects(g, {
    grafanaAdminPassword: SECRET_PLACEHOLDER,
    scaleOut: placeholderScaleOutSecrets(p, SECRET_PLACEHOLDER),
  });
  const a = stack.alerting;
  if (a !== undefined) {
    const config = toYaml(alertmanagerConfig(a, placeholderCredentials(a, { url: SECRET_URL_PLACEHOLDER, token: SECRET_PLACEHOLDER })));
    files.push({ path: "alertmanager/alertmanager.yaml", content: config });
    files.push({ path: "alertmanager/routing-tests.yaml", content: toYaml({ tests: g.routingTable }) });
    objects.push(alertmanagerConfigSecret(p, config));
  }
  for (const o of objects) files.push({ path: `kubernetes/${objectKey(o)}.yaml`, content: objectYaml(o, groupsYaml) });
  for (const r of g.runbooks) files.push({ path: r.path, content: r.content });
  for (const d of g.dashboards.dashboards) files.push({ path: `grafana/dashboards/${d.fileName}`, content: d.json });
  const blackbox = g.platform.blackbox;
  if (blackbox !== undefined) files.push({ path: "blackbox-exporter/helm-values.yaml", content: toYaml(blackbox.values) });
  files.push({ path: "kubernetes/helm-values.yaml", content: toYaml(g.platform.helmValues) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
