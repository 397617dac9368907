/**
 * The kube-observability Pulumi program: reads stack config, validates it into a spec (every
 * problem at once, before any resource), then builds the platform and one component per service.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  REMOTE_WRITE_SECRETS_KEY,
  SECRET_KEYS,
  THANOS_OBJECT_STORAGE_KEY,
  checkStack,
  configNamespaceIssues,
  deploySecretIssues,
  formatIssues,
  platformSecretIssues,
} from "./config";
import { monitoringStack } from "./components";
import { credentialIssues } from "./alerting";

const config = new pulumi.Config();
const PREFIX = `${pulumi.getProject()}:`;
// Every key of the project namespace, so that a misspelt key is reported, not ignored.
const raw: Record<string, unknown> = {};
const allConfig = pulumi.runtime.allConfig();
for (const [key, text] of Object.entries(allConfig).sort(([a], [b]) => (a < b ? -1 : 1))) {
  const name = key.startsWith(PREFIX) ? key.slice(PREFIX.length) : undefined;
  if (name === undefined || (SECRET_KEYS as readonly string[]).includes(name)) continue;
  try {
    raw[name] = JSON.parse(text);
  } catch {
    raw[name] = text;
  }
}
const checked = checkStack({ stack: pulumi.getStack(), config: raw });
// Keys in a misspelt namespace (`kube-observabilty:services`) are read by nothing: say which key they meant.
const namespaceIssues = configNamespaceIssues(Object.keys(allConfig), pulumi.getProject());
if (checked.spec === undefined || namespaceIssues.length > 0) {
  // RunError ends the program with this message alone: no stack trace for bad input.
  throw new pulumi.RunError(formatIssues([...namespaceIssues, ...checked.issues]));
}
const spec = checked.spec;
const grafanaAdminPassword = config.getSecret("grafanaAdminPassword");
// An external Grafana for `dashboards.delivery: grafanaApi`: both are secrets, checked by the component.
const grafanaApiUrl = config.getSecret("grafanaApiUrl");
const grafanaApiToken = config.getSecret("grafanaApiToken");
/**
 * Names set in a secret config map (`alertingSecrets`, `remoteWriteSecrets`) with a non-empty value.
 * Only the keys are read here, to report every missing credential before any resource; the values
 * stay inside the secret Output.
 */
function secretMapKeys(key: string): string[] {
  const text = pulumi.runtime.allConfig()[`${PREFIX}${key}`];
  try {
    const parsed: unknown = text === undefined ? {} : JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null)
      return Object.entries(parsed)
        .filter(([, v]) => typeof v === "string" && v !== "")
        .map(([k]) => k);
  } catch {
    return [];
  }
  return [];
}
const thanosObjectStorageConfig = config.getSecret(THANOS_OBJECT_STORAGE_KEY);
/** Secret config keys that are set, with a non-empty value; only the names are looked at. */
const setSecretKeys = SECRET_KEYS.filter((k) => {
  const v = allConfig[`${PREFIX}${k}`];
  return v !== undefined && v !== "";
});
const secretIssues = [
  ...deploySecretIssues(spec, setSecretKeys, allConfig[`${PREFIX}grafanaApiUrl`]),
  ...(spec.alerting !== undefined ? credentialIssues(spec.alerting, secretMapKeys("alertingSecrets")) : []),
  ...platformSecretIssues(spec.platform, secretMapKeys(REMOTE_WRITE_SECRETS_KEY), thanosObjectStorageConfig !== undefined),
];
if (secretIssues.length > 0) throw new pulumi.RunError(formatIssues(secretIssues));
const alertingCredentials =
  spec.alerting !== undefined
    ? (config.getSecretObject<Record<string, string>>("alertingSecrets") ?? pulumi.secret<Record<string, string>>({}))
    : undefined;
const remoteWriteCredentials = config.getSecretObject<Record<string, string>>(REMOTE_WRITE_SECRETS_KEY);
const stack = monitoringStack(spec, {
  ...(grafanaAdminPassword !== undefined ? { grafanaAdminPassword } : {}),
  ...(grafanaApiUrl !== undefined ? { grafanaApiUrl } : {}),
  ...(grafanaApiToken !== undefined ? { grafanaApiToken } : {}),
  ...(alertingCredentials !== undefined ? { alertingCredentials } : {}),
  ...(remoteWriteCredentials !== undefined ? { remoteWriteCredentials } : {}),
  ...(thanosObjectStorageConfig !== undefined ? { thanosObjectStorageConfig } : {}),
});

export const monitoringNamespace = stack.platform.namespace;
export const chart = `${spec.platform.chart.name}@${spec.platform.chart.version}`;
export const releaseStatus = stack.platform.release.status;
export const services = spec.services.map((s) => ({ name: s.name, namespace: s.namespace, team: s.team }));
