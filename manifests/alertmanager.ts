import { naming, type PlatformConfig } from "../config";
import type { SecretObject } from "./types";

/**
 * The Secret the Alertmanager reads its configuration from (`alertmanagerSpec.configSecret`). The
 * configuration text stays whatever secret type the caller passes: a secret Output or a placeholder.
 */
export function alertmanagerConfigSecret<V>(platform: PlatformConfig, configText: V): SecretObject<V> {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: naming.alerting.configSecretName, namespace: platform.namespace, labels: naming.platformObjectLabels() },
    type: "Opaque",
    stringData: { [naming.alerting.configSecretKey]: configText },
  };
}
