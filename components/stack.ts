import * as pulumi from "@pulumi/pulumi";
import { DashboardDelivery, type StackConfig } from "../config";
import { GrafanaDashboards } from "./dashboards";
import { MonitoringPlatform } from "./platform";
import { ServiceMonitoring } from "./service";
import { stackOptions } from "./options";

/** Secret inputs of a stack, from Pulumi secret config. */
export interface StackSecretInputs {
  readonly grafanaAdminPassword?: pulumi.Input<string>;
  /** The `alertingSecrets` map: every alert routing credential by name. */
  readonly alertingCredentials?: pulumi.Input<Readonly<Record<string, string>>>;
  /** The `remoteWriteSecrets` map and `thanosObjectStorageConfig`: scale-out credentials. */
  readonly remoteWriteCredentials?: pulumi.Input<Readonly<Record<string, string>>>;
  readonly thanosObjectStorageConfig?: pulumi.Input<string>;
  /** URL and token of an external Grafana, for `dashboards.delivery: grafanaApi`. */
  readonly grafanaApiUrl?: pulumi.Input<string>;
  readonly grafanaApiToken?: pulumi.Input<string>;
}

export interface MonitoringStack {
  readonly platform: MonitoringPlatform;
  readonly services: readonly ServiceMonitoring[];
  readonly dashboards: GrafanaDashboards;
}

/**
 * Builds a whole stack in order: the platform (CRDs first), then every service after the CRDs.
 * `opts` are the caller's resource options (`provider`/`providers`, `parent`, `dependsOn`, `protect`,
 * `transforms`...): each component gets them, its own dependencies merged into `dependsOn`, and passes them
 * to every child. Defaults to none (the default provider, no parent).
 */
export function monitoringStack(
  spec: StackConfig,
  secrets: StackSecretInputs,
  opts: pulumi.ComponentResourceOptions = {},
): MonitoringStack {
  const { grafanaApiUrl, grafanaApiToken, ...platformSecrets } = secrets;
  const platform = new MonitoringPlatform(
    "platform",
    {
      platform: spec.platform,
      probedServices: spec.services.filter((s) => s.probe !== undefined),
      ...platformSecrets,
      ...(spec.alerting !== undefined ? { alerting: spec.alerting } : {}),
    },
    stackOptions(opts),
  );
  const services = spec.services.map(
    (s) => new ServiceMonitoring(s.name, { service: s, platform: spec.platform }, stackOptions(opts, [platform.crds])),
  );
  // ConfigMaps need the platform's namespace; the Grafana API path needs nothing of the cluster.
  const dashboards = new GrafanaDashboards(
    "dashboards",
    {
      stack: spec,
      ...(grafanaApiUrl !== undefined ? { grafanaUrl: grafanaApiUrl } : {}),
      ...(grafanaApiToken !== undefined ? { grafanaToken: grafanaApiToken } : {}),
    },
    stackOptions(opts, spec.dashboards.delivery === DashboardDelivery.sidecar ? [platform] : []),
  );
  return { platform, services, dashboards };
}
