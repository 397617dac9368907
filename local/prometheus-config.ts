/** The local Prometheus configuration: the rendered stack's intervals, rules and scrape jobs. */
import { naming } from "../config";
import type { ProbeObject } from "./probe";
import type { RenderedStack } from "./rendered";
import { localRuleFiles } from "./rendered";
import { probeScrapeConfig, withHost } from "./probe";
import { scrapeConfigs, type ScrapeConfig } from "./scrape";

export interface LocalPrometheusConfig {
  readonly config: Readonly<Record<string, unknown>>;
  /** Services scraped locally, by ServiceMonitor name. */
  readonly scraped: readonly string[];
  /** Services with a ServiceMonitor but no local process: neither scraped nor their rules loaded. */
  readonly leftOut: readonly string[];
  /** Services whose Probe runs locally, through the blackbox exporter. */
  readonly probed: readonly string[];
}

/**
 * `targets` maps a ServiceMonitor (service) name to the `host:port` of its local process. A service
 * without one is left out with its rule file: scraping nothing would only fire its absent alerts. With
 * `blackbox` (the local exporter's `host:port`), the Probe of every local service is scraped through it
 * as the operator would, its URL pointed at the local process as the scrape targets are.
 */
export function localPrometheusConfig(
  r: RenderedStack,
  targets: Readonly<Record<string, string>>,
  alertmanager: string,
  blackbox?: string,
): LocalPrometheusConfig {
  const scraped = r.monitors.filter((m) => targets[m.name] !== undefined);
  const probed = blackbox === undefined ? [] : r.probes.filter((p) => targets[probedService(p)] !== undefined);
  const scrape: ScrapeConfig[] = [
    ...scraped.flatMap((m) => scrapeConfigs(m, targets[m.name] ?? "")),
    ...probed.map((p) => probeScrapeConfig(p, blackbox ?? "", (url) => withHost(url, targets[probedService(p)] ?? ""))),
  ];
  return {
    config: {
      global: {
        scrape_interval: r.scrapeInterval,
        evaluation_interval: r.evaluationInterval,
        ...(Object.keys(r.externalLabels).length > 0 ? { external_labels: r.externalLabels } : {}),
      },
      alerting: { alertmanagers: [{ api_version: "v2", static_configs: [{ targets: [alertmanager] }] }] },
      rule_files: localRuleFiles(
        r,
        scraped.map((m) => m.name),
      ),
      scrape_configs: scrape,
    },
    scraped: scraped.map((m) => m.name),
    leftOut: r.monitors.filter((m) => targets[m.name] === undefined).map((m) => m.name),
    probed: probed.map(probedService),
  };
}

/** The service a Probe probes: its series' `service` label (the Probe's static labels), else its name. */
function probedService(p: ProbeObject): string {
  return p.labels[naming.label.service] ?? p.name;
}
