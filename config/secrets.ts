/**
 * Checks of the stack's config keys themselves, made on key names only (secret values are never
 * read here): keys in a misspelt config namespace, and the secrets a delivery mode needs.
 */
import { show, type ConfigIssue } from "./errors";
import { distance } from "./suggest";
import { DashboardDelivery, type StackConfig } from "./types";

// The spelling suggestions live in suggest.ts, below read.ts, which this module's types import would cycle back to.
export { closestKey, distance } from "./suggest";

/**
 * Config keys whose namespace is probably a misspelling of the project's (`kube-observabilty:services`):
 * nothing reads them, so the stack would silently run on defaults. `keys` are full keys (`ns:name`).
 */
export function configNamespaceIssues(keys: readonly string[], project: string): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const key of [...keys].sort()) {
    const colon = key.indexOf(":");
    if (colon <= 0) continue;
    const ns = key.slice(0, colon);
    if (ns === project || ns.length > 2 * project.length) continue;
    const close = ns.toLowerCase() === project || distance(ns.toLowerCase(), project) <= Math.max(2, Math.floor(project.length / 6));
    if (!close) continue;
    const meant = `${project}:${key.slice(colon + 1)}`;
    out.push({
      path: key.length > 120 ? `${key.slice(0, 117)}...` : key,
      message: `is in config namespace ${show(ns)}, which nothing reads; did you mean ${show(meant.length > 120 ? `${meant.slice(0, 117)}...` : meant)}?`,
    });
  }
  return out;
}

/**
 * Secret config keys a stack needs or must not set for its delivery modes, judged on which keys are
 * set; `grafanaApiUrl`, when given, is checked to be an http(s) URL (its value is never shown).
 */
export function deploySecretIssues(spec: StackConfig, setKeys: readonly string[], grafanaApiUrl?: string): ConfigIssue[] {
  const set = new Set(setKeys);
  const out: ConfigIssue[] = [];
  if (grafanaApiUrl !== undefined && grafanaApiUrl !== "" && !/^https?:\/\/[^\s/?#]+(\/\S*)?$/.test(grafanaApiUrl)) {
    out.push({
      path: "grafanaApiUrl",
      message: "is not an http(s) URL such as https://grafana.example.com (the value is a secret and is not shown)",
    });
  }
  if (spec.platform.grafanaEnabled && !set.has("grafanaAdminPassword")) {
    out.push({
      path: "grafanaAdminPassword",
      message:
        "is required while platform.grafana.enabled is true (there is no default password); set it with `pulumi config set --secret grafanaAdminPassword <password>` or turn Grafana off",
    });
  }
  const api = ["grafanaApiUrl", "grafanaApiToken"] as const;
  if (spec.dashboards.delivery === DashboardDelivery.grafanaApi) {
    for (const key of api) {
      if (!set.has(key)) {
        out.push({
          path: key,
          message: `is required while dashboards.delivery is grafanaApi (the Grafana the dashboards are sent to); set it with \`pulumi config set --secret ${key} <${key === "grafanaApiUrl" ? "url" : "token"}>\``,
        });
      }
    }
  } else {
    for (const key of api) {
      if (set.has(key)) {
        out.push({
          path: key,
          message: `is set but dashboards.delivery is ${spec.dashboards.delivery}, which never calls the Grafana API; set dashboards.delivery to grafanaApi or remove the secret`,
        });
      }
    }
  }
  return out;
}
