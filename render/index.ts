import { DashboardDelivery, naming, type StackConfig } from "../config";
import { ruleFiles, type RuleGroup } from "../rules";
import { sloTestFile, sloTestPath, TestGeneration } from "../rules/slo";
import {
  blackboxExporterValues,
  helmValues,
  objectKey,
  placeholderScaleOutSecrets,
  ruleFileBytes,
  stackObjects,
  type KubeObject,
} from "../manifests";
import { toYaml } from "../format";
import { dashboardConfigMaps, stackDashboards } from "../dashboards";
import { alertmanagerConfig, alertmanagerConfigSecret, placeholderCredentials, routingTable, runbooks } from "../alerting";

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
 * Everything `render` writes for a stack, from the same generators the Pulumi program uses.
 * Secrets are replaced by {@link SECRET_PLACEHOLDER}. Sorted by path; byte-for-byte deterministic.
 */
export function renderStack(stack: StackConfig): RenderedFile[] {
  const files: RenderedFile[] = [];
  const groupsYaml = new Map<unknown, string>();
  for (const f of ruleFiles(stack)) {
    const content = toYaml({ groups: f.groups });
    groupsYaml.set(f.groups, content);
    files.push({ path: `prometheus/rules/${f.fileName}`, content });
  }
  // promtool unit tests of every SLO; their rule_files point at ../rules/<service>.yaml. One generation
  // shares the model's answers between services with the same SLO settings.
  const tests = new TestGeneration();
  for (const s of stack.services) {
    for (const slo of s.slos) files.push({ path: sloTestPath(s, slo), content: toYaml(sloTestFile(stack.platform, s, slo, tests)) });
  }
  // A rule file's size for the PrometheusRule split is that of the YAML just written for it.
  const measure = (groups: readonly RuleGroup[]): number => {
    const text = groupsYaml.get(groups);
    return text !== undefined ? Buffer.byteLength(text, "utf8") : ruleFileBytes(groups);
  };
  for (const o of stackObjects(
    stack,
    { grafanaAdminPassword: SECRET_PLACEHOLDER, scaleOut: placeholderScaleOutSecrets(stack.platform, SECRET_PLACEHOLDER) },
    measure,
  )) {
    files.push({ path: `kubernetes/${objectKey(o)}.yaml`, content: objectYaml(o, groupsYaml) });
  }
  const a = stack.alerting;
  if (a !== undefined) {
    const config = toYaml(alertmanagerConfig(a, placeholderCredentials(a, { url: SECRET_URL_PLACEHOLDER, token: SECRET_PLACEHOLDER })));
    const secret = alertmanagerConfigSecret(stack.platform, config);
    files.push({ path: "alertmanager/alertmanager.yaml", content: config });
    files.push({ path: "alertmanager/routing-tests.yaml", content: toYaml({ tests: routingTable(stack, a) }) });
    files.push({ path: `kubernetes/${objectKey(secret)}.yaml`, content: toYaml(secret) });
  }
  for (const r of runbooks(stack)) files.push({ path: r.path, content: r.content });
  const dashboards = stackDashboards(stack);
  for (const d of dashboards) files.push({ path: `grafana/dashboards/${d.fileName}`, content: d.json });
  if (stack.dashboards.delivery === DashboardDelivery.sidecar) {
    for (const cm of dashboardConfigMaps(stack, dashboards)) files.push({ path: `kubernetes/${objectKey(cm)}.yaml`, content: toYaml(cm) });
  }
  if (stack.services.some((s) => s.probe !== undefined)) {
    files.push({ path: "blackbox-exporter/helm-values.yaml", content: toYaml(blackboxExporterValues()) });
  }
  files.push({
    path: "kubernetes/helm-values.yaml",
    content: toYaml(helmValues(stack.platform, a !== undefined ? naming.alerting.configSecretName : undefined)),
  });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
