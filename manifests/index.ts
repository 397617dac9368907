import type { PlatformSpec, ServiceSpec, StackSpec } from "../spec";
import { platformRuleGroups, serviceRuleGroups } from "../rules";
import { grafanaAdminSecret, platformNamespace, platformPrometheusRule } from "./platform";
import { serviceMonitor, servicePrometheusRule } from "./service";
import type { KubeObject } from "./types";

export { GRAFANA_ADMIN_SECRET, crdUrls, grafanaAdminSecret, helmValues, platformNamespace, platformPrometheusRule } from "./platform";
export { prometheusRule, serviceMonitor, servicePrometheusRule } from "./service";
export { objectKey, type KubeObject, type ObjectMeta, type SecretObject } from "./types";

/** Secret values of a stack, of whatever type the caller holds them in. */
export interface StackSecrets<V> {
  readonly grafanaAdminPassword: V | undefined;
}

/** The platform's own objects, in the order they are created. */
export function platformObjects<V>(stack: StackSpec, secrets: StackSecrets<V>): KubeObject[] {
  const objects: KubeObject[] = [platformNamespace(stack.platform)];
  if (stack.platform.grafanaEnabled && secrets.grafanaAdminPassword !== undefined) {
    objects.push(grafanaAdminSecret(stack.platform, secrets.grafanaAdminPassword));
  }
  objects.push(platformPrometheusRule(stack.platform, platformRuleGroups(stack.platform)));
  return objects;
}

/** One service's objects. */
export function serviceObjects(s: ServiceSpec, platform: PlatformSpec): KubeObject[] {
  return [serviceMonitor(s, platform), servicePrometheusRule(s, platform, serviceRuleGroups(s))];
}

/** Every Kubernetes object our components create (the chart's own objects excluded). */
export function stackObjects<V>(stack: StackSpec, secrets: StackSecrets<V>): KubeObject[] {
  return [...platformObjects(stack, secrets), ...stack.services.flatMap((s) => serviceObjects(s, stack.platform))];
}
