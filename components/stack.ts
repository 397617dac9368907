import * as pulumi from "@pulumi/pulumi";
import type { StackSpec } from "../spec";
import { MonitoringPlatform } from "./platform";
import { ServiceMonitoring } from "./service";

/** Secret inputs of a stack, from Pulumi secret config. */
export interface StackSecretInputs {
  readonly grafanaAdminPassword?: pulumi.Input<string>;
  /** The `alertingSecrets` map: every alert routing credential by name. */
  readonly alertingCredentials?: pulumi.Input<Readonly<Record<string, string>>>;
}

export interface MonitoringStack {
  readonly platform: MonitoringPlatform;
  readonly services: readonly ServiceMonitoring[];
}

/** Builds a whole stack in order: the platform (CRDs first), then every service after the CRDs. */
export function monitoringStack(spec: StackSpec, secrets: StackSecretInputs): MonitoringStack {
  const platform = new MonitoringPlatform("platform", { platform: spec.platform, ...secrets, ...(spec.alerting !== undefined ? { alerting: spec.alerting } : {}) });
  const services = spec.services.map(
    (s) => new ServiceMonitoring(s.name, { service: s, platform: spec.platform }, { dependsOn: [platform.crds] }),
  );
  return { platform, services };
}
