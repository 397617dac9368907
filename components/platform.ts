import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { DEFAULTS, naming, remoteWriteCredentialNames, type AlertingConfig, type PlatformConfig, type ServiceConfig } from "../config";
import { generatePlatform } from "../generate";
import { crdUrls, grafanaAdminSecret, objectKey, scaleOutSecrets } from "../manifests";
import { AlertRouting } from "./alertmanager";
import { registerObject } from "./objects";
import { childOptions } from "./options";

export interface MonitoringPlatformArgs {
  /** The validated platform spec (from `parseStack`). */
  readonly platform: PlatformConfig;
  /** Grafana admin password, a secret. Required while `platform.grafanaEnabled`; no default exists. */
  readonly grafanaAdminPassword?: pulumi.Input<string>;
  /** Alert routing; the chart's default Alertmanager configuration is kept when absent. Defaults to none. */
  readonly alerting?: AlertingConfig;
  /** Credentials of the alert routing by name (`alertingSecrets`), a secret. Required with `alerting`. */
  readonly alertingCredentials?: pulumi.Input<Readonly<Record<string, string>>>;
  /** Remote-write credentials by endpoint name (`remoteWriteSecrets`), a secret. Required when an endpoint has auth. */
  readonly remoteWriteCredentials?: pulumi.Input<Readonly<Record<string, string>>>;
  /** The Thanos sidecar's object-storage configuration (`thanosObjectStorageConfig`), a secret. Required with a sidecar. */
  readonly thanosObjectStorageConfig?: pulumi.Input<string>;
  /** Services with a synthetic probe: when any, the pinned blackbox exporter chart is deployed for them. Defaults to none. */
  readonly probedServices?: readonly ServiceConfig[];
}

/**
 * The kube-prometheus stack of one cluster: its namespace (with Pod Security labels) and
 * NetworkPolicies, the Prometheus Operator CRDs (applied server-side from the chart's operator
 * release), the pinned chart as a Helm release, the Grafana admin Secret, the scale-out Secrets
 * (remote write, Thanos object storage) and the platform rules (Watchdog).
 */
export class MonitoringPlatform extends pulumi.ComponentResource {
  /** Namespace of the stack. */
  readonly namespace: pulumi.Output<string>;
  /** The CRDs: every custom resource must depend on this. */
  readonly crds: pulumi.Resource;
  /** The Helm release of kube-prometheus-stack. */
  readonly release: k8s.helm.v3.Release;
  /** Labels that make Prometheus select ServiceMonitors and PrometheusRules. */
  readonly selectorLabels: Readonly<Record<string, string>>;

  constructor(name: string, args: MonitoringPlatformArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(naming.typeToken.platform, name, {}, opts);
    const p = args.platform;
    if (p.grafanaEnabled && args.grafanaAdminPassword === undefined) {
      throw new pulumi.ResourceError(
        "grafanaAdminPassword is required while platform.grafana.enabled is true (there is no default password); set it with `pulumi config set --secret grafanaAdminPassword <password>` or turn Grafana off",
        this,
      );
    }
    if (args.alerting !== undefined && args.alertingCredentials === undefined) {
      throw new pulumi.ResourceError(
        "alertingCredentials is required with alerting (every receiver has a credential); set them with `pulumi config set --secret --path 'alertingSecrets[\"<receiver>\"]' <value>`",
        this,
      );
    }
    const rwNames = remoteWriteCredentialNames(p.prometheus.remoteWrite);
    if (rwNames.length > 0 && args.remoteWriteCredentials === undefined) {
      throw new pulumi.ResourceError(
        `remoteWriteCredentials is required: remote-write endpoints ${rwNames.join(", ")} have auth; set each with \`pulumi config set --secret --path 'remoteWriteSecrets["<endpoint>"]' <value>\``,
        this,
      );
    }
    if (p.prometheus.thanosSidecar !== undefined && args.thanosObjectStorageConfig === undefined) {
      throw new pulumi.ResourceError(
        "thanosObjectStorageConfig is required with platform.prometheus.thanosSidecar; set it with `pulumi config set --secret thanosObjectStorageConfig <objstore YAML>`",
        this,
      );
    }
    // Every child carries the caller's Kubernetes provider, protect and dependsOn (merged with its own).
    const kube = (dependsOn: pulumi.Resource[] = []) => childOptions(this, opts, { pkg: "kubernetes", dependsOn });
    const generated = generatePlatform({ platform: p, alerting: args.alerting, services: args.probedServices ?? [] });
    const ns = generated.namespace;
    const namespace = registerObject(`${name}-${objectKey(ns)}`, ns, kube());
    const crds = new k8s.yaml.v2.ConfigGroup(`${name}-crds`, { files: crdUrls(p) }, kube());
    for (const policy of generated.networkPolicies) {
      registerObject(`${name}-${objectKey(policy)}`, policy, kube([namespace]));
    }

    const chartDeps: pulumi.Resource[] = [namespace, crds];
    // Each credential stays a secret Output of its own; the Secrets are referenced by name from the values.
    const rw = pulumi.secret(pulumi.output(args.remoteWriteCredentials ?? {}));
    const scaleOut = scaleOutSecrets(p, {
      remoteWriteCredentials: Object.fromEntries(rwNames.map((n) => [n, rw.apply((c) => c[n] ?? "")])),
      thanosObjectStorageConfig: args.thanosObjectStorageConfig !== undefined ? pulumi.secret(args.thanosObjectStorageConfig) : undefined,
    });
    for (const secret of scaleOut) chartDeps.push(registerObject(`${name}-${objectKey(secret)}`, secret, kube([namespace])));
    if (p.grafanaEnabled && args.grafanaAdminPassword !== undefined) {
      const secret = grafanaAdminSecret(p, pulumi.secret(args.grafanaAdminPassword));
      chartDeps.push(registerObject(`${name}-${objectKey(secret)}`, secret, kube([namespace])));
    }
    if (args.alerting !== undefined && args.alertingCredentials !== undefined) {
      const routing = new AlertRouting(
        `${name}-alerting`,
        { platform: p, alerting: args.alerting, credentials: args.alertingCredentials },
        childOptions(this, opts, { dependsOn: [namespace] }),
      );
      chartDeps.push(routing.configSecret);
    }
    this.release = new k8s.helm.v3.Release(
      `${name}-chart`,
      {
        name: p.releaseName,
        namespace: p.namespace,
        chart: p.chart.name,
        version: p.chart.version,
        repositoryOpts: { repo: p.chart.repository },
        values: generated.helmValues,
        skipCrds: true,
        atomic: true,
        timeout: 900,
      },
      kube(chartDeps),
    );
    const blackbox = generated.blackbox;
    if (blackbox !== undefined) {
      const bb = DEFAULTS.blackboxChart;
      new k8s.helm.v3.Release(
        `${name}-blackbox-exporter`,
        {
          name: naming.probe.releaseName,
          namespace: p.namespace,
          chart: bb.name,
          version: bb.version,
          repositoryOpts: { repo: bb.repository },
          values: blackbox.values,
          atomic: true,
          timeout: 300,
        },
        kube([namespace]),
      );
      const policy = blackbox.networkPolicy;
      if (policy !== undefined) registerObject(`${name}-${objectKey(policy)}`, policy, kube([namespace]));
    }
    const rule = generated.prometheusRule;
    registerObject(`${name}-${objectKey(rule)}`, rule, kube([crds, namespace]));

    this.namespace = pulumi.output(p.namespace);
    this.crds = crds;
    this.selectorLabels = naming.selectorLabels(p);
    this.registerOutputs({ namespace: this.namespace, releaseStatus: this.release.status });
  }
}
