/**
 * One generation of a stack: every artefact the product makes from a validated stack, each made once,
 * carrying as data what later steps need (the labels each alert carries, its threshold). `render`
 * writes it to files, the components register it, the local stack and the drill run it; none of
 * them calls a generator of its own.
 *
 * Secrets are not part of it: the three artefacts that carry one (the Grafana admin Secret, the
 * scale-out Secrets, the Alertmanager configuration and its Secret) are made at the edge that holds
 * the secret values (placeholders in render, secret Outputs in the program), with the manifests' and
 * alerting's builders.
 */
import * as path from "node:path";
import { DashboardDelivery, type PlatformConfig, type ServiceConfig, type StackConfig } from "../config";
import { toYaml } from "../format";
import { platformRuleFile, serviceRuleFile, type GeneratedAlert, type RuleFile, type RuleGroup } from "../rules";
import { sloTestFile, sloTestPath, sloTestShape, TestGeneration, type PromtoolTestFile } from "../rules/slo";
import { routingTable, runbooks, type RoutingRow, type Runbook } from "../alerting";
import { dashboardFolders, stackDashboards, type GeneratedDashboard } from "../dashboards";
import {
  alertmanagerSecret,
  type ConfigMapObject,
  blackboxExporterValues,
  blackboxNetworkPolicy,
  dashboardConfigMaps,
  grafanaAdminSecret,
  helmValues,
  type KubeObject,
  networkPolicies,
  platformNamespace,
  platformPrometheusRule,
  type ScaleOutSecrets,
  probeObject,
  scaleOutSecrets,
  ruleFileBytes,
  serviceMonitor,
  servicePrometheusRules,
} from "../manifests";

/** A promtool unit test file: its path under the output directory and its content. */
export interface RuleTest {
  readonly path: string;
  readonly file: PromtoolTestFile;
}

/** What one service makes: its rule file (with its alerts' facts) and its Kubernetes objects. */
export interface GeneratedService {
  readonly service: ServiceConfig;
  readonly ruleFile: RuleFile;
  /** {@link ruleFile} as YAML, serialised once: render writes it, and the PrometheusRule split measures it. */
  readonly ruleFileYaml: string;
  /** Its ServiceMonitor, PrometheusRules (more than one past the operator's rule-file limit) and Probe, in that order. */
  readonly objects: readonly KubeObject[];
}

/** What the platform makes without a secret: its rule file, its objects and the chart's values. */
export interface GeneratedPlatform {
  readonly ruleFile: RuleFile;
  /** {@link ruleFile} as YAML, serialised once. */
  readonly ruleFileYaml: string;
  /** The monitoring namespace, with its Pod Security labels: every other object goes in it. */
  readonly namespace: KubeObject;
  readonly networkPolicies: readonly KubeObject[];
  /** The PrometheusRule of {@link ruleFile}. */
  readonly prometheusRule: KubeObject;
  /** The kube-prometheus-stack values; they name the Alertmanager configuration Secret when the stack routes alerts. */
  readonly helmValues: Readonly<Record<string, unknown>>;
  /** The blackbox exporter the services' probes need (its chart's values and NetworkPolicy); undefined when no service has a probe. */
  readonly blackbox: { readonly values: Readonly<Record<string, unknown>>; readonly networkPolicy: KubeObject | undefined } | undefined;
}

/** The stack's dashboards and how they are delivered. */
export interface GeneratedDashboards {
  /** The overview, then one per service in name order. */
  readonly dashboards: readonly GeneratedDashboard[];
  /** The sidecar's ConfigMaps; none with `dashboards.delivery: grafanaApi`. */
  readonly configMaps: readonly ConfigMapObject[];
  /** Grafana folders (one per team), for the Grafana API. */
  readonly folders: readonly { readonly uid: string; readonly title: string }[];
}

/** Everything a stack makes without a secret. */
export interface Generated {
  readonly stack: StackConfig;
  readonly platform: GeneratedPlatform;
  /** One per service, in the stack's order. */
  readonly services: readonly GeneratedService[];
  /** One promtool test file per SLO of every service (the Pulumi program, which needs none, never makes them). */
  readonly ruleTests: readonly RuleTest[];
  /** Every alerting rule of the stack with its facts: the platform's, then each service's. */
  readonly alerts: readonly GeneratedAlert[];
  /** One label set per alert the stack can send and the receiver it must reach; undefined without `alerting`. */
  readonly routingTable: readonly RoutingRow[] | undefined;
  readonly runbooks: readonly Runbook[];
  readonly dashboards: GeneratedDashboards;
}

/** A rule file as `promtool` and the PrometheusRule's `spec` read it. */
function ruleFileYaml(f: RuleFile): string {
  return toYaml({ groups: f.groups });
}

/** The platform's share: rules, namespace, policies, Helm values, and the blackbox exporter when `services` probe. */
export function generatePlatform(stack: Pick<StackConfig, "platform" | "alerting" | "services">): GeneratedPlatform {
  const p = stack.platform;
  const probed = stack.services.filter((s) => s.probe !== undefined);
  const ruleFile = platformRuleFile(p);
  return {
    ruleFile,
    ruleFileYaml: ruleFileYaml(ruleFile),
    namespace: platformNamespace(p),
    networkPolicies: networkPolicies(p, stack.alerting),
    prometheusRule: platformPrometheusRule(p, ruleFile.groups),
    helmValues: helmValues(p, stack.alerting !== undefined ? alertmanagerSecret.name : undefined),
    blackbox: probed.length > 0 ? { values: blackboxExporterValues(), networkPolicy: blackboxNetworkPolicy(p, probed) } : undefined,
  };
}

const probeOf = (s: ServiceConfig, platform: PlatformConfig): KubeObject[] => {
  const probe = probeObject(s, platform);
  return probe !== undefined ? [probe] : [];
};

/** One service's share: its rules, its ServiceMonitor and PrometheusRules, and its Probe. */
export function generateService(s: ServiceConfig, platform: PlatformConfig): GeneratedService {
  const ruleFile = serviceRuleFile(s);
  const yaml = ruleFileYaml(ruleFile);
  const bytes = Buffer.byteLength(yaml, "utf8");
  // The split measures the whole rule file by the YAML already made for it, groups of it by serialising them.
  const measure = (groups: readonly RuleGroup[]): number => (groups === ruleFile.groups ? bytes : ruleFileBytes(groups));
  return {
    service: s,
    ruleFile,
    ruleFileYaml: yaml,
    objects: [serviceMonitor(s, platform), ...servicePrometheusRules(s, platform, ruleFile.groups, measure), ...probeOf(s, platform)],
  };
}

/** The dashboards, their sidecar ConfigMaps (sidecar delivery) and their folders. */
export function generateDashboards(stack: StackConfig): GeneratedDashboards {
  const dashboards = stackDashboards(stack);
  return {
    dashboards,
    configMaps: stack.dashboards.delivery === DashboardDelivery.sidecar ? dashboardConfigMaps(stack, dashboards) : [],
    folders: dashboardFolders(dashboards),
  };
}

/** The whole stack, each artefact made once. Pure: the same stack always gives the same result. */
export function generate(stack: StackConfig): Generated {
  const platform = generatePlatform(stack);
  const services = stack.services.map((s) => generateService(s, stack.platform));
  const alerts = [platform.ruleFile, ...services.map((s) => s.ruleFile)].flatMap((f) => f.alerts);
  return {
    stack,
    platform,
    services,
    ruleTests: ruleTests(stack),
    alerts,
    routingTable: stack.alerting !== undefined ? routingTable(stack.alerting, alerts) : undefined,
    runbooks: runbooks(stack, alerts),
    dashboards: generateDashboards(stack),
  };
}

/**
 * The promtool test files of every SLO. SLOs whose rules answer the scenarios alike ({@link sloTestShape})
 * share the whole scenario suite: the first of them by file path runs it, each other runs the
 * scenarios that prove its own series reach its alerts and names that file. So the suite's size and
 * promtool time grow with the distinct settings of a stack, not with its services.
 */
function ruleTests(stack: StackConfig): RuleTest[] {
  // One test generation shares the model's answers between services with the same SLO settings.
  const tests = new TestGeneration();
  const slos = stack.services.flatMap((s) =>
    s.slos.map((slo) => ({ s, slo, path: sloTestPath(s, slo), shape: sloTestShape(stack.platform, s, slo) })),
  );
  const suiteIn = new Map<string, string>();
  for (const t of [...slos].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))
    if (!suiteIn.has(t.shape)) suiteIn.set(t.shape, t.path);
  return slos.map((t) => {
    const full = suiteIn.get(t.shape);
    const fullSuiteIn = full === undefined || full === t.path ? undefined : path.posix.basename(full);
    return { path: t.path, file: sloTestFile(stack.platform, t.s, t.slo, tests, fullSuiteIn) };
  });
}

/** Every rule file of a generation with its YAML: the platform's, then one per service. */
export function generatedRuleFiles(g: Generated): { readonly ruleFile: RuleFile; readonly ruleFileYaml: string }[] {
  return [g.platform, ...g.services];
}

/** Secret values of a stack, of whatever type the caller holds them in (placeholders, secret Outputs). */
export interface StackSecrets<V> {
  readonly grafanaAdminPassword: V | undefined;
  /** Remote-write credentials and the Thanos object-storage config; no scale-out Secret when absent. */
  readonly scaleOut?: ScaleOutSecrets<V>;
}

/**
 * Every Kubernetes object of a generation that our components create (the chart's own excluded, and
 * the Alertmanager configuration Secret, whose text the caller serialises): the platform's, the
 * Secrets made from `secrets`, each service's, then the dashboards' ConfigMaps.
 */
export function stackObjects<V>(g: Generated, secrets: StackSecrets<V>): KubeObject[] {
  const p = g.stack.platform;
  const objects: KubeObject[] = [g.platform.namespace, ...g.platform.networkPolicies];
  if (p.grafanaEnabled && secrets.grafanaAdminPassword !== undefined) objects.push(grafanaAdminSecret(p, secrets.grafanaAdminPassword));
  if (secrets.scaleOut !== undefined) objects.push(...scaleOutSecrets(p, secrets.scaleOut));
  objects.push(g.platform.prometheusRule);
  if (g.platform.blackbox?.networkPolicy !== undefined) objects.push(g.platform.blackbox.networkPolicy);
  objects.push(...g.services.flatMap((s) => s.objects), ...g.dashboards.configMaps);
  return objects;
}
