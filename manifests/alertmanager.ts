import { naming, type PlatformConfig } from "../config";
import type { SecretObject } from "./types";
import { alertmanagerSecret } from "./chart";

/**
 * The Secret the Alertmanager reads its configuration from (`alertmanagerSpec.configSecret`). The
 * configuration text stays whatever secret type the caller passes: a secret Output or a placeholder.
 */
export function alertmanagerConfigSecret<V>(platform: PlatformConfig, configText: V): SecretObject<V> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: alertmanagerSecret.name, namespace: platform.namespace, labels: naming.platformObjectLabels() },
    type: "Opaque",
    stringData: { [alertmanagerSecret.key]: configText },
  };
}
