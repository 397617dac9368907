import { naming, type PlatformConfig, type ServiceConfig } from "../config";
import type { RuleGroup } from "../rules";
import { toYaml } from "../format";
import type { KubeObject } from "./types";

/**
 * The operator's limit on one PrometheusRule's rule file (its admission webhook refuses a larger one since
 * v0.77; before, the rules were dropped silently): the rule files of a Prometheus share ConfigMaps of half
 * a Secret's 1 MiB.
 */
export const RULE_FILE_LIMIT_BYTES = 512 * 1024;
/**
 * Where a service's groups are split: 1/8 under the limit, because the operator measures the rule file as
 * Go's YAML writer prints it, whose quoting and indentation differ from ours by a few percent.
 */
export const RULE_FILE_SPLIT_BYTES = RULE_FILE_LIMIT_BYTES - RULE_FILE_LIMIT_BYTES / 8;

const MONITORING_API = "monitoring.coreos.com/v1";

/** Labels on a service's custom resources: ours plus the ones Prometheus selects on. */
function crLabels(s: ServiceConfig, platform: PlatformConfig): Record<string, string> {
  return { ...naming.serviceObjectLabels(s), ...naming.selectorLabels(platform) };
}

/** The ServiceMonitor that makes Prometheus scrape a service, with its job relabelled to the spec name. */
export function serviceMonitor(s: ServiceConfig, platform: PlatformConfig): KubeObject {
  const m = s.metrics;
  return {
    apiVersion: MONITORING_API,
    kind: "ServiceMonitor",
    metadata: { name: naming.serviceObjectName(s), namespace: s.namespace, labels: crLabels(s, platform) },
    spec: {
      selector: { matchLabels: s.selector },
      namespaceSelector: { matchNames: [s.namespace] },
      endpoints: [
        {
          port: m.port,
          path: m.path,
          scheme: m.scheme,
          interval: m.interval.text,
          scrapeTimeout: m.scrapeTimeout.text,
          // Rules and dashboards select on job="<spec name>", whatever the Kubernetes Service is called.
          relabelings: [{ action: "replace", targetLabel: naming.label.job, replacement: s.name }],
        },
      ],
      sampleLimit: m.sampleLimit,
      labelLimit: m.labelLimit,
    },
  };
}

/** A PrometheusRule holding rule groups, labelled so that Prometheus loads it. */
export function prometheusRule(
  name: string,
  namespace: string,
  labels: Readonly<Record<string, string>>,
  groups: readonly RuleGroup[],
): KubeObject {
  return { apiVersion: MONITORING_API, kind: "PrometheusRule", metadata: { name, namespace, labels }, spec: { groups } };
}

/** Bytes of the rule file holding these groups, as render writes it (`groups:` and each group's YAML). */
export function ruleFileBytes(groups: readonly RuleGroup[]): number {
  return Buffer.byteLength(toYaml({ groups }), "utf8");
}

/**
 * How the size of a service's whole rule file is learnt: {@link ruleFileBytes} by default; render passes the
 * size of the YAML it has already written for the rule file, because serialising it again costs about 1.4 ms
 * a service (1.37 s for 1000 copies of orders-api's 26 KB file on this VM).
 */
export type RuleFileMeasure = (groups: readonly RuleGroup[]) => number;

/**
 * A service's groups in consecutive runs whose rule file stays under `budget` bytes, in their order. A group
 * is never cut (its rules are evaluated in sequence); a group over the budget alone forms a run of its own.
 */
export function splitRuleGroups(
  groups: readonly RuleGroup[],
  budget = RULE_FILE_SPLIT_BYTES,
  measure: RuleFileMeasure = ruleFileBytes,
): (readonly RuleGroup[])[] {
  if (measure(groups) <= budget) return [groups];
  // A file is its `groups:` line and each group's lines: a group's share is its own file less that line
  // (test/rule-split.test.ts checks the sum against each whole file).
  const header = Buffer.byteLength("groups:\n");
  const runs: RuleGroup[][] = [];
  let size = header;
  for (const g of groups) {
    const bytes = ruleFileBytes([g]) - header;
    const run = runs[runs.length - 1];
    if (run === undefined || (run.length > 0 && size + bytes > budget)) {
      runs.push([g]);
      size = header + bytes;
    } else {
      run.push(g);
      size += bytes;
    }
  }
  return runs;
}

/**
 * The PrometheusRules of one service: one while its rule file fits the operator's limit (today's name), else
 * one per run of groups, the first keeping the service's name and the next ones `<name>-2`, `<name>-3`...
 */
export function servicePrometheusRules(
  s: ServiceConfig,
  platform: PlatformConfig,
  groups: readonly RuleGroup[],
  measure: RuleFileMeasure = ruleFileBytes,
): KubeObject[] {
  const name = naming.serviceObjectName(s);
  return splitRuleGroups(groups, RULE_FILE_SPLIT_BYTES, measure).map((run, i) =>
    prometheusRule(i === 0 ? name : `${name}-${i + 1}`, s.namespace, crLabels(s, platform), run),
  );
}

/** The PrometheusRule of one service, all its groups in one (see {@link servicePrometheusRules} for the split). */
export function servicePrometheusRule(s: ServiceConfig, platform: PlatformConfig, groups: readonly RuleGroup[]): KubeObject {
  return prometheusRule(naming.serviceObjectName(s), s.namespace, crLabels(s, platform), groups);
}
