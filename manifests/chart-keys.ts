/**
 * Checks that every Helm value we set is a key the pinned chart really has: a misspelt key is
 * silently ignored by Helm, so a setting we believe in would never reach the cluster.
 */

/**
 * Keys whose subtree is a Kubernetes or Prometheus object the chart passes through as is, so its
 * inner keys are not in values.yaml. A map the chart declares empty (`{}`) or a list is free-form too.
 */
export const FREE_FORM_KEYS: readonly string[] = [
  "affinity",
  "annotations",
  "containerSecurityContext",
  "externalLabels",
  "labels",
  "matchLabels",
  "nodeSelector",
  "podMetadata",
  "resources",
  "securityContext",
  "storage",
  "storageSpec",
  "tolerations",
  "topologySpreadConstraints",
];

/**
 * Subchart keys we set that the parent chart's values.yaml does not list (it holds only the keys it
 * overrides). Each is a top-level key of that subchart's own values.yaml, at the version Chart.yaml
 * pins; the checker accepts exactly these and reports them, so an addition here is a reviewed decision.
 */
export const SUBCHART_KEYS: Readonly<Record<string, { readonly version: string; readonly keys: readonly string[] }>> = {
  grafana: {
    version: "12.11.1",
    keys: [
      "containerSecurityContext",
      "grafana.ini",
      "resources",
      "securityContext",
      "sidecar.dashboards.folderAnnotation",
      "sidecar.dashboards.provider.foldersFromFilesStructure",
    ],
  },
  "kube-state-metrics": { version: "8.4.0", keys: ["containerSecurityContext", "resources", "securityContext"] },
  "prometheus-node-exporter": { version: "4.56.1", keys: ["containerSecurityContext", "resources"] },
};

/**
 * Keys the chart's templates read but its values.yaml only documents in a comment (no default), so
 * they are not keys of the parsed file. Each was read in values.yaml at the pinned version.
 */
export const COMMENTED_KEYS: readonly string[] = [
  // "ConfigSecret is the name of a Kubernetes Secret ... which contains configuration for this Alertmanager instance."
  "alertmanager.alertmanagerSpec.configSecret",
];

export interface ChartValueProblem {
  /** Dotted path of the value we set, e.g. `prometheus.prometheusSpec.retentionSise`. */
  readonly path: string;
  readonly message: string;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Edit distance, to suggest the key a typo meant. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length] ?? 0;
}

const join = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`);

/**
 * Paths in `ours` that `chart` (a parsed values.yaml) does not have, sorted. Accepted without a
 * look inside: free-form keys, maps the chart declares empty, lists, keys the chart sets to null,
 * and the declared {@link SUBCHART_KEYS}. `subchartKeys` lists the paths accepted through that table.
 */
export function checkChartValues(
  ours: Record<string, unknown>,
  chart: Record<string, unknown>,
): { problems: ChartValueProblem[]; subchartKeys: string[] } {
  const problems: ChartValueProblem[] = [];
  const subchartKeys: string[] = [];
  const walk = (value: Record<string, unknown>, known: Record<string, unknown>, path: string): void => {
    for (const key of Object.keys(value).sort()) {
      const here = join(path, key);
      if (!(key in known)) {
        if (COMMENTED_KEYS.includes(here)) continue;
        const root = here.split(".")[0] ?? "";
        const relative = here.slice(root.length + 1);
        if (SUBCHART_KEYS[root]?.keys.some((k) => relative === k || relative.startsWith(`${k}.`))) {
          subchartKeys.push(here);
          continue;
        }
        const nearby = Object.keys(known)
          .filter((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2)
          .sort();
        problems.push({
          path: here,
          message: `is not a key of the chart${nearby.length > 0 ? `; did you mean ${nearby.slice(0, 3).join(", ")}?` : ""}`,
        });
        continue;
      }
      const mine = value[key];
      const theirs = known[key];
      if (FREE_FORM_KEYS.includes(key) || !isMap(theirs) || Object.keys(theirs).length === 0) continue;
      if (!isMap(mine)) {
        problems.push({
          path: here,
          message: `is a map in the chart (keys ${Object.keys(theirs).slice(0, 4).join(", ")}...), not a single value`,
        });
        continue;
      }
      walk(mine, theirs, here);
    }
  };
  walk(ours, chart, "");
  return { problems, subchartKeys };
}
